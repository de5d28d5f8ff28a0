# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from stadtnetz.programmes.services import SYSTEM_ACTOR, call_form_save
from stadtnetz.programmes.tests.factories import SECTIONS
from stadtnetz.submissions import services
from stadtnetz.submissions.models import ApplicationStatus, SectionRevision, Submission
from stadtnetz.submissions.rendering import render_markdown

from .conftest import complete, sign

pytestmark = pytest.mark.django_db


def test_stale_section_save_is_refused_and_keeps_both_texts(application, editor):
    first = services.section_save(
        actor=editor, application=application, key="ausgangslage", text="A", base_version=0
    )
    assert first.version == 1
    services.section_save(
        actor=editor, application=application, key="ausgangslage", text="B", base_version=1
    )
    with pytest.raises(services.StaleSection) as info:
        services.section_save(
            actor=editor, application=application, key="ausgangslage", text="C", base_version=1
        )
    assert (info.value.current.text, info.value.attempted) == ("B", "C")
    assert SectionRevision.objects.filter(application=application).count() == 2


def test_section_limits_and_unknown_keys(application, editor):
    with pytest.raises(ValidationError) as info:
        services.section_save(
            actor=editor,
            application=application,
            key="ausgangslage",
            text="x" * 501,
            base_version=0,
        )
    assert "501" in str(info.value) and "500" in str(info.value)
    with pytest.raises(services.ApplicationError):
        services.section_save(
            actor=editor, application=application, key="../etc", text="x", base_version=0
        )
    with pytest.raises(ValidationError):
        services.section_save(
            actor=editor, application=application, key="strategie", text="a\x00b", base_version=0
        )
    assert not application.answers.exists()


def test_markdown_is_rendered_sanitised():
    html = str(
        render_markdown(
            "**fett** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n- a"
        )
    )
    assert "<strong>fett</strong>" in html and "<li>a</li>" in html
    assert (
        "<script" not in html
        and "onerror" not in html
        and "javascript:" not in html
        and "<img" not in html
    )


def test_members_cannot_edit_and_outsiders_cannot_see(application, client, make_user):
    reader = application.organisation.memberships.get(role="member").user
    with pytest.raises(PermissionDenied):
        services.section_save(
            actor=reader, application=application, key="strategie", text="x", base_version=0
        )
    client.force_login(make_user("fremd"))
    for name, kwargs in [("application_detail", {}), ("section_edit", {"key": "strategie"}), ("budget", {}),
                         ("history", {}), ("attachments", {})]:  # fmt: skip
        assert (
            client.get(
                reverse(f"submissions:{name}", kwargs={"pk": application.pk, **kwargs})
            ).status_code
            == 404
        )
    assert client.post(reverse("submissions:submit", args=[application.pk])).status_code == 404


