# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""An iCalendar (RFC 5545) feed of call deadlines, written by the ``icalendar`` library.

A deadline is a moment, but RFC 5545 wants an event's DTEND later than its DTSTART: each event
starts at the deadline and lasts :data:`DEADLINE_EVENT_LENGTH`, so calendars show it at the
deadline's time. The description states the deadline in Berlin time in words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.utils import timezone

DEADLINE_EVENT_LENGTH = dt.timedelta(minutes=15)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def calendar(calls: Iterable, *, site_url: str, host: str) -> str:
    feed = icalendar.Calendar()
    feed.add("prodid", "-//Stadtnetz//Fristen//DE")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", "Stadtnetz – Fristen")
    now = _utc(timezone.now())
    for call in calls:
        deadline = _utc(call.closes_at)
        local = timezone.localtime(call.closes_at).strftime("%d.%m.%Y, %H:%M:%S")
        event = icalendar.Event()
        event.add("uid", f"call-{call.pk}-deadline@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", deadline)
        event.add("dtend", deadline + DEADLINE_EVENT_LENGTH)
        event.add("summary", f"Frist: {call.title}")
        event.add(
            "description",
            f"{call.programme.name} – {call.theme or call.title}\n"
            f"Einreichung bis {local} Uhr (Europe/Berlin).",
        )
        event.add("url", f"{site_url}{call.get_absolute_url()}")
        event.add("sequence", getattr(call, "extension_count", 0))
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        feed.add_component(event)
    return feed.to_ical().decode("utf-8")
