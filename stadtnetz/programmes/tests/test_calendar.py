# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""/calls.ics read back by the icalendar library (issue 14, item 20)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from stadtnetz.programmes.seed import seed_programmes

from .factories import make_call

pytestmark = pytest.mark.django_db


def _events(client):
    response = client.get(reverse("programmes:call_calendar"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")  # CRLF lines only
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    feed = icalendar.Calendar.from_ical(body)
    assert feed["VERSION"] == "2.0" and str(feed["PRODID"]).startswith("-//Stadtnetz")
    return feed.walk("VEVENT")


def test_every_event_ends_after_it_starts(client):
    seed_programmes()
    events = _events(client)
    assert len(events) == 4
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert isinstance(start, dt.datetime) and start.tzinfo is not None
        assert end > start  # RFC 5545 3.6.1: DTEND later than DTSTART
    starts = {event.decoded("DTSTART") for event in events}
    assert dt.datetime(2020, 5, 20, 21, 59, 59, tzinfo=dt.UTC) in starts  # 23:59:59 CEST
    assert len({str(event["UID"]) for event in events}) == 4


def test_event_fields_survive_special_characters(client):
    call = make_call(title="Aufruf; mit, Komma \\ und " + "ä" * 60, theme="")
    (event,) = _events(client)
    assert str(event["SUMMARY"]) == f"Frist: {call.title}"
    assert str(event["URL"]).endswith(call.get_absolute_url())
    assert event.decoded("DTSTART") == call.closes_at.astimezone(dt.UTC).replace(microsecond=0)
    assert "Einreichung bis" in str(event["DESCRIPTION"])
    assert int(event["SEQUENCE"]) == 0
