# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: the programme office's dashboard and a project's budget view at programme scale.

    .venv/bin/python bench/grants.py [--projects 500] [--measures 10] [--milestones 5]
                                     [--payments 20] [--requests 30]

Sets up a fresh SQLite database in a temporary folder (or uses DATABASE_URL when --postgres is
given: the database must be empty and migrated by this script), writes ``projects`` funded
projects × ``measures`` measures × ``milestones`` milestones × ``payments`` payment requests in
bulk (stadtnetz/grants/tests/bulk.py; 500 × 10 × 5 × 20 = 5,000 measures, 25,000 milestones,
10,000 payment requests with 20,000 lines), signs in as the programme office and requests
in-process (django.test.Client, full middleware, German, debug off): the office dashboard
unfiltered, the dashboard filtered ("needs attention", round 2020, sorted by share paid), and one
project's budget page, ``requests`` times each, interleaved with the floor ``/healthz``. Reports
p50/p95 per page, the floor, the queries per request and the machine's load. Writes
bench/results/grants.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUTPUT = ROOT / "bench" / "results" / "grants.json"
STATES = [("01", "SH", "Schleswig-Holstein"), ("05", "NW", "Nordrhein-Westfalen"),
          ("09", "BY", "Bayern"), ("14", "SN", "Sachsen")]  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def load() -> list[str]:
    with open("/proc/loadavg") as handle:
        return handle.read().split()[:3]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--measures", type=int, default=10)
    parser.add_argument("--milestones", type=int, default=5)
    parser.add_argument("--payments", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--postgres", action="store_true", help="use DATABASE_URL")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="stadtnetz-bench-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_DEBUG": "0",
                       "STADTNETZ_ALLOW_INSECURE_KEY": "1", "STADTNETZ_LOG_LEVEL": "WARNING",
                       "STADTNETZ_DATA_DIR": folder})  # fmt: skip
    if not args.postgres:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from stadtnetz.grants.tests.bulk import grants_bulk
    from stadtnetz.municipalities.models import State
    from stadtnetz.users.models import User

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # debug off: hashed names
    State.objects.bulk_create(State(key=k, code=c, name=n) for k, c, n in STATES)
    office = User.objects.create_user("bench-office", "office@example.org", "x",
                                      is_programme_office=True)  # fmt: skip
    started = time.perf_counter()
    notices = grants_bulk(args.projects, measures=args.measures, milestones=args.milestones,
                          payments=args.payments)  # fmt: skip
    setup_seconds = time.perf_counter() - started
    client = Client(HTTP_HOST="127.0.0.1", headers={"accept-language": "de"})
    client.force_login(office)
    pages = {
        "office_unfiltered": (reverse("grants:office"), {}),
        "office_filtered": (reverse("grants:office"),
                            {"attention": "1", "round": "2020", "sort": "paid_share"}),
        "budget": (reverse("grants:budget", args=[notices[len(notices) // 2].project.slug]), {}),
    }  # fmt: skip
    queries, rows = {}, {}
    for kind, (url, query) in pages.items():  # warm caches and templates, count queries and rows
        response = client.get(url, query)
        assert response.status_code == 200, (kind, response.status_code)
        text = response.content.decode()
        rows[kind] = text.count('id="project-') or text.count('<tr class="kern-table__row')
        with CaptureQueriesContext(connection) as captured:
            client.get(url, query)
        queries[kind] = len(captured)
    timings: dict[str, list[float]] = {kind: [] for kind in pages}
    floor: list[float] = []
    load_at_start = load()
    for _n in range(args.requests):
        for kind, (url, query) in pages.items():
            start = time.perf_counter()
            client.get("/healthz")
            floor.append(time.perf_counter() - start)
            start = time.perf_counter()
            client.get(url, query)
            timings[kind].append(time.perf_counter() - start)
    figures = {
        kind: {"requests": len(values), "rows": rows[kind], "queries": queries[kind],
               "p50_ms": round(percentile(values, 0.5) * 1000, 1),
               "p95_ms": round(percentile(values, 0.95) * 1000, 1),
               "max_ms": round(max(values) * 1000, 1)}
        for kind, values in timings.items()
    }  # fmt: skip
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    result = {
        "benchmark": "grants", "date": time.strftime("%Y-%m-%d"), "commit": commit,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(), "load_average_at_start": load_at_start,
                    "load_average_at_end": load()},
        "parameters": {"projects": args.projects, "measures_per_project": args.measures,
                       "milestones_per_measure": args.milestones,
                       "payment_requests_per_project": args.payments, "requests": args.requests,
                       "database": connection.vendor,
                       "client": "django.test.Client (in-process, full middleware)",
                       "floor": "GET /healthz"},
        "setup_seconds": round(setup_seconds, 1),
        "floor_median_ms": round(percentile(floor, 0.5) * 1000, 3),
        "figures": figures,
    }  # fmt: skip
    OUTPUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
