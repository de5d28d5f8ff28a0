# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""How long the second ``make run`` takes until it serves pages (issue 16: goal within 10 s).

Runs ``make run`` once to prepare (skipped when the data directory is already prepared), then
N more times: each time from the command to the first 200 of the home page, then Ctrl+C to the
process group. The floor, measured in the same run and interleaved: one bare Django start
(``stadtnetz check``), the least any start of Stadtnetz costs on this machine. Medians.

    .venv/bin/python bench/make_run_start.py [--runs 5] [--port 8199]

Writes bench/results/make_run_start.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local URL
            return response.status == 200
    except OSError:
        return False


def start_once(port: int, timeout: float) -> tuple[float, str]:
    env = {**os.environ, "PORT": str(port)}
    started = time.perf_counter()
    process = subprocess.Popen(["make", "run"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True, text=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        while not serving(url):
            if process.poll() is not None or time.perf_counter() - started > timeout:
                raise SystemExit(f"make run did not serve {url}:\n{process.stdout.read()}")
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    finally:
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    return elapsed, output


def floor_once() -> float:
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    started = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/stadtnetz"), "check"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8199)
    args = parser.parse_args()
    first, output = start_once(args.port, timeout=1800)
    print(f"preparing start: {first:.1f} s")
    starts, floors = [], []
    for run in range(args.runs):
        floors.append(floor_once())
        elapsed, output = start_once(args.port, timeout=300)
        starts.append(elapsed)
        skipped = output.count("unchanged, skipped")
        print(f"run {run + 1}: serving after {elapsed:.2f} s ({skipped} steps skipped), "
              f"floor {floors[-1]:.2f} s")  # fmt: skip
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    result = {
        "benchmark": "make_run_start", "date": time.strftime("%Y-%m-%d"), "commit": commit,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_at_end": os.getloadavg()},
        "parameters": {"runs": args.runs, "port": args.port},
        "first_start_s": round(first, 2),
        "second_start_s": [round(s, 2) for s in starts],
        "second_start_median_s": round(statistics.median(starts), 2),
        "floor_django_start_s": [round(f, 2) for f in floors],
        "floor_median_s": round(statistics.median(floors), 2),
        "ratio_to_floor": round(statistics.median(starts) / statistics.median(floors), 1),
        "goal_s": 10,
    }  # fmt: skip
    out = ROOT / "bench" / "results" / "make_run_start.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    sys.exit(0 if result["second_start_median_s"] <= 10 else 1)


if __name__ == "__main__":
    main()
