# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Jury optimiser: time to proven optimality and the greedy top-N gap on random instances.

For 100, 500 and 2,000 candidates, five random instances each (seeds 1–5) with every
constraint kind: budget (about a tenth of all requested grants), min and max per size class,
max per state, min distinct states, every state, min score, two include and two exclude pins.
Figures per size are medians over the five instances:

- ``optimal``: solve_selection(explain=False) — the MILP solved with gaps 0 (proven optimum)
  plus the exact re-check;
- ``explained``: solve_selection() — plus one re-solve per constraint group (binding
  constraints) and the greedy walk, i.e. what the API returns;
- ``floor``: the LP relaxation of the same model (HiGHS simplex, no integrality), the least
  any solver must do; ratio = optimal / floor;
- greedy gap: optimum − greedy objective, absolute and in % of the optimum, and how many
  greedy picks miss a minimum constraint.

Goal (issue 11): 500 candidates optimal in under 1 s. Writes bench/results/selection.json.
"""

from __future__ import annotations

import datetime
import json
import math
import platform
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stadtnetz.reviews import selection  # noqa: E402

SIZES = (100, 500, 2000)
SEEDS = (1, 2, 3, 4, 5)
CLASS_WEIGHTS = (0.15, 0.3, 0.35, 0.12, 0.08)


def instance(n: int, seed: int):
    rng = random.Random(seed * 7919 + n)
    candidates = []
    for i in range(n):
        candidates.append(selection.Candidate(
            id=i + 1,
            score=Decimal(rng.randint(200 if i in (3, 7) else 50, 500)) / 100,
            cost=Decimal(rng.randint(50_000, 2_500_000)) + Decimal(rng.randint(0, 99)) / 100,
            size_class=rng.choices(selection.SIZE_CLASSES, CLASS_WEIGHTS)[0],
            state=rng.choice(selection.STATES),
            pinned="include" if i in (3, 7) else "exclude" if i in (1, 5) else None,
        ))  # fmt: skip
    budget = (sum(c.cost for c in candidates) / 10).quantize(Decimal("0.01"))
    picks = n // 10  # roughly how many the budget buys
    constraints = selection.Constraints(
        budget=budget,
        min_per_size_class={
            k: max(1, int(picks * w * 0.8))
            for k, w in zip(selection.SIZE_CLASSES, CLASS_WEIGHTS, strict=True)
        },  # fmt: skip
        max_per_size_class={
            k: max(2, math.ceil(picks * w * 1.5))
            for k, w in zip(selection.SIZE_CLASSES, CLASS_WEIGHTS, strict=True)
        },  # fmt: skip
        max_per_state=max(2, math.ceil(picks / 10)),
        min_states=12,
        every_state=True,
        min_score=Decimal("1.0"),
    )
    return candidates, constraints


def timed(function):
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def main() -> None:
    # warm up: import HiGHS and numpy once
    selection.solve_selection(*instance(20, 0))
    figures = {}
    for n in SIZES:
        optimal, explained, floor, gaps, gap_pct, greedy_infeasible, counts, statuses = [], [], [], [], [], 0, [], []  # fmt: skip
        for seed in SEEDS:
            candidates, constraints = instance(n, seed)
            seconds, result = timed(lambda c=candidates, k=constraints: selection.solve_selection(c, k, explain=False))  # fmt: skip
            optimal.append(seconds)
            statuses.append(result.status)
            counts.append(len(result.selected))
            seconds, full = timed(lambda c=candidates, k=constraints: selection.solve_selection(c, k))  # fmt: skip
            explained.append(seconds)
            model = selection._Model(candidates, constraints)
            seconds, _ = timed(lambda m=model: m.solve(m.items, relaxed=True))
            floor.append(seconds)
            assert full.objective == result.objective
            if full.gap is not None and full.greedy is not None:
                gaps.append(float(full.gap))
                gap_pct.append(float(full.gap / full.objective * 100))
                greedy_infeasible += 0 if full.greedy.feasible else 1
        med = statistics.median
        figures[str(n)] = {
            "statuses": statuses,
            "selected_median": med(counts),
            "optimal_seconds_median": round(med(optimal), 4),
            "optimal_seconds_max": round(max(optimal), 4),
            "explained_seconds_median": round(med(explained), 4),
            "floor_lp_seconds_median": round(med(floor), 4),
            "ratio_to_floor": round(med(optimal) / med(floor), 1),
            "greedy_gap_median": round(med(gaps), 2),
            "greedy_gap_percent_median": round(med(gap_pct), 2),
            "greedy_gap_percent_max": round(max(gap_pct), 2),
            "greedy_misses_a_minimum": f"{greedy_infeasible} of {len(SEEDS)}",
        }
        print(n, figures[str(n)], flush=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()  # fmt: skip
    result = {
        "machine": f"{platform.machine()} {platform.processor() or ''} Python {platform.python_version()}, {selection.solver_name()}",  # fmt: skip
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "params": {
            "sizes": list(SIZES),
            "instances_per_size": len(SEEDS),
            "constraints": "budget ≈ 10 % of all costs, min/max per size class, max per state, "
            "min_states 12, every_state, min_score 1.0, 2 include + 2 exclude pins",
        },  # fmt: skip
        "goal": "500 candidates optimal < 1 s",
        "figures": figures,
    }
    out = Path(__file__).parent / "results" / "selection.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
