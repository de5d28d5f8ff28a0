# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Issue 16 item 13: funding rules under control — hardship requests decided by the office, call
rules fixed after the first submission, deadline extensions mailed to drafts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stadtnetz.programmes import services as programme_services
from stadtnetz.submissions import services
from stadtnetz.submissions.checks import application_check
from stadtnetz.submissions.models import Attachment, HardshipRequest

from .conftest import complete

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%notlage\n"


@pytest.fixture
def line(application, editor):
    return services.budget_line_add(actor=editor, application=application, phase="A", year=2027,
                                    category="material", description="Workshops", amount="1000.00")  # fmt: skip


def _request(application, editor):
    return services.hardship_request_create(actor=editor, application=application, reason="Haushaltssicherungskonzept 2026",
                                            proof_name="hsk.pdf", proof_data=PDF)  # fmt: skip


def test_the_normal_rate_applies_until_the_office_approves(
    application, editor, office, line, organisation
):
    organisation.in_budgetary_hardship = True  # the organisation's own flag alone raises nothing
    organisation.save()
    request = _request(application, editor)
    assert request.proof.document_type == "hardship_proof"
    application = type(application).objects.get(pk=application.pk)
    assert application_check(application)[1].rate == Decimal("65.00")
    services.hardship_request_decide(actor=office, request=request, approve=True)
    application = type(application).objects.get(pk=application.pk)
    summary = application_check(application)[1]
    assert (summary.rate, summary.hardship, summary.grant) == (
        Decimal("90.00"),
        True,
        Decimal("900.00"),
    )
    request.refresh_from_db()
    assert (request.state, request.decided_by, request.decided_at is not None) == (
        "approved",
        office,
        True,
    )


def test_a_refusal_needs_a_reason_and_keeps_the_normal_rate(application, editor, office, line):
    request = _request(application, editor)
    with pytest.raises(ValidationError):
        services.hardship_request_decide(actor=office, request=request, approve=False, note="  ")
    services.hardship_request_decide(
        actor=office, request=request, approve=False, note="Kein HSK vorgelegt"
    )
    request.refresh_from_db()
    assert (request.state, request.decision_note) == ("refused", "Kein HSK vorgelegt")
    with pytest.raises(services.ApplicationError):
        services.hardship_request_decide(actor=office, request=request, approve=True)
    application = type(application).objects.get(pk=application.pk)
    assert application_check(application)[1].rate == Decimal("65.00")
    assert _request(application, editor).state == "pending"  # a new request after a refusal


def test_only_the_office_decides_and_only_editors_request(
    application, editor, office, organisation
):
    reader = organisation.memberships.get(role="member").user
    with pytest.raises(PermissionDenied):
        _request(application, reader)
    request = _request(application, editor)
    with pytest.raises(PermissionDenied):
        services.hardship_request_decide(actor=editor, request=request, approve=True)
    request.refresh_from_db()
    assert request.state == "pending"


@pytest.mark.parametrize(
    ("reason", "data"), [("", PDF), ("x" * 2001, PDF), ("ok", b"MZ\x90\x00evil.exe")]
)
def test_hostile_requests_save_nothing(application, editor, reason, data):
    with pytest.raises((ValidationError, Exception)):
        services.hardship_request_create(actor=editor, application=application, reason=reason,
                                         proof_name="x.pdf", proof_data=data)  # fmt: skip
    assert not HardshipRequest.objects.exists() and not Attachment.objects.exists()


def test_a_second_open_request_is_refused(application, editor):
    _request(application, editor)
    with pytest.raises(ValidationError):
        _request(application, editor)
    assert HardshipRequest.objects.count() == 1


