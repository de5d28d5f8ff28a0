# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""An iCalendar (RFC 5545) feed of call deadlines, written by hand: escaping and line folding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
        .replace("\n", "\\n").replace("\r", "\\n")
    )  # fmt: skip


def _fold(line: str) -> str:
    """Fold lines longer than 75 octets (continuation lines start with one space)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(calls: Iterable, *, site_url: str, host: str) -> str:
    now = _utc(timezone.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Stadtnetz//Fristen//DE",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Stadtnetz – Fristen"]  # fmt: skip
    for call in calls:
        summary = f"Frist: {call.title}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:call-{call.pk}-deadline@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_utc(call.closes_at)}",
            f"DTEND:{_utc(call.closes_at)}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(f'{call.programme.name} – {call.theme or call.title}')}",
            f"URL:{site_url}{call.get_absolute_url()}",
            f"SEQUENCE:{getattr(call, 'extension_count', 0)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
