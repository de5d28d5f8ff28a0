# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: model-project profile pages and field-of-action pages with the real data.

    .venv/bin/python bench/knowledge_pages.py [--rounds 5]

Sets up a fresh SQLite database in a temporary folder (registry, 73 model projects, profiles,
484 measures, 136 lessons, 24 transfers), then requests in-process (django.test.Client, full
middleware) every project page and every field-of-action page (unfiltered and with each size
class), the knowledge overview and the home page, ``rounds`` times, interleaved with the floor
``/healthz``. Reports p50/p95 per page kind,
the floor, the ratio p95 : floor median, and the queries per page. Writes
bench/results/knowledge_pages.json.
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
OUTPUT = ROOT / "bench" / "results" / "knowledge_pages.json"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
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

    from stadtnetz.municipalities.services import registry_import
    from stadtnetz.projects.importer import DEFAULT_FILE, model_projects_import
    from stadtnetz.projects.knowledge_import import DEFAULT_FILES, knowledge_import
    from stadtnetz.projects.models import FieldOfAction, ModelProject, ProgrammeCategory

    call_command("migrate", verbosity=0)
    # debug is off, as `make run` serves: the pages need the hashed static files
    call_command("collectstatic", interactive=False, verbosity=0)
    registry_import(force=True)
    model_projects_import(data=DEFAULT_FILE.read_bytes())
    started = time.perf_counter()
    knowledge_import(files={name: path.read_bytes() for name, path in DEFAULT_FILES.items()})
    import_seconds = time.perf_counter() - started

    client = Client(HTTP_HOST="127.0.0.1")
    pages = {
        "project": [p.get_absolute_url() for p in ModelProject.objects.all()],
        "field": [f"/wissen/{f.code}/" + (f"?category={c}" if c else "")
                  for f in FieldOfAction.objects.all()
                  for c in ["", *ProgrammeCategory.values]],
        "overview": ["/wissen/"] * 10,
        "home": ["/"] * 10,  # one page: ten samples per round
    }  # fmt: skip
    for urls in pages.values():  # warm caches and templates
        for url in urls:
            assert client.get(url).status_code == 200, url
    queries = {}
    for kind, urls in pages.items():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            counts.append(len(captured))
        queries[kind] = {"min": min(counts), "max": max(counts)}
    timings: dict[str, list[float]] = {kind: [] for kind in pages}
    floor: list[float] = []
    for _round in range(args.rounds):
        for kind, urls in pages.items():
            for url in urls:
                start = time.perf_counter()
                client.get("/healthz")
                floor.append(time.perf_counter() - start)
                start = time.perf_counter()
                client.get(url)
                timings[kind].append(time.perf_counter() - start)
    floor_median = percentile(floor, 0.5)
    figures = {
        kind: {"requests": len(values), "p50_ms": round(percentile(values, 0.5) * 1000, 2),
               "p95_ms": round(percentile(values, 0.95) * 1000, 2),
               "p95_to_floor": round(percentile(values, 0.95) / floor_median, 1),
               "queries": queries[kind]}
        for kind, values in timings.items()
    }  # fmt: skip
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    result = {
        "benchmark": "knowledge_pages", "date": time.strftime("%Y-%m-%d"), "commit": commit,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
        "parameters": {"rounds": args.rounds, "database": "sqlite",
                       "client": "django.test.Client (in-process, full middleware)",
                       "floor": "GET /healthz"},
        "import_seconds": round(import_seconds, 1),
        "floor_median_ms": round(floor_median * 1000, 3),
        "figures": figures,
    }  # fmt: skip
    OUTPUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
