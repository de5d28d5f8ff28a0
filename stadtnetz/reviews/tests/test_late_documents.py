# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The late-document window: the office names missing documents in the formal check, the
applicant's editors upload them until deadline + N days without reopening the application."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stadtnetz.core.uploads import private_root
from stadtnetz.organisations.models import Membership, Role
from stadtnetz.reviews import services
from stadtnetz.reviews.models import MissingDocument, ReviewCase, ReviewState
from stadtnetz.submissions.models import Application, ApplicationStatus, Attachment

from .conftest import pass_all

PDF = b"%PDF-1.7\n%late document\n"


@pytest.fixture(autouse=True)
def english_pages(client):
    client.cookies["stadtnetz_language"] = "en"


@pytest.fixture
def case(opened, applications):
    return ReviewCase.objects.select_related("application__organisation", "call").get(
        application=applications[0]
    )


@pytest.fixture
def requested(case, office):
    return services.missing_documents_request(actor=office, case=case, names=["Ratsbeschluss"])[0]


def _files() -> set:
    root = private_root()
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _upload(client, case, document, name="ratsbeschluss.pdf", data=PDF):
    url = reverse("reviews:late_document_upload", args=[case.pk, document.pk])
    return client.post(url, {f"doc{document.pk}-file": SimpleUploadedFile(name, data)})


def test_office_names_missing_documents_and_the_editors_are_told(
    case, office, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = services.missing_documents_request(
            actor=office, case=case, names=["Ratsbeschluss", "  ", "ratsbeschluss", "Finanzplan"]
        )
    assert [d.name for d in created] == ["Ratsbeschluss", "Finanzplan"]
    case.refresh_from_db()
    assert case.state == ReviewState.FORMAL_CHECK  # the check started, the application not reopened
    assert case.application.status == ApplicationStatus.SUBMITTED
    assert len(mailoutbox) == 1
    assert "Ratsbeschluss" in mailoutbox[0].body
    assert reverse("reviews:applicant_case", args=[case.pk]) in mailoutbox[0].body


def test_editor_uploads_within_the_window_and_the_office_sees_it(
    client, case, requested, applicant_editor, office
):
    client.force_login(applicant_editor)
    page = client.get(reverse("reviews:applicant_case", args=[case.pk]))
    assert page.status_code == 200 and "Ratsbeschluss" in page.content.decode()
    response = _upload(client, case, requested)
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.is_provided and requested.provided_by == applicant_editor
    attachment = requested.attachment
    assert attachment.application == case.application and attachment.kind == "pdf"
    assert attachment.document_type == "council_resolution"  # the named document's type
    assert (private_root() / attachment.path).read_bytes() == PDF
    application = Application.objects.get(pk=case.application_id)
    assert application.status == ApplicationStatus.SUBMITTED  # not reopened
    client.force_login(office)
    check = client.get(reverse("reviews:formal_check", args=[case.pk])).content.decode()
    assert "ratsbeschluss.pdf" in check
    assert (
        reverse("submissions:attachment_download", args=[case.application_id, attachment.pk])
        in check
    )
    assert (
        client.get(
            reverse("submissions:attachment_download", args=[case.application_id, attachment.pk])
        ).status_code
        == 200
    )


def test_upload_after_the_window_is_refused_with_a_message(
    client, case, requested, applicant_editor, office
):
    settings = services.review_settings(case.call)
    settings.late_document_days = 3
    settings.save()
    type(case.call).objects.filter(pk=case.call_id).update(
        closes_at=timezone.now() - dt.timedelta(days=4)
    )
    before = _files()
    client.force_login(applicant_editor)
    response = _upload(client, case, requested)
    assert response.status_code == 400
    assert "late-document window closed" in response.content.decode()
    requested.refresh_from_db()
    assert not requested.is_provided
    assert not Attachment.objects.filter(application=case.application).exists()
    assert _files() == before  # the stored file was removed again
    page = client.get(reverse("reviews:applicant_case", args=[case.pk])).content.decode()
    assert "uploads are no longer accepted" in page and 'type="file"' not in page


def test_service_refuses_after_the_window_too(case, requested, applicant_editor):
    late = services.late_window_closes(case.call) + dt.timedelta(seconds=1)
    with pytest.raises(services.ReviewError) as error:
        services.late_document_upload(
            actor=applicant_editor, document=requested, name="a.pdf", data=PDF, now=late
        )
    assert "file" in error.value.message_dict
    assert not Attachment.objects.exists()


def test_editor_of_another_organisation_gets_404_and_nothing_is_saved(
    client, case, requested, applications, make_user
):
    stranger = make_user("stranger")
    Membership.objects.create(
        user=stranger, organisation=applications[1].organisation, role=Role.EDITOR
    )
    client.force_login(stranger)
    assert client.get(reverse("reviews:applicant_case", args=[case.pk])).status_code == 404
    assert _upload(client, case, requested).status_code == 404
    assert not Attachment.objects.exists()
    requested.refresh_from_db()
    assert not requested.is_provided


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ratsbeschluss.pdf", b"MZ\x90\x00binary", "not accepted"),
        ("ratsbeschluss.docx", PDF, "the file name ends in"),
        ("ratsbeschluss.pdf", b"", "empty"),
        ("ratsbeschluss.docx", b"PK\x03\x04broken", "damaged archive"),
    ],
)
def test_wrong_type_is_refused_at_the_field(
    client, case, requested, applicant_editor, name, data, message
):
    client.force_login(applicant_editor)
    response = _upload(client, case, requested, name=name, data=data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and f'id="file-{requested.pk}-error"' in body
    assert not Attachment.objects.exists()


def test_missing_file_field_is_a_message(client, case, requested, applicant_editor):
    client.force_login(applicant_editor)
    response = client.post(
        reverse("reviews:late_document_upload", args=[case.pk, requested.pk]), {}
    )
    assert (
        response.status_code == 400
        and f'id="file-{requested.pk}-error"' in response.content.decode()
    )


def test_second_upload_and_foreign_document_are_refused(
    client, case, requested, applicant_editor, applications, office
):
    client.force_login(applicant_editor)
    assert _upload(client, case, requested).status_code == 302
    response = _upload(client, case, requested, name="zweiter.pdf")
    assert response.status_code == 400 and "uploaded already" in response.content.decode()
    assert Attachment.objects.count() == 1
    other = ReviewCase.objects.get(application=applications[1])
    foreign = services.missing_documents_request(actor=office, case=other, names=["Ratsbeschluss"])[
        0
    ]
    assert _upload(client, case, foreign).status_code == 404  # a document of another case


def test_only_editors_upload_not_office_nor_reviewer(client, case, requested, office, reviewers):
    client.force_login(office)
    assert _upload(client, case, requested).status_code == 403
    client.force_login(reviewers[0])
    assert _upload(client, case, requested).status_code == 404
    assert not Attachment.objects.exists()


def test_upload_refused_once_the_formal_check_is_passed(
    client, case, requested, applicant_editor, office
):
    pass_all(office, case)
    client.force_login(applicant_editor)
    response = _upload(client, case, requested)
    assert (
        response.status_code == 400
        and "formal check of this application is finished" in response.content.decode()
    )


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ([""], "at least one"),
        (["x" * 201], "at most 200"),
        ([f"Dok {n}" for n in range(11)], "At most 10"),
    ],
)
def test_request_refuses_bad_names(case, office, names, message):
    with pytest.raises(services.ReviewError) as error:
        services.missing_documents_request(actor=office, case=case, names=names)
    assert message in " ".join(error.value.message_dict["names"])
    assert not MissingDocument.objects.exists()


