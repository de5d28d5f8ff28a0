# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Where other apps plug in their due dates and reminder scans (docs/notifications.md).

Notifications imports no domain app: an app registers its functions in its
``AppConfig.ready()``::

    from stadtnetz.notifications import registry

    registry.register_due_dates(my_due_dates)      # user -> iterable of DueDate
    registry.register_reminder_scan(my_scan)       # today (a date) -> notifications created

Due dates fill the person's private calendar feed. Reminder scans run from
``stadtnetz send-due-reminders`` (and its task); each scan calls ``services.notify`` with a
``dedupe_key``, so running it twice in a day sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueDate:
    """One dated item in a person's calendar.

    ``uid`` is stable and unique across the platform (e.g. ``"grants-report-17"``): calendars
    update the event instead of adding a second one. ``url`` is a path on this site.
    """

    uid: str
    title: str
    date: dt.date
    url: str
    description: str = ""


DueDateProvider = Callable[[object], Iterable[DueDate]]
ReminderScan = Callable[[dt.date], "int | None"]

_providers: dict[str, DueDateProvider] = {}
_scans: dict[str, ReminderScan] = {}


def _name(function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def register_due_dates(provider: DueDateProvider) -> DueDateProvider:
    """Add ``provider(user) -> iterable of DueDate``. Registering the same function twice is
    harmless (``ready()`` may run more than once). Usable as a decorator."""
    _providers[_name(provider)] = provider
    return provider


def register_reminder_scan(scan: ReminderScan) -> ReminderScan:
    """Add ``scan(today) -> int | None`` (the number of notifications it created)."""
    _scans[_name(scan)] = scan
    return scan


def unregister(function) -> None:
    """Remove a provider or scan (tests that register their own)."""
    _providers.pop(_name(function), None)
    _scans.pop(_name(function), None)


def due_dates_for(user) -> list[DueDate]:
    """Every registered due date of ``user``, by date; one failing provider is logged and skipped."""
    found: dict[str, DueDate] = {}
    for name, provider in _providers.items():
        try:
            for due in provider(user):
                found.setdefault(due.uid, due)
        except Exception:
            logger.exception("Due-date provider %s failed", name)
    return sorted(found.values(), key=lambda due: (due.date, due.title, due.uid))


def run_reminder_scans(today: dt.date) -> dict[str, int]:
    """Run every registered scan; returns scan name → notifications created. A failing scan is
    logged and the others still run (they are independent and each is idempotent)."""
    counts: dict[str, int] = {}
    for name, scan in _scans.items():
        try:
            counts[name] = int(scan(today) or 0)
        except Exception:
            logger.exception("Reminder scan %s failed", name)
            counts[name] = -1
    return counts


def reminder_scans() -> list[str]:
    return list(_scans)


def due_date_providers() -> list[str]:
    return list(_providers)
