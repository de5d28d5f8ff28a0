# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Evidence documents: uploaded to a draft, checked by content, stored privately, counted as
evidence, served only to those who may see the assessment; refusals leave nothing behind."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stadtnetz.assessments import services
from stadtnetz.assessments.models import EvidenceDocument
from stadtnetz.core.uploads import private_root

from .conftest import full_answers

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _files():
    root = private_root() / "assessments"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _post(client, draft, question="S1", name="beschluss.pdf", data=PDF):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(f"/reifegrad/bewertungen/{draft.pk}/nachweise/",
                       {"question": question, "file": upload})  # fmt: skip


def test_editor_uploads_and_members_download(client, city, editor, member, make_user):
    draft = services.assessment_create(organisation=city, actor=editor)
    services.assessment_save_answers(assessment=draft, answers=full_answers("FR"))
    client.force_login(editor)
    response = _post(client, draft)
    assert response.status_code == 302
    (document,) = EvidenceDocument.objects.all()
    assert (document.question, document.kind, document.size) == ("S1", "pdf", len(PDF))
    assert len(_files()) == 1 and _files()[0].read_bytes() == PDF
    # the document counts as evidence of the answer
    answers, evidence = services.answers_of(draft)
    assert evidence["S1"] == {"document": "beschluss.pdf"}
    client.force_login(member)
    page = client.get(f"/reifegrad/bewertungen/{draft.pk}/nachweise/").content.decode()
    assert "beschluss.pdf" in page and 'type="file"' not in page  # members read only
    download = client.get(f"/reifegrad/bewertungen/{draft.pk}/nachweise/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    client.force_login(make_user("outsider"))
    assert (
        client.get(f"/reifegrad/bewertungen/{draft.pk}/nachweise/{document.pk}/").status_code == 403
    )


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * (300 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("leer.pdf", b"", "Die Datei ist leer"),
        ("beschluss.pdf", b"<html>kein PDF</html>", "Dieser Dateityp wird nicht angenommen"),
        ("beschluss.docx", PDF, "Der Inhalt ist PDF"),
        ("bombe.docx", None, None),
    ],
)
def test_bad_files_are_refused_at_the_field_and_leave_nothing(client, city, editor, name, data,
                                                              message):  # fmt: skip
    draft = services.assessment_create(organisation=city, actor=editor)
    client.force_login(editor)
    response = _post(client, draft, name=name, data=_zip_bomb() if data is None else data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="file-S1-error"' in page
    if message:
        assert message in page
    assert not EvidenceDocument.objects.exists() and _files() == []


def test_limits_questions_and_completed_assessments(client, city, editor, settings):
    draft = services.assessment_create(organisation=city, actor=editor)
    client.force_login(editor)
    settings.STADTNETZ_ATTACHMENT_MAX_BYTES = 10
    assert "größer als" in _post(client, draft).content.decode()
    settings.STADTNETZ_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
    response = _post(client, draft, question="Z9")
    assert response.status_code == 400 and "Wählen Sie eine Frage" in response.content.decode()
    for _number in range(services.MAX_DOCUMENTS_PER_QUESTION):
        assert _post(client, draft).status_code == 302
    response = _post(client, draft)
    assert response.status_code == 400 and "Höchstens 5 Dokumente" in response.content.decode()
    assert len(_files()) == services.MAX_DOCUMENTS_PER_QUESTION
    done = services.assessment_record(organisation=city, actor=editor, answers=full_answers())
    assert _post(client, done).status_code == 403
    assert not EvidenceDocument.objects.filter(assessment=done).exists()


def test_removing_a_document_deletes_the_file(client, city, editor,
                                              django_capture_on_commit_callbacks):  # fmt: skip
    draft = services.assessment_create(organisation=city, actor=editor)
    client.force_login(editor)
    _post(client, draft)
    document = EvidenceDocument.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/reifegrad/bewertungen/{draft.pk}/nachweise/{document.pk}/entfernen/"
        )
    assert response.status_code == 302
    assert not EvidenceDocument.objects.exists() and _files() == []
