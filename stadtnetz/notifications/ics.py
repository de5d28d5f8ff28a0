# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""A person's due dates as an iCalendar (RFC 5545) feed, written by the ``icalendar`` library.

Due dates are days, so every event is an all-day event: DTSTART is the date (VALUE=DATE) and
DTEND the next day, which RFC 5545 reads as "this day" and which is after DTSTART. The UID is
the provider's stable uid at this site's host, so calendars update an event instead of
duplicating it. DTSTAMP is UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.utils import timezone

from .registry import DueDate


def calendar(due_dates: Iterable[DueDate], *, site_url: str, host: str, name: str) -> bytes:
    feed = icalendar.Calendar()
    feed.add("prodid", "-//Stadtnetz//Termine//DE")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    now = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for due in due_dates:
        event = icalendar.Event()
        event.add("uid", f"{due.uid}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", due.date)
        event.add("dtend", due.date + dt.timedelta(days=1))
        event.add("summary", due.title.replace("\x00", ""))
        if due.description:
            event.add("description", due.description.replace("\x00", ""))
        if due.url:
            event.add("url", f"{site_url}{due.url}")
        event.add("transp", "TRANSPARENT")  # a due date does not make anyone busy
        feed.add_component(event)
    return feed.to_ical()
