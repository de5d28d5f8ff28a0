# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: publiccode.yml validation throughput over the 95-file real corpus, and its ratio
to a bare ``yaml.load(..., Loader=yaml.CSafeLoader)`` of the same files in the same run.

    .venv/bin/python bench/publiccode_validate.py [--repeats 21]

Both timings read the files from memory (no I/O), run interleaved, and the median of the
repeats is reported. Writes bench/results/publiccode_validate.json; also records the agreement
with the reference parser's test suite.
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
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stadtnetz.publiccode import validate  # noqa: E402

CORPUS = ROOT / "bench" / "data" / "publiccode-corpus"
OUTPUT = ROOT / "bench" / "results" / "publiccode_validate.json"


def _bare(datas: list[bytes]) -> None:
    for data in datas:
        try:
            yaml.load(data, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            pass


def _validate(datas: list[bytes]) -> None:
    for data in datas:
        validate(data)


def _commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".yml", ".yaml"))
    datas = [p.read_bytes() for p in files]
    valid = sum(validate(d).valid for d in datas)  # warm-up (loads vocabularies) + count
    _bare(datas)

    bare_times, validate_times = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        _bare(datas)
        bare_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        _validate(datas)
        validate_times.append(time.perf_counter() - start)

    bare = statistics.median(bare_times)
    checked = statistics.median(validate_times)

    from stadtnetz.publiccode.tests import agreement

    report = agreement.run()
    result = {
        "benchmark": "publiccode_validate",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "pyyaml": yaml.__version__,
            "libyaml": yaml.__with_libyaml__,
        },
        "parameters": {
            "files": len(files),
            "bytes": sum(len(d) for d in datas),
            "repeats": args.repeats,
            "statistic": "median of repeats, interleaved, data in memory",
            "validate_options": {"network": False, "base_path": None},
        },
        "figures": {
            "bare_parse_seconds_per_corpus": round(bare, 6),
            "validate_seconds_per_corpus": round(checked, 6),
            "bare_parse_files_per_second": round(len(files) / bare, 1),
            "validate_files_per_second": round(len(files) / checked, 1),
            "ratio_validate_to_bare_parse": round(checked / bare, 3),
            "goal_ratio_at_most": 2.0,
            "corpus_valid_files": valid,
        },
        "agreement": {
            "fixtures_compared": report.total,
            "fixtures_needing_network": len(report.skipped_network),
            "valid_invalid_percent": round(100 * report.valid_ratio, 1),
            "type_key_set_percent": round(100 * report.set_ratio, 1),
            "exact_results_percent": round(100 * report.exact_ratio, 1),
        },
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    figures = result["figures"]
    print(
        f"{len(files)} files: validate {figures['validate_files_per_second']} files/s, "
        f"bare CSafeLoader parse {figures['bare_parse_files_per_second']} files/s, "
        f"ratio {figures['ratio_validate_to_bare_parse']} (goal <= 2.0)"
    )
    print(report.summary())
    print(f"written {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
