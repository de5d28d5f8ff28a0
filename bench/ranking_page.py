# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: the ranking page of a call with 500 reviewed applications × 2 reviews.

    .venv/bin/python bench/ranking_page.py [--applications 500] [--requests 40]

Sets up a fresh SQLite database in a temporary folder (the 16 states, a closed call with the
test criteria: three criteria in two groups, 60 reviewers, ``applications`` reviewed cases with
two submitted reviews each, written in bulk by ``reviews.tests.factories.reviewed_bulk``), signs
in as the programme office and requests the ranking page in-process (django.test.Client, full
middleware, German) ``requests`` times unfiltered and ``requests`` times with a filter (phase B,
grant from 1.000.000,00), interleaved with the floor ``/healthz``. Reports p50/p95 per kind, the
floor, and the queries per request. Writes bench/results/ranking_page.json.
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
OUTPUT = ROOT / "bench" / "results" / "ranking_page.json"

STATES = [("01", "sh", "Schleswig-Holstein"), ("02", "hh", "Hamburg"), ("03", "ni", "Niedersachsen"),
          ("04", "hb", "Bremen"), ("05", "nw", "Nordrhein-Westfalen"), ("06", "he", "Hessen"),
          ("07", "rp", "Rheinland-Pfalz"), ("08", "bw", "Baden-Württemberg"), ("09", "by", "Bayern"),
          ("10", "sl", "Saarland"), ("11", "be", "Berlin"), ("12", "bb", "Brandenburg"),
          ("13", "mv", "Mecklenburg-Vorpommern"), ("14", "sn", "Sachsen"), ("15", "st", "Sachsen-Anhalt"),
          ("16", "th", "Thüringen")]  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=500)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="stadtnetz-bench-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_DEBUG": "0",
                       "STADTNETZ_ALLOW_INSECURE_KEY": "1", "STADTNETZ_LOG_LEVEL": "WARNING",
                       "STADTNETZ_DATA_DIR": folder})  # fmt: skip
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from stadtnetz.municipalities.models import State
    from stadtnetz.reviews.tests.factories import closed_call, reviewed_bulk
    from stadtnetz.users.models import User

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # debug off: hashed static names
    State.objects.bulk_create(State(key=k, code=c, name=n) for k, c, n in STATES)
    office = User.objects.create_user(
        "bench-office", "office@example.org", "x", is_programme_office=True
    )
    reviewers = [User.objects.create_user(f"bench-reviewer-{n}", f"r{n}@example.org", "x", is_reviewer=True)
                 for n in range(60)]  # fmt: skip
    call = closed_call(title="Benchmark-Aufruf")
    started = time.perf_counter()
    reviewed_bulk(call, args.applications, reviewers)
    setup_seconds = time.perf_counter() - started

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(office)
    url = reverse("reviews:ranking", args=[call.pk])
    kinds = {"unfiltered": {}, "filtered": {"phase": "B", "min_grant": "1.000.000,00"}}
    queries, rows = {}, {}
    for kind, query in kinds.items():  # warm caches and templates, count queries and rows
        response = client.get(url, query)
        assert response.status_code == 200, response.status_code
        rows[kind] = response.content.decode().count('id="rank-')
        with CaptureQueriesContext(connection) as captured:
            client.get(url, query)
        queries[kind] = len(captured)
    timings: dict[str, list[float]] = {kind: [] for kind in kinds}
    floor: list[float] = []
    for _n in range(args.requests):
        for kind, query in kinds.items():
            start = time.perf_counter()
            client.get("/healthz")
            floor.append(time.perf_counter() - start)
            start = time.perf_counter()
            client.get(url, query)
            timings[kind].append(time.perf_counter() - start)
    floor_median = percentile(floor, 0.5)
    figures = {
        kind: {"requests": len(values), "rows": rows[kind], "queries": queries[kind],
               "p50_ms": round(percentile(values, 0.5) * 1000, 1), "p95_ms": round(percentile(values, 0.95) * 1000, 1),
               "max_ms": round(max(values) * 1000, 1)}
        for kind, values in timings.items()
    }  # fmt: skip
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    with open("/proc/loadavg") as handle:
        load = handle.read().split()[:3]
    result = {
        "benchmark": "ranking_page", "date": time.strftime("%Y-%m-%d"), "commit": commit,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_average_at_end": load},
        "parameters": {"applications": args.applications, "reviews_per_application": 2, "reviewers": len(reviewers),
                       "requests": args.requests, "database": "sqlite",
                       "client": "django.test.Client (in-process, full middleware)", "floor": "GET /healthz"},
        "setup_seconds": round(setup_seconds, 1),
        "floor_median_ms": round(floor_median * 1000, 3),
        "figures": figures,
    }  # fmt: skip
    OUTPUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