def test_request_refused_after_the_window_and_after_the_check(client, case, office):
    late = services.late_window_closes(case.call) + dt.timedelta(minutes=1)
    with pytest.raises(services.ReviewError, match="window closed"):
        services.missing_documents_request(
            actor=office, case=case, names=["Ratsbeschluss"], now=late
        )
    pass_all(office, case)
    client.force_login(office)
    response = client.post(
        reverse("reviews:late_documents_request", args=[case.pk]), {"names": "Ratsbeschluss"}
    )
    assert (
        response.status_code == 400
        and "until the formal check is passed" in response.content.decode()
    )
    assert not MissingDocument.objects.exists()


def test_request_page_flow_and_refusal_for_others(client, case, office, applicant_editor):
    client.force_login(office)
    response = client.post(
        reverse("reviews:late_documents_request", args=[case.pk]),
        {"names": "Ratsbeschluss\nHaushaltsplan"},
    )
    assert response.status_code == 302
    assert sorted(MissingDocument.objects.values_list("name", flat=True)) == [
        "Haushaltsplan",
        "Ratsbeschluss",
    ]
    client.force_login(applicant_editor)
    response = client.post(
        reverse("reviews:late_documents_request", args=[case.pk]), {"names": "Mehr"}
    )
    assert response.status_code == 404
    assert MissingDocument.objects.count() == 2
