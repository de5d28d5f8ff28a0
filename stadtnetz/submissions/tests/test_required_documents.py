# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Issue 16 item 12: required attachments per call with document types."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stadtnetz.programmes import services as programme_services
from stadtnetz.programmes.models import DocumentType, document_type_for
from stadtnetz.submissions import services
from stadtnetz.submissions.checks import application_check
from stadtnetz.submissions.models import Attachment, Submission

from .conftest import complete

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%stadtnetz\n"


@pytest.fixture
def requiring(application, office):
    programme_services.call_update(actor=office, call=application.call,
                                   required_documents=["council_resolution", "cost_estimate"])  # fmt: skip
    application.call.refresh_from_db()
    return application


def test_missing_required_documents_block_the_submission(requiring, editor):
    complete(requiring, editor)
    problems = [p for p in application_check(requiring)[0] if p.code == "document_missing"]
    assert len(problems) == 2 and "Council resolution" in problems[0].message
    with pytest.raises(services.IncompleteApplication):
        services.application_submit(actor=editor, application=requiring)
    services.attachment_add(actor=editor, application=requiring, name="beschluss.pdf", data=PDF,
                            document_type="council_resolution")  # fmt: skip
    services.attachment_add(actor=editor, application=requiring, name="kosten.pdf", data=PDF,
                            document_type="cost_estimate")  # fmt: skip
    from .conftest import sign

    sign(requiring)  # the new attachments cleared the signature
    submission = services.application_submit(actor=editor, application=requiring)
    assert {a["document_type"] for a in submission.snapshot["attachments"]} == {
        "council_resolution",
        "cost_estimate",
    }


def test_the_page_lists_required_types_and_limits_before_upload(client, requiring, editor):
    client.force_login(editor)
    page = client.get(
        reverse("submissions:attachments", args=[requiring.pk]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert (
        'id="required-documents"' in page and "Ratsbeschluss" in page and "Kostenschätzung" in page
    )
    assert 'id="upload-limits"' in page and "MB" in page
    response = client.post(reverse("submissions:attachments", args=[requiring.pk]), {
        "document_type": "council_resolution", "file": SimpleUploadedFile("beschluss.pdf", PDF)})  # fmt: skip
    assert response.status_code == 302
    assert Attachment.objects.get().document_type == "council_resolution"
    page = client.get(
        reverse("submissions:attachments", args=[requiring.pk]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert page.count("fehlt") == 1


def test_an_unknown_document_type_is_refused_and_nothing_stored(client, requiring, editor):
    client.force_login(editor)
    response = client.post(reverse("submissions:attachments", args=[requiring.pk]), {
        "document_type": "bribe", "file": SimpleUploadedFile("x.pdf", PDF)})  # fmt: skip
    assert response.status_code == 400 and not Attachment.objects.exists()
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=editor, application=requiring, name="x.pdf", data=PDF, document_type="bribe"
        )
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("hostile", [["bribe"], "council_resolution", [None]])
def test_the_office_cannot_require_unknown_types(application, office, hostile):
    with pytest.raises((ValidationError, TypeError)):
        programme_services.call_update(
            actor=office, call=application.call, required_documents=hostile
        )
    application.call.refresh_from_db()
    assert application.call.required_documents == []


def test_required_documents_are_fixed_after_the_first_submission(application, editor, office):
    complete(application, editor)
    services.application_submit(actor=editor, application=application)
    assert Submission.objects.exists()
    with pytest.raises(ValidationError) as info:
        programme_services.call_update(
            actor=office, call=application.call, required_documents=["cost_estimate"]
        )
    assert "required_documents" in info.value.message_dict


def test_late_documents_of_the_review_use_the_same_types():
    assert document_type_for("Ratsbeschluss") == DocumentType.COUNCIL_RESOLUTION
    assert document_type_for("  council   RESOLUTION ") == DocumentType.COUNCIL_RESOLUTION
    assert document_type_for("Ein Brief") == DocumentType.OTHER
