# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Statements and change requests tell people: changes requested, a change request decided,
reminders of due statements (once per due date) and the statements in the calendar feed."""

from __future__ import annotations

import datetime as dt

import pytest

from stadtnetz.grants.services import changes, reports
from stadtnetz.grants.services.reports_notify import report_due_dates, report_reminder_scan
from stadtnetz.notifications import registry
from stadtnetz.notifications.models import Notification

from .factories import YEAR, grantee_user, issued_notice, office_user

pytestmark = pytest.mark.django_db


def test_registered_in_ready():
    assert any("report_reminder_scan" in name for name in registry.reminder_scans())
    assert any("report_due_dates" in name for name in registry.due_date_providers())


def test_reminders_once_per_due_date_and_the_feed():
    notice = issued_notice()
    lead = grantee_user(notice.project.organisation)
    interim = notice.reports.get(kind="interim", period_year=YEAR)
    assert report_reminder_scan(interim.due_on - dt.timedelta(days=20)) == 1
    assert report_reminder_scan(interim.due_on - dt.timedelta(days=20)) == 0
    assert Notification.objects.get(recipient=lead).event_type == "report_due_30"
    assert [d.uid for d in report_due_dates(lead)][0] == f"grants-report-{interim.pk}"


def test_changes_requested_and_decision_notified():
    from stadtnetz.grants.services.reports import ExpenditureInput

    notice = issued_notice()
    lead = grantee_user(notice.project.organisation)
    report = reports.report_save(
        actor=lead, report=notice.reports.get(kind="interim", period_year=YEAR),
        answers={"sachstand": "a", "abweichungen": "b", "ausblick": "c"},
        expenditures=[ExpenditureInput("A", YEAR, "personnel", "1")],
    )  # fmt: skip
    reports.report_submit(actor=lead, report=report)
    reports.report_review(actor=office_user(), report=report, accept=False, reason="Bitte X")
    assert Notification.objects.filter(recipient=lead, event_type="change_requested").count() == 1
    change = changes.change_request_create(actor=lead, notice=notice, kind="period", reason="x",
                                           period_end=dt.date(YEAR + 3, 6, 30))  # fmt: skip
    changes.change_request_decide(actor=office_user(), change=change, approve=False, reason="Nein")
    decided = Notification.objects.get(recipient=lead, event_type="change_request_decided")
    assert "Nein" in decided.body