def test_request_and_decision_through_the_pages(client, application, editor, office, line):
    client.force_login(editor)
    url = reverse("submissions:hardship_request", args=[application.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"hardship-reason": "HSK", "hardship-proof": SimpleUploadedFile("hsk.pdf", PDF)}
    )
    assert response.status_code == 302
    budget = client.get(
        reverse("submissions:budget", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert 'id="hardship-state"' in budget and "65,00" in budget
    request = HardshipRequest.objects.get()
    office_url = reverse("submissions:office_hardship", args=[application.call_id])
    assert client.get(office_url).status_code == 403
    client.force_login(office)
    page = client.get(office_url).content.decode()
    assert "hsk.pdf" in page and "HSK" in page
    proof = client.get(
        reverse("submissions:office_hardship_proof", args=[application.call_id, request.pk])
    )
    assert proof.status_code == 200 and b"".join(proof.streaming_content) == PDF
    refused = client.post(
        office_url, {"request": request.pk, f"decide-{request.pk}-decision": "refuse"}
    )
    assert refused.status_code == 400
    request.refresh_from_db()
    assert request.state == "pending"
    assert client.post(office_url, {"request": "x"}).status_code == 302
    client.post(office_url, {"request": request.pk, f"decide-{request.pk}-decision": "approve"})
    request.refresh_from_db()
    assert (request.state, request.decided_by) == ("approved", office)
    client.force_login(editor)
    budget = client.get(
        reverse("submissions:budget", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "90,00" in budget


@pytest.mark.parametrize(("field", "value"), [
    ("funding_rate", Decimal("70.00")), ("hardship_rate", Decimal("95.00")), ("max_grant_phase_a", Decimal("1.00")),
    ("max_grant_phase_b", Decimal("2.00")), ("max_duration_months", 12), ("eligible_kinds", ["municipality"]),
])  # fmt: skip
def test_call_rules_are_fixed_once_an_application_was_submitted(
    application, editor, office, field, value
):
    call = application.call
    complete(application, editor)
    services.application_submit(actor=editor, application=application)
    with pytest.raises(ValidationError) as info:
        programme_services.call_update(actor=office, call=call, **{field: value})
    assert "new call" in " ".join(info.value.message_dict[field])
    before = getattr(call, field)
    call.refresh_from_db()
    assert getattr(call, field) == before
    programme_services.call_update(
        actor=office, call=call, title="Neuer Titel"
    )  # the rest may change
    with pytest.raises(ValidationError):
        programme_services.call_form_save(actor=office, call=call, sections=[
            {"key": "neu", "title": "Neu", "guidance": "", "required": True, "char_limit": 100}])  # fmt: skip
    assert call.form_versions.count() == 1


def test_the_call_form_shows_the_refusal_at_the_field(client, application, editor, office):
    call = application.call
    complete(application, editor)
    services.application_submit(actor=editor, application=application)
    client.force_login(office)
    page = client.get(reverse("programmes:call_edit", args=[call.pk]), HTTP_ACCEPT_LANGUAGE="de")
    assert "sind diese Regeln festgelegt" in page.content.decode()
    data = {key: value for key, value in page.context["form"].initial.items() if value is not None}
    data |= {
        "opens_at": timezone.localtime(call.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "funding_rate": "70",
        "eligible_kinds": call.eligible_kinds,
        "declarations": "\n".join(call.declarations),
    }
    data.pop("closes_at", None)
    data.pop("required_documents", None)
    response = client.post(reverse("programmes:call_edit", args=[call.pk]), data)
    assert response.status_code == 400
    call.refresh_from_db()
    assert call.funding_rate == Decimal("65.00")


def test_an_extension_mails_every_organisation_with_a_draft(application, editor, office, make_user,
                                                          django_capture_on_commit_callbacks):  # fmt: skip
    call = application.call
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        programme_services.call_extend_deadline(actor=office, call=call, new_closes_at=call.closes_at + dt.timedelta(days=7),
                                                reason="Technische Störung")  # fmt: skip
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert editor.email in message.to and "Technische Störung" in message.body
    assert "Smarte Klingenstadt" in message.body
    reader = application.organisation.memberships.get(role="member").user
    assert reader.email not in message.to


def test_no_mail_for_submitted_applications(
    application, editor, office, django_capture_on_commit_callbacks
):
    complete(application, editor)
    services.application_submit(actor=editor, application=application)
    mail.outbox.clear()
    call = application.call
    with django_capture_on_commit_callbacks(execute=True):
        programme_services.call_extend_deadline(actor=office, call=call, new_closes_at=call.closes_at + dt.timedelta(days=7),
                                                reason="Störung")  # fmt: skip
    assert mail.outbox == []


def test_the_office_page_reads_a_constant_number_of_queries(client, application, office, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("submissions:office_hardship", args=[application.call_id])
    client.force_login(office)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    services.hardship_request_decide(
        actor=office, request=_request(application, editor), approve=False, note="Nein"
    )
    one = count()
    for number in range(3):  # refused requests (decider, note) and a pending one (with its form)
        request = _request(application, editor)
        if number < 2:
            services.hardship_request_decide(
                actor=office, request=request, approve=False, note=f"Nein {number}"
            )
    assert HardshipRequest.objects.filter(application=application).count() == 4
    assert count() == one
