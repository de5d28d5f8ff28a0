# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Saved drafts meet the notification service: "call closing soon" reminders and the deadline
of each draft in its editors' calendar feed. Registered in ``SubmissionsConfig.ready()``
(docs/notifications.md); the notifications app imports nothing from here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.notifications.models import EventType
from stadtnetz.notifications.registry import DueDate
from stadtnetz.notifications.services import Message, notify_many
from stadtnetz.organisations.models import Membership, Role

from .models import Application, ApplicationStatus

CLOSING_SOON_DAYS = 7
WRITERS = (Role.EDITOR, Role.ADMIN)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def drafts_closing(today: dt.date):
    """Drafts of calls that close after now and within 7 days from the start of ``today``."""
    lower = max(_start_of(today), timezone.now())
    upper = _start_of(today + dt.timedelta(days=CLOSING_SOON_DAYS + 1))
    return Application.objects.filter(
        status=ApplicationStatus.DRAFT, call__closes_at__gt=lower, call__closes_at__lt=upper
    ).select_related("call")


def call_closing_scan(today: dt.date) -> int:
    """One reminder per draft and deadline to its organisation's editors and administrators;
    an extended deadline reminds again (the deadline is part of the dedupe key)."""
    drafts = list(drafts_closing(today))
    writers = defaultdict(list)
    memberships = Membership.objects.filter(
        organisation_id__in={draft.organisation_id for draft in drafts}, role__in=WRITERS
    ).select_related("user")
    for membership in memberships:
        writers[membership.organisation_id].append(membership.user)
    messages = [
        Message(
            event_type=EventType.CALL_CLOSING_SOON,
            recipients=writers[draft.organisation_id],
            context={"title": draft.title, "call": draft.call.title},
            url=draft.get_absolute_url(),
            due_on=timezone.localdate(draft.call.closes_at),
            dedupe_key=f"call-closing-{draft.pk}-{draft.call.closes_at:%Y%m%dT%H%M}",
        )
        for draft in drafts
    ]
    return len(notify_many(messages=messages))


def draft_deadlines(user):
    """The deadline of every draft the person may write, while its call is open."""
    organisations = Membership.objects.filter(user=user, role__in=WRITERS).values("organisation")
    drafts = Application.objects.filter(
        status=ApplicationStatus.DRAFT,
        organisation__in=organisations,
        call__closes_at__gt=timezone.now(),
    ).select_related("call")
    for draft in drafts:
        yield DueDate(
            uid=f"application-{draft.pk}-deadline",
            title=_("Deadline: %(call)s – %(title)s")
            % {"call": draft.call.title, "title": draft.title},
            date=timezone.localdate(draft.call.closes_at),
            url=draft.get_absolute_url(),
            description=_("Submit the draft application before the call closes."),
        )
