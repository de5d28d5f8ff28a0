# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from stadtnetz.core.uploads import UploadRefused, sniff
from stadtnetz.submissions import services
from stadtnetz.submissions.models import Attachment, Comment

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%test\n"


def _office_zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _office_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODS = _office_zip(
    {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
)
BOMB = _office_zip(
    {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * (60 * 1024 * 1024)}
)


def test_consultant_edits_comments_but_cannot_submit_and_loses_access_on_revoke(
    application, editor, consultant, client
):
    services.section_save(
        actor=consultant, application=application, key="strategie", text="Beratung", base_version=0
    )
    comment = services.comment_add(
        actor=consultant, application=application, section_key="strategie", text="Bitte prüfen"
    )
    services.comment_resolve(actor=editor, comment=comment)
    assert Comment.objects.get().resolved_by == editor
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=consultant, application=application)
    with pytest.raises(PermissionDenied):
        services.collaborator_invite(
            actor=consultant, application=application, email="x@example.org", right="edit"
        )
    client.force_login(consultant)
    assert client.get(application.get_absolute_url()).status_code == 200
    services.collaborator_revoke(actor=editor, collaborator=application.collaborators.get())
    consultant.__dict__.pop("_collaborations", None)
    assert client.get(application.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        services.section_save(
            actor=consultant, application=application, key="strategie", text="x", base_version=1
        )


def test_comment_only_collaborator_cannot_edit(application, editor, make_user):
    _collab, link = services.collaborator_invite(
        actor=editor, application=application, email="c@example.org", right="comment"
    )
    user = make_user("c")
    services.collaborator_accept(
        user=user, collaborator=services.collaborator_for_token(link.rstrip("/").rsplit("/", 1)[-1])
    )
    services.comment_add(
        actor=user, application=application, section_key="strategie", text="Hinweis"
    )
    with pytest.raises(PermissionDenied):
        services.section_save(
            actor=user, application=application, key="strategie", text="x", base_version=0
        )


def test_invitation_cannot_be_used_twice(application, editor, consultant, make_user):
    collab = application.collaborators.get()
    with pytest.raises(services.ApplicationError):
        services.collaborator_accept(user=make_user("dritte"), collaborator=collab)


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("a.pdf", PDF, "pdf"), ("b.png", PNG, "png"), ("c.JPG", b"\xff\xd8\xff\xe0" + b"0" * 20, "jpeg"),
    ("d.docx", DOCX, "docx"), ("e.ods", ODS, "ods"),
])  # fmt: skip
def test_sniffing_accepts_real_types(name, data, kind):
    assert sniff(name, data).kind == kind


@pytest.mark.parametrize(("name", "data", "message"), [
    ("leer.pdf", b"", "empty"), ("x.pdf", b"MZ\x90\x00 windows exe", "not accepted"),
    ("bild.pdf", PNG, "file name ends"), ("text.docx", b"PK\x03\x04broken", "damaged"),
    ("bomb.docx", BOMB, "zip bomb"), ("x.docx", _office_zip({"a.txt": b"x"}), "not a DOCX"),
    ("script.pdf", b"<script>alert(1)</script>", "not accepted"),
])  # fmt: skip
def test_sniffing_refuses_bad_files(name, data, message):
    with pytest.raises(UploadRefused) as info:
        sniff(name, data)
    assert message in str(info.value)


def test_upload_size_limit_is_configurable(settings):
    settings.STADTNETZ_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(UploadRefused, match="larger than the limit"):
        sniff("a.pdf", PDF)


def test_attachments_are_private_and_served_only_to_permitted_users(
    application, editor, client, make_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    upload = io.BytesIO(PDF)
    upload.name = "../../etc/Konzept.pdf"
    assert (
        client.post(
            reverse("submissions:attachments", args=[application.pk]), {"file": upload}
        ).status_code
        == 302
    )
    attachment = Attachment.objects.get()
    assert attachment.name == "Konzept.pdf"
    stored = Path(tmp_path) / "private" / attachment.path
    assert stored.read_bytes() == PDF and stored.is_relative_to(Path(tmp_path) / "private")
    response = client.get(
        reverse("submissions:attachment_download", args=[application.pk, attachment.pk])
    )
    assert b"".join(response.streaming_content) == PDF
    client.force_login(make_user("fremd"))
    assert (
        client.get(
            reverse("submissions:attachment_download", args=[application.pk, attachment.pk])
        ).status_code
        == 404
    )
    client.force_login(editor)
    bomb = io.BytesIO(BOMB)
    bomb.name = "bombe.docx"
    page = client.post(reverse("submissions:attachments", args=[application.pk]), {"file": bomb})
    assert page.status_code == 400 and "zip bomb" in page.content.decode().replace(
        "Zip-Bombe", "zip bomb"
    )
    empty = io.BytesIO(b"")
    empty.name = "leer.pdf"
    assert (
        client.post(
            reverse("submissions:attachments", args=[application.pk]), {"file": empty}
        ).status_code
        == 400
    )
    assert Attachment.objects.count() == 1
    assert (
        len(list((Path(tmp_path) / "private" / "applications" / str(application.pk)).iterdir()))
        == 1
    )


def test_section_page_autosave_conflict_and_merge(application, editor, consultant, client):
    url = reverse("submissions:section_edit", args=[application.pk, "strategie"])
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert 'hx-post="' in page and 'name="version"' in page
    response = client.post(
        url, {"text": "Erster Stand", "version": "0"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and 'id="save-status"' in response.content.decode()
    assert 'value="1"' in response.content.decode() and "hx-swap-oob" in response.content.decode()
    client.force_login(consultant)
    client.post(url, {"text": "Stand der Beraterin", "version": "1"})
    client.force_login(editor)
    stale = client.post(url, {"text": "Stand des Editors", "version": "1"})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Stand der Beraterin" in body and "Stand des Editors" in body
    htmx = client.post(
        url, {"text": "Stand des Editors", "version": "1"}, headers={"HX-Request": "true"}
    )
    assert htmx["HX-Retarget"] == "#editor" and "Stand der Beraterin" in htmx.content.decode()
    merged = client.post(url, {"text": "Beraterin + Editor", "version": "2"})
    assert merged.status_code == 302
    assert application.answers.get(key="strategie").text == "Beraterin + Editor"
    history = client.get(
        reverse("submissions:history", args=[application.pk]) + "?section=strategie&from=2&to=3"
    )
    assert (
        "Stand der Beraterin" in history.content.decode()
        and "Beraterin + Editor" in history.content.decode()
    )
    xss = client.post(url, {"text": "<script>alert(1)</script>", "version": "3"})
    assert xss.status_code == 302
    assert "<script>alert(1)" not in client.get(url).content.decode()
    too_long = client.post(url, {"text": "x" * 2001, "version": "4"})
    assert too_long.status_code == 400 and "2000" in too_long.content.decode()
    assert application.answers.get(key="strategie").version == 4
