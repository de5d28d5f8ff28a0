# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Check the locked dependencies against known vulnerabilities (OSV advisories for PyPI).

Two sources, in this order for every locked package:

1. PyPI's own vulnerability data (``/pypi/<name>/<version>/json``, the service pip-audit uses),
   when the registry serves it. The package registry this project's machines reach does not
   (it answers 404 for every release), so by default this is only tried and reported.
2. An offline snapshot of the Python Packaging Advisory Database (OSV format, CC BY 4.0) kept in
   ``scripts/advisories/pypa-advisory-database.json``. Always checked; its date is printed, and
   a snapshot older than ``--max-age-days`` is reported as stale (refresh it with
   ``--refresh-from`` on a checkout of github.com/pypa/advisory-database).

A finding fails the audit unless its id (or an alias) is listed with a reason in
``requirements/audit-exceptions.txt``; docs/operations.md lists the same exceptions.

Usage: python scripts/audit_dependencies.py requirements/lock.txt requirements/lock-test.txt
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "scripts" / "advisories" / "pypa-advisory-database.json"
EXCEPTIONS = ROOT / "requirements" / "audit-exceptions.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    id: str
    aliases: tuple[str, ...]
    fixed: tuple[str, ...]
    summary: str
    source: str


def read_pins(lock_files: list[Path]) -> dict[str, str]:
    """``name==version`` lines of pip/uv lock files (continuation and hash lines skipped)."""
    pins: dict[str, str] = {}
    for lock in lock_files:
        for line in lock.read_text(encoding="utf-8").splitlines():
            match = PIN.match(line.strip())
            if match:
                pins[canonicalize_name(match[1])] = match[2]
    return pins


def read_exceptions(path: Path = EXCEPTIONS) -> dict[str, str]:
    """``ID reason…`` per line; ``#`` starts a comment."""
    exceptions: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                ident, _, reason = line.partition(" ")
                if not reason.strip():
                    raise SystemExit(f"{path}: exception {ident} has no reason")
                exceptions[ident] = reason.strip()
    return exceptions


# --- the offline snapshot -------------------------------------------------------------------------


def _event_version(event: dict) -> Version:
    value = next(iter(event.values()))
    return Version("0") if value == "0" else Version(value)


def _affected(version: Version, entry: dict) -> bool:
    """OSV semantics for one ``affected`` entry of type ECOSYSTEM: events in PEP 440 order."""
    if str(version) in entry.get("versions", ()):
        return True
    for events in entry.get("ranges", ()):
        try:
            ordered = sorted(events, key=_event_version)
        except InvalidVersion:
            ordered = events
        hit = False
        for event in ordered:
            kind, value = next(iter(event.items()))
            try:
                bound = Version("0") if value == "0" else Version(value)
            except InvalidVersion:
                continue
            if kind == "introduced" and version >= bound:
                hit = True
            elif kind == "fixed" and version >= bound:
                hit = False
            elif kind == "last_affected" and version > bound:
                hit = False
        if hit:
            return True
    return False


def offline_findings(pins: dict[str, str], snapshot: dict) -> list[Finding]:
    findings = []
    for name, raw in pins.items():
        try:
            version = Version(raw)
        except InvalidVersion:
            continue
        for advisory in snapshot["advisories"].get(name, ()):
            if any(_affected(version, entry) for entry in advisory["affected"]):
                findings.append(Finding(name, raw, advisory["id"], tuple(advisory["aliases"]),
                                        tuple(advisory["fixed"]), advisory["summary"], "snapshot"))  # fmt: skip
    return findings


