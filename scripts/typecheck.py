#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Types, checked as a ratchet (issue 15, item 8).

mypy with django-stubs runs over stadtnetz/ and config/ (configuration in pyproject.toml). Two
rules:

1. The modules other apps and the API rely on — every app's ``services``, ``selectors``,
   ``permissions`` and ``api`` (modules or packages) — have **no** errors.
2. Every other file has at most as many errors as scripts/mypy-baseline.json records for it, and
   a file that is not in the baseline has none. The baseline may only shrink: when a file gets
   better, ``--update`` writes the smaller numbers (review refuses a baseline that grows).

Usage: scripts/typecheck.py [--update]
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scripts" / "mypy-baseline.json"
STRICT = re.compile(r"^stadtnetz/[a-z_]+/(services|selectors|permissions|api)(\.py$|/)")
ERROR = re.compile(r"^(?P<path>[^:]+):\d+: error: ")


def run_mypy() -> list[str]:
    env = dict(os.environ, DJANGO_DEBUG="1")
    env.setdefault("STADTNETZ_DATA_DIR", tempfile.mkdtemp(prefix="stadtnetz-mypy-"))
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-m", "mypy", "stadtnetz", "config"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode not in (0, 1):
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit("mypy did not run (see above)")
    return [line for line in result.stdout.splitlines() if ERROR.match(line)]


def main() -> int:
    errors = run_mypy()
    per_file = Counter(ERROR.match(line)["path"] for line in errors)
    if "--update" in sys.argv:
        BASELINE.write_text(json.dumps(dict(sorted(per_file.items())), indent=1) + "\n")
        print(
            f"Wrote {BASELINE.relative_to(ROOT)}: {sum(per_file.values())} errors in {len(per_file)} files"
        )
        return 0
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    failures = [line for line in errors if STRICT.match(ERROR.match(line)["path"])]
    for path, count in sorted(per_file.items()):
        if not STRICT.match(path) and count > baseline.get(path, 0):
            failures += [line for line in errors if line.startswith(f"{path}:")]
            failures.append(f"{path}: {count} errors, the baseline allows {baseline.get(path, 0)}")
    if failures:
        print("\n".join(failures))
        print("\nType errors: services, selectors, permissions and api modules must have none; "
              "other files no more than scripts/mypy-baseline.json allows.")  # fmt: skip
        return 1
    shrunk = {p: n for p, n in baseline.items() if per_file.get(p, 0) < n}
    total = sum(per_file.values())
    print(f"Types: {total} errors outside the strict modules, within the baseline "
          f"({sum(baseline.values())}).")  # fmt: skip
    if shrunk:
        print(f"{len(shrunk)} files improved: run scripts/typecheck.py --update to lock that in.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
