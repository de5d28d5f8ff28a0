# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reviewer assignment: time to a complete, balanced, conflict-free assignment.

500 applications × 60 reviewers × 2 reviews per application, 5 % of all pairs conflicted
(random), five instances (seeds 1–5), medians:

- ``exact``: assignment.assign() — exact HiGHS solve, load within ±1 of the mean, plus the
  exact re-check;
- ``exact_expertise``: the same with a main field per application (5 fields) and one or two
  fields per reviewer, at least one expert per application where possible (first objective);
- ``floor``: a hand-written greedy (each application in turn takes the least-loaded
  conflict-free reviewers), the least work any assignment takes; ratio = exact / floor. The
  greedy gives no guarantee: the figures say how often it ends complete and within ±1.

Goal (issue 11): under 2 s. Writes bench/results/assignment.json.
"""

from __future__ import annotations

import datetime
import json
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stadtnetz.reviews import assignment  # noqa: E402

APPLICATIONS, REVIEWERS, PER_APPLICATION, CONFLICTS = 500, 60, 2, 0.05
SEEDS = (1, 2, 3, 4, 5)
FIELDS = ("mobility", "energy", "administration", "participation", "data")


def instance(seed: int):
    rng = random.Random(seed)
    apps = list(range(1, APPLICATIONS + 1))
    revs = list(range(1001, 1001 + REVIEWERS))
    allowed = [(a, r) for a in apps for r in revs if rng.random() >= CONFLICTS]
    fields = {a: rng.choice(FIELDS) for a in apps}
    expertise = {r: set(rng.sample(FIELDS, rng.randint(1, 2))) for r in revs}
    return apps, revs, allowed, fields, expertise


def greedy(apps, revs, allowed):
    free = {a: [] for a in apps}
    for a, r in allowed:
        free[a].append(r)
    load = dict.fromkeys(revs, 0)
    pairs = []
    for a in apps:
        for r in sorted(free[a], key=lambda r: (load[r], r))[:PER_APPLICATION]:
            load[r] += 1
            pairs.append((a, r))
    return pairs, load


def main() -> None:
    assignment.assign(applications=[1], reviewers=[2], allowed=[(1, 2)], per_application=1)
    exact, with_fields, floor, covered, greedy_ok, spread = [], [], [], [], 0, []
    mean = APPLICATIONS * PER_APPLICATION / REVIEWERS
    for seed in SEEDS:
        apps, revs, allowed, fields, expertise = instance(seed)
        start = time.perf_counter()
        answer = assignment.assign(applications=apps, reviewers=revs, allowed=allowed,
                                   per_application=PER_APPLICATION)  # fmt: skip
        exact.append(time.perf_counter() - start)
        assert answer["status"] == "optimal"
        assert all(abs(v - mean) <= 1 for v in answer["loads"].values())
        spread.append(max(answer["loads"].values()) - min(answer["loads"].values()))
        start = time.perf_counter()
        answer = assignment.assign(applications=apps, reviewers=revs, allowed=allowed,
                                   per_application=PER_APPLICATION, fields=fields,
                                   expertise=expertise)  # fmt: skip
        with_fields.append(time.perf_counter() - start)
        covered.append(answer["expertise_covered"])
        start = time.perf_counter()
        pairs, load = greedy(apps, revs, allowed)
        floor.append(time.perf_counter() - start)
        complete = len(pairs) == APPLICATIONS * PER_APPLICATION
        greedy_ok += 1 if complete and all(abs(v - mean) <= 1 for v in load.values()) else 0
    med = statistics.median
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()  # fmt: skip
    result = {
        "machine": f"{platform.machine()} {platform.processor() or ''} Python {platform.python_version()}, {assignment.solver_name()}",  # fmt: skip
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "params": {
            "applications": APPLICATIONS,
            "reviewers": REVIEWERS,
            "per_application": PER_APPLICATION,
            "conflicts": CONFLICTS,
            "instances": len(SEEDS),
        },  # fmt: skip
        "goal": "complete balanced assignment < 2 s",
        "figures": {
            "exact_seconds_median": round(med(exact), 3),
            "exact_seconds_max": round(max(exact), 3),
            "load_spread_max": max(spread),
            "exact_expertise_seconds_median": round(med(with_fields), 3),
            "expertise_covered_min": f"{min(covered)} of {APPLICATIONS}",
            "floor_greedy_seconds_median": round(med(floor), 4),
            "ratio_to_floor": round(med(exact) / med(floor), 1),
            "greedy_complete_and_balanced": f"{greedy_ok} of {len(SEEDS)}",
        },
    }
    out = Path(__file__).parent / "results" / "assignment.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
