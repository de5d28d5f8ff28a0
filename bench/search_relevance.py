# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: relevance of the site search on the shipped data, with a judged query set.

    .venv/bin/python bench/search_relevance.py [--rounds 5]
    DATABASE_URL=postgres://…/empty_db .venv/bin/python bench/search_relevance.py

Sets up a fresh database (SQLite in a temporary folder, or the empty PostgreSQL database of
DATABASE_URL) with what `make run` prepares (its RUN_STEPS, read from the Makefile): the
registry, the 73 model projects with their measures, lessons and transfers, the solution
catalog, the search index. Then, for every query of bench/data/search_relevance.yaml:

- nDCG@10 with gains 2^grade − 1 (grades 0–3; the ideal ranking from every judged target);
- reciprocal rank of the first grade-3 result (MRR over the queries) and whether it is first;
- the same with an unbounded candidate set (every match ranked, decision 0042's bound lifted),
  to see whether the bounded design costs relevance on this corpus;
- latency: `GET /api/v1/search?q=…` through Django's test client, ``rounds`` times, with
  `GET /healthz` after each as the floor (after VACUUM ANALYZE / ANALYZE, as autovacuum would).

Writes bench/results/search_relevance[_postgresql].json and prints a summary.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
JUDGEMENTS = ROOT / "bench" / "data" / "search_relevance.yaml"
RESULTS = ROOT / "bench" / "results"
CUTOFF = 10


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def run_steps() -> list[str]:
    """The setup steps of `make run`, as the Makefile lists them."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^RUN_STEPS := (.*?)(?<!\\)$", text, flags=re.M | re.S)
    return shlex.split(match.group(1).replace("\\\n", " "))


def load_judgements(path: Path = JUDGEMENTS) -> list[dict]:
    """The queries with their judgements ({target: grade}); ``same_as`` copies another's."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_query = {}
    for entry in entries:
        if "same_as" in entry:
            entry = {**entry, "judged": by_query[entry["same_as"]]["judged"]}
        grades: dict[str, int] = {}
        for grade, targets in entry["judged"].items():
            for target in targets:
                grades[target] = max(grades.get(target, 0), int(grade))
        by_query[entry["query"]] = {**entry, "grades": grades}
    return list(by_query.values())


def resolve(target: str) -> set[tuple[str, str]]:
    """The (document type, object id) pairs a judged target stands for (empty: not in the data)."""
    from stadtnetz.municipalities.models import Municipality
    from stadtnetz.organisations.models import Organisation
    from stadtnetz.projects.models import FieldOfAction, Lesson, Measure, ModelProject
    from stadtnetz.solutions.models import Solution

    kind, _, key = target.partition(":")
    if kind == "field":
        ids = FieldOfAction.objects.filter(code=key).values_list("pk", flat=True)
    elif kind == "project":
        ids = ModelProject.objects.filter(slug=key).values_list("pk", flat=True)
    elif kind in ("measure", "lesson"):
        slug, _, title = key.partition("/")
        model = Measure if kind == "measure" else Lesson
        ids = model.objects.filter(project__slug=slug, title=title).values_list("pk", flat=True)
    elif kind == "field-measures":
        kind = "measure"
        ids = Measure.objects.filter(fields_of_action__code=key).values_list("pk", flat=True)
    elif kind == "field-lessons":
        kind = "lesson"
        ids = Lesson.objects.filter(fields_of_action__code=key).values_list("pk", flat=True)
    elif kind == "municipality":
        ids = Municipality.objects.filter(ags=key).values_list("pk", flat=True)
    elif kind == "organisation":
        ids = Organisation.objects.filter(slug=key).values_list("pk", flat=True)
    elif kind in ("solution", "solutions-under"):
        pattern = rf"/{re.escape(key)}" + ("" if kind == "solutions-under" else r"(\.git)?/?$")
        kind = "solution"
        ids = Solution.objects.filter(merged_into=None, repository_url__iregex=pattern).values_list(
            "pk", flat=True
        )
    else:
        raise ValueError(f"unknown target kind in {target!r}")
    return {(kind, str(pk)) for pk in ids}


def judged_documents(grades: dict[str, int]) -> tuple[dict[tuple[str, str], int], list[str]]:
    documents: dict[tuple[str, str], int] = {}
    missing = []
    for target, grade in grades.items():
        found = resolve(target)
        if not found:
            missing.append(target)
        for document in found:
            documents[document] = max(documents.get(document, 0), grade)
    return documents, missing


def ndcg(ranked: list[tuple[str, str]], documents: dict[tuple[str, str], int]) -> float:
    def dcg(gains):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))

    ideal = dcg(sorted(documents.values(), reverse=True)[:CUTOFF])
    return dcg([documents.get(d, 0) for d in ranked[:CUTOFF]]) / ideal if ideal else 0.0


def first_best(ranked: list[tuple[str, str]], documents: dict[tuple[str, str], int]) -> int | None:
    """Rank (1-based) of the first grade-3 result within the first page, or None."""
    for rank, document in enumerate(ranked, start=1):
        if documents.get(document) == 3:
            return rank
    return None


