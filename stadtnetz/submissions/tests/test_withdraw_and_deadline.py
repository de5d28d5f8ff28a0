# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Withdrawing needs a confirmation that states the consequences and tells the editors; the
overview says what is true; after the deadline a draft is read-only (issue 16, item 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stadtnetz.programmes.models import Call
from stadtnetz.submissions import services
from stadtnetz.submissions.models import ApplicationStatus, BudgetLine

from .conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(application, editor):
    complete(application, editor)
    services.application_submit(actor=editor, application=application)
    application.refresh_from_db()
    return application


def test_overview_after_submission_tells_the_truth(client, submitted, editor):
    client.force_login(editor)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "kann eingereicht werden" not in page
    assert "Eingereicht am" in page and submitted.submissions.get().receipt_number in page
    assert reverse("submissions:submit", args=[submitted.pk]) not in page


def test_one_click_does_not_withdraw(client, submitted, editor):
    client.force_login(editor)
    url = reverse("submissions:withdraw", args=[submitted.pk])
    response = client.post(url)
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.submissions.get().withdrawn_at is None
    assert "Bitte bestätigen Sie" in response.content.decode(), response.content.decode()[-6000:]


def test_confirmation_states_consequences_and_mails_the_editors(
    client, submitted, editor, organisation, make_user, django_capture_on_commit_callbacks
):
    from stadtnetz.organisations.models import Membership, Role

    admin = make_user("org-admin")
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    client.force_login(editor)
    url = reverse("submissions:withdraw", args=[submitted.pk])
    page = client.get(url).content.decode()
    number = submitted.submissions.get().receipt_number
    assert f"Die Eingangsbestätigung {number} wird ungültig" in page
    assert "erneut einreichen" in page and "per E-Mail" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.WITHDRAWN
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {editor.email, admin.email}
    assert number in mail.outbox[0].subject and number in mail.outbox[0].body
    overview = client.get(submitted.get_absolute_url()).content.decode()
    assert "zurückgezogen" in overview and "gilt als nicht eingereicht" in overview


def test_after_the_deadline_a_draft_is_read_only(client, application, editor):
    complete(application, editor)
    Call.objects.filter(pk=application.call_id).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    application.refresh_from_db()
    client.force_login(editor)
    page = client.get(application.get_absolute_url()).content.decode()
    assert reverse("submissions:submit", args=[application.pk]) not in page
    assert "kann eingereicht werden" not in page
    assert "nicht mehr eingereicht" in page
    lines = BudgetLine.objects.filter(application=application).count()
    response = client.post(reverse("submissions:budget", args=[application.pk]), {
        "phase": "A", "year": "2027", "category": "personnel", "description": "Zu spät", "amount": "1,00"})  # fmt: skip
    assert response.status_code == 403
    assert BudgetLine.objects.filter(application=application).count() == lines
    section = client.get(reverse("submissions:section_edit", args=[application.pk, "strategie"]))
    assert 'name="version"' not in section.content.decode()  # no section form to save
