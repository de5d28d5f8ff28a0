# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Issue 14: withdrawn drafts stay private, invitations are bound, one-line text, uploads."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from stadtnetz.core.uploads import UploadRefused, sniff
from stadtnetz.submissions import permissions, services
from stadtnetz.submissions.models import Attachment, Collaborator
from stadtnetz.submissions.tests.conftest import complete

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%test\n"


# --- item 5: the office never reads a withdrawn application's live draft ----------------------


def test_office_sees_a_submitted_application_but_not_its_draft_after_withdrawal(
    client, application, editor, office
):
    complete(application, editor)
    submission = services.application_submit(actor=editor, application=application)
    application.refresh_from_db()
    assert permissions.can_view_application(office, application)
    services.application_withdraw(actor=editor, application=application)
    services.section_save(actor=editor, application=application, key="strategie",
                          text="GEHEIMER ENTWURF", base_version=application.answers.get(key="strategie").version)  # fmt: skip
    application.refresh_from_db()

    assert not permissions.can_view_application(office, application)
    client.force_login(office)
    for name in ("application_detail", "history", "attachments", "budget"):
        response = client.get(reverse(f"submissions:{name}", args=[application.pk]))
        assert response.status_code == 404, name
    section = client.get(reverse("submissions:section_edit", args=[application.pk, "strategie"]))
    assert section.status_code == 404
    # The submitted snapshot (receipt and its PDF) stays readable for the office.
    receipt = client.get(reverse("submissions:receipt", args=[application.pk, submission.version]))
    assert receipt.status_code == 200
    assert "GEHEIMER ENTWURF" not in receipt.content.decode()


def test_office_api_does_not_read_a_withdrawn_draft(client, application, editor, office):
    from stadtnetz.users.services import api_token_create

    complete(application, editor)
    services.application_submit(actor=editor, application=application)
    services.application_withdraw(actor=editor, application=application)
    secret = api_token_create(user=office, name="x").secret
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"/api/v1/submissions/{application.pk}", **auth).status_code == 404
    section = client.get(f"/api/v1/submissions/{application.pk}/sections/strategie", **auth)
    assert section.status_code == 404


# --- item 6: collaborator invitations are bound to the invited address ------------------------


def _invite(application, editor, email, captured):
    with captured(execute=True):
        _collab, link = services.collaborator_invite(
            actor=editor, application=application, email=email, right="edit"
        )
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_collaborator_invitation_refuses_another_verified_account(
    client, application, editor, make_user, django_capture_on_commit_callbacks
):
    secret = _invite(application, editor, "berater@example.org", django_capture_on_commit_callbacks)
    stranger = make_user("fremd", email="fremd@example.org")
    client.force_login(stranger)
    response = client.post(reverse("submissions:collaborator_accept", args=[secret]), follow=True)
    assert "berater@example.org" in response.content.decode()
    collaborator = Collaborator.objects.get(email="berater@example.org")
    assert collaborator.user is None and collaborator.accepted_at is None
    assert not permissions.can_view_application(stranger, application)
    with pytest.raises(services.ApplicationError, match="berater@example.org"):
        services.collaborator_accept(user=stranger, collaborator=collaborator)


def test_collaborator_invitation_needs_the_confirmed_invited_address(
    application, editor, make_user, django_capture_on_commit_callbacks
):
    secret = _invite(application, editor, "Berater@Example.org", django_capture_on_commit_callbacks)
    unconfirmed = make_user("berater", email="berater@example.org", verified=False)
    collaborator = services.collaborator_for_token(secret)
    with pytest.raises(services.ApplicationError):
        services.collaborator_accept(user=unconfirmed, collaborator=collaborator)
    unconfirmed.email_verified_at = unconfirmed.date_joined
    unconfirmed.save()
    services.collaborator_accept(user=unconfirmed, collaborator=collaborator)
    assert permissions.can_view_application(unconfirmed, application)


# --- item 7: control characters in one-line fields; mail subjects; mail after commit ----------