def evaluate(queries: list[dict], *, bounded: bool = True, exact: bool = True,
             fields: bool = True) -> list[dict]:  # fmt: skip
    """Judge the first page of every query; ``bounded=False`` ranks every match,
    ``exact=False`` drops the exact-title bonus and ``fields=False`` the field-of-action
    documents (both decision 0044), to show what each adds."""
    from stadtnetz.search import ranking, selectors
    from stadtnetz.search.text import parse_query

    saved = selectors.CANDIDATES, ranking.EXACT_TITLE_WEIGHT
    if not bounded:
        selectors.CANDIDATES = 10**7
    if not exact:
        ranking.EXACT_TITLE_WEIGHT = 0
    try:
        rows = []
        for entry in queries:
            documents, missing = judged_documents(entry["grades"])
            ranked = [
                (doc_type, object_id)
                for doc_type, object_id, _score in selectors.ranked_ids(
                    parse_query(entry["query"]), limit=selectors.PAGE_SIZE + 10
                )
                if fields or doc_type != "field"
            ][: selectors.PAGE_SIZE]
            best = first_best(ranked, documents)
            rows.append({
                "query": entry["query"], "ndcg10": round(ndcg(ranked, documents), 4),
                "first_best_rank": best, "reciprocal_rank": round(1 / best, 4) if best else 0.0,
                "top3": [f"{t}:{i}:g{documents.get((t, i), 0)}" for t, i in ranked[:3]],
                "judged_documents": len(documents), "missing_targets": missing,
            })  # fmt: skip
        return rows
    finally:
        selectors.CANDIDATES, ranking.EXACT_TITLE_WEIGHT = saved


def summary(rows: list[dict]) -> dict:
    n = len(rows)
    return {
        "queries": n,
        "ndcg10_mean": round(sum(r["ndcg10"] for r in rows) / n, 4),
        "mrr": round(sum(r["reciprocal_rank"] for r in rows) / n, 4),
        "first_is_best": sum(1 for r in rows if r["first_best_rank"] == 1),
        "best_not_on_first_page": [r["query"] for r in rows if r["first_best_rank"] is None],
    }


def latency(queries: list[dict], rounds: int) -> dict:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for entry in queries:  # warm up
        assert client.get("/api/v1/search", {"q": entry["query"]}).status_code == 200
    timings, floor = [], []
    for _round in range(rounds):
        for entry in queries:
            start = time.perf_counter()
            response = client.get("/api/v1/search", {"q": entry["query"]})
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200, (entry["query"], response.status_code)
            start = time.perf_counter()
            client.get("/healthz")
            floor.append(time.perf_counter() - start)
    return {
        "requests": len(timings), "p50_ms": round(percentile(timings, 0.5) * 1000, 2),
        "p95_ms": round(percentile(timings, 0.95) * 1000, 2),
        "max_ms": round(max(timings) * 1000, 2),
        "floor_p50_ms": round(percentile(floor, 0.5) * 1000, 3),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--no-setup",
        action="store_true",
        help="use the database of the environment as it is (for trying judgements)",
    )
    args = parser.parse_args()
    folder = os.environ.get("STADTNETZ_DATA_DIR") if args.no_setup else None
    folder = folder or tempfile.mkdtemp(prefix="stadtnetz-bench-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_DEBUG": "0",
                       "STADTNETZ_ALLOW_INSECURE_KEY": "1", "STADTNETZ_LOG_LEVEL": "WARNING",
                       "STADTNETZ_DATA_DIR": folder,
                       # the benchmark is one client asking many times: no rate limit
                       "STADTNETZ_RATE_SEARCH": "1000000", "STADTNETZ_RATE_API_READ": "1000000",
                       "STADTNETZ_TASKS_BACKEND":
                           "django_tasks.backends.immediate.ImmediateBackend"})  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from stadtnetz.search.models import SearchDocument

    started = time.perf_counter()
    if not args.no_setup:
        call_command("migrate", verbosity=0)
        for step in run_steps():
            name, *options = step.split()
            call_command(name.replace("-", "_"), *options, verbosity=0)
    setup_seconds = time.perf_counter() - started
    # Statistics for the planner, as autovacuum would gather them on a running site (bench/search.py).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    queries = load_judgements()
    bounded = evaluate(queries)
    unbounded = evaluate(queries, bounded=False)
    ablations = {
        "without_exact_title_bonus": summary(evaluate(queries, exact=False)),
        "without_field_documents": summary(evaluate(queries, fields=False)),
        "without_both": summary(evaluate(queries, exact=False, fields=False)),
    }
    changed = [
        b["query"] for b, u in zip(bounded, unbounded, strict=True) if b["top3"] != u["top3"]
    ]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    counts = dict(SearchDocument.objects.values_list("doc_type").annotate(n=Count("pk")))
    result = {
        "benchmark": "search_relevance", "date": time.strftime("%Y-%m-%d"), "commit": commit,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
        "parameters": {"database": connection.vendor, "judgements": str(JUDGEMENTS.relative_to(ROOT)),
                       "cutoff": CUTOFF, "rounds": args.rounds, "setup_steps": run_steps()},
        "setup_seconds": round(setup_seconds, 1), "documents": counts,
        "bounded": summary(bounded), "unbounded": summary(unbounded),
        "top3_differs_when_unbounded": changed, "ablations": ablations,
        "latency": latency(queries, args.rounds),
        "per_query": bounded,
    }  # fmt: skip
    name = "search_relevance" + ("" if connection.vendor == "sqlite" else f"_{connection.vendor}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "per_query"}, indent=2,
                     ensure_ascii=False))  # fmt: skip
    for row in bounded:
        print(f"{row['ndcg10']:.3f}  rr={row['reciprocal_rank']:.2f}  {row['query']!r:28s} "
              f"{' '.join(row['top3'])}  missing={len(row['missing_targets'])}")  # fmt: skip


if __name__ == "__main__":
    main()
