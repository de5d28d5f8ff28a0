# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""What statements and change requests tell people, through the platform's notifications app
(``stadtnetz.notifications``): changes requested on a statement, a change request decided,
reminders of due and overdue statements (a reminder scan) and the statements' due dates in the
person's calendar feed (a due-date provider). Both are registered in ``GrantsConfig.ready``.

While the notifications app is not installed the calls do nothing (the grant app works alone).
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import Report, ReportKind, ReportStatus

OPEN_REPORT_STATES = (ReportStatus.DUE, ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)


def available() -> bool:
    return apps.is_installed("stadtnetz.notifications")


def _notify(**kwargs) -> list:
    if not available():
        return []
    from stadtnetz.notifications.services import notify

    return notify(**kwargs)


def grantee_writers(notice) -> list:
    """Editors and administrators of the funded organisation (they act for the grant)."""
    from django.contrib.auth import get_user_model

    from stadtnetz.organisations.models import Role

    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation_id=notice.project.organisation_id,
            memberships__role__in=[Role.EDITOR, Role.ADMIN],
        )
        .distinct()
    )


def report_title(report: Report) -> str:
    if report.kind == ReportKind.FINAL:
        return str(_("Final statement of use"))
    return str(_("Interim statement %(year)s") % {"year": report.period_year})


def report_url(report: Report) -> str:
    return reverse("grants:report_detail", args=[report.notice.project.slug, report.pk])


def changes_requested(*, report: Report, reason: str) -> list:
    return _notify(
        event_type="change_requested",
        recipients=grantee_writers(report.notice),
        context={"title": report_title(report), "project": report.notice.project.name,
                 "reason": reason},
        url=report_url(report),
    )  # fmt: skip


def change_request_decided(*, change, approved: bool, reason: str) -> list:
    notice = change.notice
    recipients = {user.pk: user for user in grantee_writers(notice)}
    if change.requested_by_id and change.requested_by.is_active:
        recipients.setdefault(change.requested_by_id, change.requested_by)
    return _notify(
        event_type="change_request_decided",
        recipients=list(recipients.values()),
        context={
            "title": f"{change.get_kind_display()} ({change.created_at:%d.%m.%Y})",
            "project": notice.project.name,
            "decision": str(_("approved") if approved else _("refused")),
            "reason": reason or "–",
        },
        url=reverse("grants:change_detail", args=[notice.project.slug, change.pk]),
    )


def _open_reports():
    return Report.objects.filter(status__in=OPEN_REPORT_STATES).select_related("notice__project")


def report_reminder_scan(today: dt.date) -> int:
    """Remind the grantee's editors of statements due within 30 and 7 days and of overdue ones
    (each reminder once per due date, by its dedupe key)."""
    if not available():
        return 0
    from stadtnetz.notifications.services import (
        Message,
        due_reminder_event,
        notify_many,
        reminder_key,
    )

    reports = list(_open_reports().filter(due_on__lte=today + dt.timedelta(days=30)))
    writers: dict[int, list] = {}
    messages = []
    for report in reports:
        event = due_reminder_event(due_on=report.due_on, today=today)
        if event is None:
            continue
        notice = report.notice
        if notice.pk not in writers:
            writers[notice.pk] = grantee_writers(notice)
        messages.append(Message(
            event, writers[notice.pk],
            {"title": report_title(report), "project": notice.project.name},
            report_url(report), report.due_on,
            reminder_key(f"grants-report-{report.pk}", event, report.due_on),
        ))  # fmt: skip
    return len(notify_many(messages=messages)) if messages else 0


def report_due_dates(user):
    """The open statements of the user's organisations (members see them) in their calendar."""
    from stadtnetz.notifications.registry import DueDate

    if user is None or not getattr(user, "is_authenticated", False):
        return []
    reports = (
        _open_reports().filter(notice__project__organisation__memberships__user=user).distinct()
    )
    return [
        DueDate(
            uid=f"grants-report-{report.pk}",
            title=f"{report_title(report)}: {report.notice.project.name}",
            date=report.due_on,
            url=report_url(report),
        )
        for report in reports
    ]


def register() -> None:
    """Called from GrantsConfig.ready()."""
    if not available():
        return
    from stadtnetz.notifications import registry

    registry.register_reminder_scan(report_reminder_scan)
    registry.register_due_dates(report_due_dates)