@pytest.mark.parametrize(
    "title", ["Smart\r\nBcc: x@example.org", "Tab\there", "Nul\x00l", "a\u2028b"]
)
def test_application_title_with_control_characters_is_refused_at_the_field(
    client, application, editor, title
):
    client.force_login(editor)
    response = client.post(
        reverse("submissions:application_detail", args=[application.pk]),
        {"title": title, "starts_on": "", "duration_months": "", "version": 0},
    )
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    application.refresh_from_db()
    assert application.title == "Smarte Klingenstadt"


def test_invitation_mail_subject_stays_one_line_even_for_an_old_crlf_title(
    client, application, editor, django_capture_on_commit_callbacks
):
    type(application).objects.filter(pk=application.pk).update(title="Alt\r\nBcc: x@example.org")
    application.refresh_from_db()
    mail.outbox.clear()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("submissions:collaborators", args=[application.pk]),
            {"email": "berater@example.org", "right": "edit"},
        )
    assert response.status_code in (200, 302)
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject and "\r" not in mail.outbox[0].subject
    assert mail.outbox[0].to == ["berater@example.org"]


def test_a_failing_mail_server_never_turns_a_saved_invitation_into_an_error(
    client, application, editor, django_capture_on_commit_callbacks, monkeypatch
):
    import stadtnetz.core.mail as core_mail

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(core_mail, "send_mail", broken)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("submissions:collaborators", args=[application.pk]),
            {"email": "berater@example.org", "right": "edit"},
        )
    assert response.status_code in (200, 302)
    assert Collaborator.objects.filter(email="berater@example.org").count() == 1


# --- item 9: zip bombs are found by inflating, not by believing the directory -----------------


def _lying_docx(real_size: int, declared: int = 1000) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"\x00" * real_size)
    data = bytearray(buffer.getvalue())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("word/document.xml")
    # Patch the uncompressed size in the local header (offset 22) and the central directory.
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    position = bytes(data).rfind(b"PK\x01\x02")  # the last central entry is document.xml
    struct.pack_into("<I", data, position + 24, declared)
    return bytes(data)


def test_a_docx_that_lies_about_its_size_is_refused_as_zip_bomb():
    bomb = _lying_docx(150 * 1024 * 1024)
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert declared < 2000  # the directory claims a tiny document
    with pytest.raises(UploadRefused):
        sniff("antrag.docx", bomb)


def test_an_honest_docx_still_passes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b"Text " * 200 + b"</w:document>")
    assert sniff("antrag.docx", buffer.getvalue()).kind == "docx"


# --- item 10: upload quotas ------------------------------------------------------------------


def test_attachment_count_quota_per_application(application, editor, settings):
    settings.STADTNETZ_ATTACHMENTS_PER_APPLICATION = 2
    for number in range(2):
        services.attachment_add(
            actor=editor, application=application, name=f"a{number}.pdf", data=PDF
        )
    with pytest.raises(UploadRefused, match="2"):
        services.attachment_add(actor=editor, application=application, name="c.pdf", data=PDF)
    assert Attachment.objects.filter(application=application).count() == 2


def test_attachment_bytes_quota_per_application(application, editor, settings):
    settings.STADTNETZ_ATTACHMENT_BYTES_PER_APPLICATION = len(PDF) * 2 + 1
    services.attachment_add(actor=editor, application=application, name="a.pdf", data=PDF)
    services.attachment_add(actor=editor, application=application, name="b.pdf", data=PDF)
    with pytest.raises(UploadRefused):
        services.attachment_add(actor=editor, application=application, name="c.pdf", data=PDF)
    assert Attachment.objects.filter(application=application).count() == 2


def test_receipt_verification_upload_is_limited(client, settings):
    settings.STADTNETZ_ATTACHMENT_MAX_BYTES = 1000
    big = io.BytesIO(b"%PDF-1.7\n" + b"x" * 2000)
    big.name = "beleg.pdf"
    response = client.post(reverse("submissions:verify"), {"pdf": big})
    assert response.status_code == 400
    assert "pdf" in response.context["form"].errors
