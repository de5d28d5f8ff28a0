# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Scoring engine throughput: evaluate() with next steps over random complete answer sets.

Floor measured in the same run: validate_answers() on the same sets (a dict walk over 40 ids).
Writes bench/results/assessment_scoring.json.
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

from stadtnetz.assessments import engine, questionnaire  # noqa: E402

RUNS, SETS = 15, 500


def main() -> None:
    q = questionnaire.current()
    rng = random.Random(2026)
    sets = [{x.id: rng.choice(q.allowed_answers(x)) for x in q.questions} for _ in range(SETS)]
    floor, full, bare = [], [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        for answers in sets:
            engine.validate_answers(q, answers)
        floor.append((time.perf_counter() - start) / SETS)
        start = time.perf_counter()
        for answers in sets:
            engine.evaluate(q, answers, with_steps=False)
        bare.append((time.perf_counter() - start) / SETS)
        start = time.perf_counter()
        for answers in sets:
            engine.evaluate(q, answers)
        full.append((time.perf_counter() - start) / SETS)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()  # fmt: skip
    med = {name: statistics.median(v) for name, v in
           (("validate", floor), ("evaluate_scores", bare), ("evaluate_with_steps", full))}  # fmt: skip
    result = {
        "machine": f"{platform.machine()} {platform.processor() or ''} Python {platform.python_version()}",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "params": {"runs": RUNS, "answer_sets": SETS, "questionnaire": q.version},
        "median_seconds_per_set": med,
        "per_second": {k: round(1 / v) for k, v in med.items()},
        "ratio_to_floor": {k: round(v / med["validate"], 1) for k, v in med.items()},
    }
    out = Path(__file__).parent / "results" / "assessment_scoring.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
