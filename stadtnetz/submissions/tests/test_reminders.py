# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Saved drafts and the notification service: "call closing soon" and the draft's deadline in
the editors' calendar feed (issue 12, deadlines and notifications)."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from stadtnetz.notifications import services as notification_services
from stadtnetz.notifications.models import EventType, Notification
from stadtnetz.organisations.models import Membership, Role
from stadtnetz.programmes.tests.factories import make_call
from stadtnetz.submissions import services


def test_call_closing_soon_reaches_the_editors_of_drafts_once(
    organisation, editor, make_user, django_capture_on_commit_callbacks
):
    admin = make_user("org-admin")
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    soon = make_call(closes_in=dt.timedelta(days=3))
    later = make_call(closes_in=dt.timedelta(days=20))
    draft = services.application_create(actor=editor, call=soon, organisation=organisation,
                                         title="<script>alert(1)</script> „Klingen“ %(x)s")  # fmt: skip
    services.application_create(actor=editor, call=later, organisation=organisation, title="Später")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_reminders", verbosity=0)
        call_command("send_due_reminders", verbosity=0)  # again: nothing new
    sent = Notification.objects.filter(event_type=EventType.CALL_CLOSING_SOON)
    assert sorted(sent.values_list("recipient__username", flat=True)) == ["editor", "org-admin"]
    assert {n.url for n in sent} == {draft.get_absolute_url()}
    assert {n.due_on for n in sent} == {timezone.localdate(soon.closes_at)}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([editor.email, admin.email])
    assert all("\n" not in m.subject for m in mail.outbox)


def test_draft_deadlines_are_in_the_editors_calendar_feed(client, application, editor, make_user):
    feed = notification_services.calendar_feed_create(user=editor)
    path = "/" + notification_services.calendar_feed_url(feed).split("/", 3)[3]
    events = list(icalendar.Calendar.from_ical(client.get(path).content).walk("VEVENT"))
    assert [str(e["uid"]).split("@")[0] for e in events] == [
        f"application-{application.pk}-deadline"
    ]
    assert events[0].decoded("dtstart") == timezone.localdate(application.call.closes_at)
    assert "Smarte Klingenstadt" in str(events[0]["summary"])
    stranger = make_user("stranger")
    stranger_feed = notification_services.calendar_feed_create(user=stranger)
    path = "/" + notification_services.calendar_feed_url(stranger_feed).split("/", 3)[3]
    assert list(icalendar.Calendar.from_ical(client.get(path).content).walk("VEVENT")) == []
