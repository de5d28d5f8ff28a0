# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""``stadtnetz send-due-reminders [--every SECONDS]``: run every registered reminder scan.

Each scan notifies with dedupe keys, so running it again (the same day, or after a crash)
sends nothing twice. ``make run`` starts it with ``--every 3600`` next to the web server and the
task worker (core/serve.py); the e-mails themselves go out from the worker.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from stadtnetz.notifications import registry, services


class Command(BaseCommand):
    help = "Run every registered reminder scan (idempotent); --every repeats it."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to scan for (YYYY-MM-DD; default today)")
        parser.add_argument("--every", type=int, default=0, metavar="SECONDS",
                            help="repeat every SECONDS until stopped (0: run once)")  # fmt: skip

    def handle(self, *args, today=None, every=0, verbosity=1, **options):
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"--today {today!r}: give a date as YYYY-MM-DD") from None
        if every < 0:
            raise CommandError("--every must be 0 or more seconds")
        while True:
            counts = services.due_reminders_run(today=day)
            if verbosity:
                total = sum(n for n in counts.values() if n > 0)
                failed = [name for name, n in counts.items() if n < 0]
                self.stdout.write(
                    f"send-due-reminders: {len(registry.reminder_scans())} scans, "
                    f"{total} notifications" + (f", failed: {', '.join(failed)}" if failed else "")
                )
            if not every:
                return
            close_old_connections()
            time.sleep(every)