def test_submit_freezes_snapshot_pdf_receipt_and_email(
    application, editor, django_capture_on_commit_callbacks
):
    complete(application, editor)
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=application.organisation.memberships.get(role="member").user,
                                    application=application)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.application_submit(actor=editor, application=application)
    assert submission.receipt_number.startswith(f"SN-{application.call.round_year}-")
    assert submission.pdf_sha256 == hashlib.sha256(bytes(submission.pdf)).hexdigest()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert str(submission.requested_grant) == "281666.66"
    reader = PdfReader(io.BytesIO(bytes(submission.pdf)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Smarte Klingenstadt", "Ausgangslage", "Strategie", "Kosten- und Finanzierungsplan",
                     "Projektleitung", "333.333,33", "281.666,66", submission.receipt_number):  # fmt: skip
        assert expected in text
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root  # tagged PDF
    assert "/Outlines" in root  # headings become bookmarks
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    assert submission.pdf_sha256 in mail.outbox[0].body
    # read-only now
    with pytest.raises(PermissionDenied):
        services.section_save(
            actor=editor, application=application, key="extras", text="x", base_version=0
        )
    # the form cannot change after a submission any more (issue 16 item 13: a new call version
    # is the way), and the snapshot is frozen anyway
    with pytest.raises(ValidationError):
        call_form_save(
            actor=SYSTEM_ACTOR,
            call=application.call,
            sections=[dict(SECTIONS[0], title="Neu"), *SECTIONS[1:]],
        )
    assert application.call.form_versions.count() == 1
    submission.refresh_from_db()
    assert submission.snapshot["sections"][0]["title"] == "Ausgangslage"
    assert submission.snapshot["form_version"] == 1


def test_submit_is_idempotent(application, editor):
    complete(application, editor)
    first = services.application_submit(actor=editor, application=application)
    second = services.application_submit(actor=editor, application=application)
    assert first.pk == second.pk
    assert Submission.objects.count() == 1


def test_incomplete_application_is_refused_with_problems(application, editor):
    with pytest.raises(services.IncompleteApplication) as info:
        services.application_submit(actor=editor, application=application)
    codes = {p.code for p in info.value.problems}
    assert {"section_empty", "budget_missing", "duration_missing"} <= codes
    assert not Submission.objects.exists()


def test_commit_time_rule_refuses_a_submission_that_finishes_after_the_deadline(
    application, editor
):
    """Started 1 s before the deadline, the transaction reaches its commit 0.5 s after it: refused."""
    complete(application, editor)
    deadline = application.call.closes_at
    moments = iter([deadline - dt.timedelta(seconds=1), deadline - dt.timedelta(seconds=1),
                    deadline + dt.timedelta(milliseconds=500)])  # fmt: skip
    with pytest.raises(services.DeadlinePassed) as info:
        services.application_submit(
            actor=editor, application=application, clock=lambda: next(moments)
        )
    assert "passed while the submission was being saved" in str(info.value) or "Frist" in str(
        info.value
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert not Submission.objects.exists()
    assert not application.status_records.filter(status="submitted").exists()


def test_submission_exactly_at_the_deadline_counts_and_one_microsecond_later_does_not(
    application, editor
):
    complete(application, editor)
    deadline = application.call.closes_at
    late = deadline + dt.timedelta(microseconds=1)
    with pytest.raises(services.DeadlinePassed):
        services.application_submit(actor=editor, application=application, clock=lambda: late)
    submission = services.application_submit(
        actor=editor, application=application, clock=lambda: deadline
    )
    assert submission.submitted_at == deadline


def test_withdraw_and_resubmit_creates_a_new_version(application, editor):
    complete(application, editor)
    first = services.application_submit(actor=editor, application=application)
    services.application_withdraw(actor=editor, application=application)
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    answer = application.answers.get(key="strategie")
    services.section_save(
        actor=editor,
        application=application,
        key="strategie",
        text="Neu",
        base_version=answer.version,
    )
    sign(application)  # the change cleared the signature (decision 0067)
    second = services.application_submit(actor=editor, application=application)
    assert (second.version, second.receipt_number != first.receipt_number) == (2, True)
    assert second.pdf_sha256 != first.pdf_sha256
    assert list(Submission.objects.filter(withdrawn_at__isnull=True)) == [second]


def test_withdrawal_after_the_deadline_is_refused(application, editor):
    complete(application, editor)
    services.application_submit(actor=editor, application=application)
    with pytest.raises(services.DeadlinePassed):
        services.application_withdraw(actor=editor, application=application,
                                      clock=lambda: application.call.closes_at + dt.timedelta(seconds=1))  # fmt: skip


def test_verification_page_by_upload_and_by_hash(application, editor, client):
    complete(application, editor)
    submission = services.application_submit(actor=editor, application=application)
    url = reverse("submissions:verify")
    assert client.get(url).status_code == 200
    upload = io.BytesIO(bytes(submission.pdf))
    upload.name = "antrag.pdf"
    page = client.post(url, {"pdf": upload}).content.decode()
    assert submission.receipt_number in page
    assert (
        submission.receipt_number
        in client.post(url, {"sha256": submission.pdf_sha256.upper()}).content.decode()
    )
    forged = io.BytesIO(bytes(submission.pdf) + b"%changed")
    forged.name = "antrag.pdf"
    assert submission.receipt_number not in client.post(url, {"pdf": forged}).content.decode()
    assert client.post(url, {"sha256": "abc"}).status_code == 400
    assert client.post(url, {}).status_code == 400


def test_submission_pages_through_the_browser_flow(application, editor, client):
    client.force_login(editor)
    page = client.get(reverse("submissions:submit", args=[application.pk]))
    assert (
        "required and empty" in page.content.decode()
        or "ist ein Pflichtabschnitt" in page.content.decode()
    )
    assert client.post(reverse("submissions:submit", args=[application.pk])).status_code == 400
    complete(application, editor)
    response = client.post(reverse("submissions:submit", args=[application.pk]))
    submission = Submission.objects.get()
    assert response["Location"] == submission.get_absolute_url()
    again = client.post(reverse("submissions:submit", args=[application.pk]))  # double click
    assert again["Location"] == submission.get_absolute_url() and Submission.objects.count() == 1
    receipt = client.get(submission.get_absolute_url()).content.decode()
    assert submission.pdf_sha256 in receipt
    pdf = client.get(reverse("submissions:receipt_pdf", args=[application.pk, 1]))
    assert (
        pdf["Content-Type"] == "application/pdf"
        and hashlib.sha256(pdf.content).hexdigest() == submission.pdf_sha256
    )
    client.post(
        reverse("submissions:withdraw", args=[application.pk]), {"confirm": "on"}
    )  # confirmed
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_call_not_open_and_ineligible_kind(call, organisation, editor, make_user):
    from stadtnetz.organisations.models import Membership, OrganisationKind, Role
    from stadtnetz.organisations.services import organisation_create

    user = make_user("verein")
    club = organisation_create(actor=user, kind=OrganisationKind.ASSOCIATION, name="Verein")
    Membership.objects.filter(organisation=club).update(role=Role.EDITOR)
    with pytest.raises(services.ApplicationError):
        services.application_create(actor=user, call=call, organisation=club, title="X")
    call.opens_at = timezone.now() + dt.timedelta(days=1)
    call.closes_at = timezone.now() + dt.timedelta(days=2)
    call.save()
    with pytest.raises(services.ApplicationError):
        services.application_create(actor=editor, call=call, organisation=organisation, title="X")


def test_task_mode_commits_first_and_adds_pdf_and_hash_in_a_durable_task(
    application, editor, settings, django_capture_on_commit_callbacks, client
):
    """STADTNETZ_SUBMISSION_PDF=task: the receipt exists at once; the task adds PDF and hash."""
    settings.STADTNETZ_SUBMISSION_PDF = "task"
    complete(application, editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission = services.application_submit(actor=editor, application=application)
    assert submission.receipt_number and submission.pdf_sha256 == "" and submission.pdf is None
    client.force_login(editor)
    assert (
        client.get(reverse("submissions:receipt_pdf", args=[application.pk, 1])).status_code == 404
    )
    assert "wird erzeugt" in client.get(submission.get_absolute_url()).content.decode()
    assert mail.outbox == []
    for callback in callbacks:  # the immediate task backend renders now
        callback()
    submission.refresh_from_db()
    assert submission.pdf_sha256 == hashlib.sha256(bytes(submission.pdf)).hexdigest()
    assert submission.receipt_number in "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(bytes(submission.pdf))).pages
    )
    assert len(mail.outbox) == 1 and submission.pdf_sha256 in mail.outbox[0].body
    services.submission_render_pdf(submission_id=submission.pk)  # idempotent: no second email
    assert len(mail.outbox) == 1
