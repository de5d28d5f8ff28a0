# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: notification fan-out (issue 12, goal: 10,000 due-date notifications generated and
queued in under 10 s).

A registered reminder scan finds 10,000 due reports (5 for each of 2,000 people, due in 5 days)
and calls ``notify_many``; the run is timed from ``due_reminders_run`` to the e-mail tasks
stored in the database task queue (django_tasks_db, as in ``make run``). Each round starts from
no notifications; a second scan on the same day (idempotent, nothing new) is timed too. The
floor in the same run is one ``bulk_create`` of 10,000 prepared notification rows. Medians of
5 rounds.

    .venv/bin/python bench/notifications.py [--people 2000] [--per-person 5] [--rounds 5]

Uses a fresh SQLite database in a temporary folder, or PostgreSQL when DATABASE_URL is set (its
database is dropped and recreated). Writes bench/results/notifications[_postgresql].json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--per-person", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    postgres = bool(os.environ.get("DATABASE_URL"))
    if postgres:
        recreate_database(os.environ["DATABASE_URL"])
    else:
        os.environ["STADTNETZ_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-notifications-")
    os.environ["STADTNETZ_TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from stadtnetz.notifications import registry, services
    from stadtnetz.notifications.models import EventType, Notification
    from stadtnetz.users.models import User

    call_command("migrate", verbosity=0)
    people = User.objects.bulk_create([
        User(username=f"bench{i}", email=f"bench{i}@example.org", email_verified_at=timezone.now(),
             language="en" if i % 4 == 0 else "de")
        for i in range(args.people)
    ])  # fmt: skip
    today = timezone.localdate()
    due = today + dt.timedelta(days=5)
    reports = [(person, n) for person in people for n in range(args.per_person)]

    def scan(day):
        messages = []
        for person, n in reports:
            event = services.due_reminder_event(due_on=due, today=day)
            uid = f"bench-report-{person.pk}-{n}"
            messages.append(services.Message(
                event, [person], {"title": f"Zwischennachweis {n + 1}", "project": f"Projekt {person.pk}"},
                f"/projekte/{person.pk}/", due, services.reminder_key(uid, event, due),
            ))  # fmt: skip
        return len(services.notify_many(messages=messages))

    registry.register_reminder_scan(scan)
    total = len(reports)
    fanout, repeat, floor, queued = [], [], [], []
    for _round in range(args.rounds):
        Notification.objects.all().delete()
        DBTaskResult.objects.all().delete()
        started = time.perf_counter()
        counts = services.due_reminders_run(today=today)
        fanout.append(time.perf_counter() - started)
        assert sum(counts.values()) >= total, counts
        queued.append(DBTaskResult.objects.count())
        started = time.perf_counter()
        services.due_reminders_run(today=today)
        repeat.append(time.perf_counter() - started)
        assert Notification.objects.count() == total
        rows = [
            Notification(recipient=person, event_type=EventType.REPORT_DUE_7, subject="s",
                         body="b", url="/", due_on=due, dedupe_key=f"floor-{person.pk}-{n}")
            for person, n in reports
        ]  # fmt: skip
        Notification.objects.all().delete()
        started = time.perf_counter()
        Notification.objects.bulk_create(rows, batch_size=500)
        floor.append(time.perf_counter() - started)

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    load = os.getloadavg()
    result = {
        "benchmark": "notifications",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average": [round(x, 2) for x in load],
        },  # fmt: skip
        "database": "postgresql" if postgres else "sqlite",
        "parameters": {
            "people": args.people,
            "per_person": args.per_person,
            "notifications": total,
            "rounds": args.rounds,
        },  # fmt: skip
        "fanout_seconds": {
            "median": round(statistics.median(fanout), 3),
            "min": round(min(fanout), 3),
            "max": round(max(fanout), 3),
        },  # fmt: skip
        "repeat_scan_seconds": round(statistics.median(repeat), 3),
        "floor_bulk_create_seconds": round(statistics.median(floor), 3),
        "ratio_to_floor": round(statistics.median(fanout) / statistics.median(floor), 2),
        "email_tasks_queued": queued[0],
        "goal_seconds": 10,
    }
    name = "notifications_postgresql.json" if postgres else "notifications.json"
    (ROOT / "bench" / "results" / name).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