def refresh(checkout: Path) -> dict:
    """Compact the YAML advisories of a pypa/advisory-database checkout into one JSON file."""
    import subprocess

    import yaml

    advisories: dict[str, list] = {}
    for path in sorted((checkout / "vulns").glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("withdrawn"):
            continue
        for affected in data.get("affected", ()):
            package = affected.get("package", {})
            if package.get("ecosystem") != "PyPI":
                continue
            ranges = [r["events"] for r in affected.get("ranges", ()) if r["type"] == "ECOSYSTEM"]
            fixed = [e["fixed"] for events in ranges for e in events if "fixed" in e]
            entry = {"ranges": ranges} if ranges else {"versions": affected.get("versions", [])}
            summary = (data.get("summary") or data.get("details") or "").strip().split("\n")[0]
            advisories.setdefault(canonicalize_name(package["name"]), []).append({
                "id": data["id"], "aliases": data.get("aliases", []), "fixed": fixed,
                "summary": summary[:200], "affected": [entry],
            })  # fmt: skip
    commit = date = "unknown"
    if (checkout / ".git").exists():
        commit, date = subprocess.run(  # noqa: S603 – fixed git command on a local checkout
            ["git", "-C", str(checkout), "log", "-1", "--format=%H %cs"],  # noqa: S607
            capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip
    return {
        "source": "https://github.com/pypa/advisory-database (CC BY 4.0)",
        "commit": commit, "date": date, "advisories": advisories,
    }  # fmt: skip


# --- PyPI's vulnerability data ---------------------------------------------------------------------


def pypi_findings(pins: dict[str, str], *, timeout: float = 10.0) -> tuple[list[Finding], int]:
    """Findings from PyPI's per-release JSON and how many releases it answered for."""
    findings, answered = [], 0
    for name, version in pins.items():
        url = f"https://pypi.org/pypi/{name}/{version}/json"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 – fixed https URL
                data = json.load(response)
        except (urllib.error.URLError, TimeoutError, ValueError):
            if answered == 0 and name == next(iter(pins)):
                return [], 0  # the first release is not served: the registry has no such API
            continue
        answered += 1
        for vuln in data.get("vulnerabilities") or ():
            if vuln.get("withdrawn"):
                continue
            findings.append(Finding(name, version, vuln["id"], tuple(vuln.get("aliases") or ()),
                                    tuple(vuln.get("fixed_in") or ()), (vuln.get("summary") or vuln.get("details") or "")[:200],
                                    "pypi"))  # fmt: skip
    return findings, answered


# --- command line ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("locks", nargs="*", type=Path, help="lock files to audit")
    parser.add_argument("--offline", action="store_true", help="do not ask PyPI")
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT)
    parser.add_argument("--exceptions", type=Path, default=EXCEPTIONS)
    parser.add_argument("--max-age-days", type=int, default=180)
    parser.add_argument("--refresh-from", type=Path, metavar="CHECKOUT",
                        help="rebuild the snapshot from a pypa/advisory-database checkout")  # fmt: skip
    args = parser.parse_args(argv)

    if args.refresh_from:
        data = refresh(args.refresh_from)
        args.snapshot.parent.mkdir(parents=True, exist_ok=True)
        args.snapshot.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n")
        count = sum(len(v) for v in data["advisories"].values())
        print(f"snapshot: {count} advisories of {len(data['advisories'])} packages, {data['date']}")
        return 0
    if not args.locks:
        parser.error("name at least one lock file")

    pins = read_pins(args.locks)
    exceptions = read_exceptions(args.exceptions)
    snapshot = json.loads(args.snapshot.read_text(encoding="utf-8"))
    findings = offline_findings(pins, snapshot)
    age = (dt.date.today() - dt.date.fromisoformat(snapshot["date"])).days
    print(f"audit: {len(pins)} locked packages; advisory snapshot {snapshot['commit'][:12]} "
          f"of {snapshot['date']} ({age} days old)")  # fmt: skip
    if age > args.max_age_days:
        print(f"audit: WARNING the advisory snapshot is older than {args.max_age_days} days; "
              "refresh it (docs/operations.md, 'Dependency audit')")  # fmt: skip
    if not args.offline:
        online, answered = pypi_findings(pins)
        if answered:
            print(f"audit: PyPI answered for {answered} of {len(pins)} releases")
            findings += online
        else:
            print("audit: PyPI's per-release vulnerability data is not served here; "
                  "checked the offline snapshot only")  # fmt: skip

    failing, excused = [], []
    for finding in sorted(set(findings), key=lambda f: (f.package, f.id)):
        ids = {finding.id, *finding.aliases}
        (excused if ids & exceptions.keys() else failing).append(finding)
    for finding in excused:
        reason = next(exceptions[i] for i in (finding.id, *finding.aliases) if i in exceptions)
        print(f"  excused {finding.package} {finding.version}: {finding.id} – {reason}")
    for finding in failing:
        fixed = ", ".join(finding.fixed) or "no fixed version"
        print(f"  VULNERABLE {finding.package} {finding.version}: {finding.id} "
              f"({', '.join(finding.aliases)}) fixed in {fixed} [{finding.source}] {finding.summary}")  # fmt: skip
    print(f"audit: {len(failing)} known vulnerabilities, {len(excused)} documented exceptions")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
