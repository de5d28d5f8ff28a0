# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Run the reference parser's test suite (italia/publiccode-parser-go, commit 2a1f25a) through
our validator and measure the agreement.

Every fixture is validated without network, with relative files resolved against the
fixture's directory (the reference does the same for local files). Expected results that only
the network can produce (URL reachability, code-repository detection, remote files) are left
out of the comparison; a fixture whose expectations are *all* network results needs the network
and is not counted (see ``NETWORK_ONLY``).

Run as a script to print the figures: ``python -m stadtnetz.publiccode.tests.agreement``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from stadtnetz.publiccode import validate_file

DATA = Path(__file__).parent / "data"

_NETWORK_RE = re.compile(
    r"not reachable: |^is not a valid code repository$|HTTP GET failed for |"
    r"^failed to get raw URL for code repository"
)

# fixture -> reason; the agreement test fails if another fixture disagrees, so this list is
# complete by construction.
KNOWN_DIFFERENCES: dict[str, str] = {
    "testdata/v0/invalid/invalid_yaml.yml": (
        "YAML syntax errors: same (type, key) = (error, ''), but libyaml words the message "
        "differently from goccy/go-yaml ('mapping values are not allowed here' vs 'value is not "
        "allowed in this context') and reports the line of the token it stopped at"
    ),
}


@dataclass
class Case:
    path: str
    expected: list[dict]
    needs_network: bool = False


@dataclass
class Report:
    total: int = 0
    skipped_network: list[str] = field(default_factory=list)
    valid_agree: int = 0
    set_agree: int = 0
    exact_agree: int = 0
    differences: dict[str, dict] = field(default_factory=dict)

    @property
    def valid_ratio(self) -> float:
        return self.valid_agree / self.total if self.total else 0.0

    @property
    def set_ratio(self) -> float:
        return self.set_agree / self.total if self.total else 0.0

    @property
    def exact_ratio(self) -> float:
        return self.exact_agree / self.total if self.total else 0.0

    def summary(self) -> str:
        return (
            f"fixtures compared: {self.total} (+{len(self.skipped_network)} need the network)\n"
            f"valid/invalid agreement: {self.valid_agree}/{self.total} "
            f"= {100 * self.valid_ratio:.1f} %\n"
            f"exact (type, key) set agreement: {self.set_agree}/{self.total} "
            f"= {100 * self.set_ratio:.1f} %\n"
            f"exact ordered results incl. message, line, column: {self.exact_agree}/{self.total} "
            f"= {100 * self.exact_ratio:.1f} %"
        )


def load_cases() -> list[Case]:
    spec = json.loads((DATA / "expected-results.json").read_text(encoding="utf-8"))
    cases: dict[str, Case] = {}

    def put(path: str, expected: list[dict], mode: str) -> None:
        if not (DATA / path).is_file():
            return
        # Prefer no-network expectations when a fixture is listed twice.
        if path in cases and mode != "no-network":
            return
        cases[path] = Case(path, expected)

    for name, group in spec.items():
        if name.startswith("_"):
            continue
        mode = group.get("parser_mode", "")
        if "expected_for_every_file" in group:
            for directory in group["dirs"]:
                for file in sorted((DATA / directory).glob("*.yml")):
                    put(str(file.relative_to(DATA)), group["expected_for_every_file"], mode)
        elif "cases" in group:
            for item in group["cases"]:
                if not item["file"].startswith("http"):
                    put(item["file"], item["expected"], mode)
        else:
            directory = group["dir"]
            for file, expected in group["expected"].items():
                path = directory if directory.endswith(".yml") else directory + file
                put(path, expected, mode)
    for pattern, mode in (
        ("testdata/v0/valid/*.yml", "network"),
        ("testdata/v0/valid/no-network/*.yml", "no-network"),
    ):
        for file in sorted(DATA.glob(pattern)):
            put(str(file.relative_to(DATA)), [], mode)

    out = []
    for case in cases.values():
        offline = [r for r in case.expected if not _NETWORK_RE.search(r["description"])]
        if case.expected and not offline:
            case.needs_network = True
        case.expected = offline
        out.append(case)
    return sorted(out, key=lambda c: c.path)


def _normalise(description: str) -> str:
    return description.replace(str(DATA) + "/", "<CWD>/")


def run() -> Report:
    report = Report()
    for case in load_cases():
        if case.needs_network:
            report.skipped_network.append(case.path)
            continue
        result = validate_file(DATA / case.path)
        got = [r.to_dict() for r in result.results]
        for item in got:
            item["description"] = _normalise(item["description"])
        expected_valid = not any(r["type"] == "error" for r in case.expected)
        got_pairs = {(r["type"], r["key"]) for r in got}
        expected_pairs = {(r["type"], r["key"]) for r in case.expected}
        report.total += 1
        ok_valid = expected_valid == result.valid
        ok_set = got_pairs == expected_pairs
        report.valid_agree += ok_valid
        report.set_agree += ok_set
        report.exact_agree += got == case.expected
        if not (ok_valid and ok_set):
            report.differences[case.path] = {"expected": case.expected, "got": got}
    return report


if __name__ == "__main__":
    rep = run()
    print(rep.summary())
    print("needs network:", ", ".join(rep.skipped_network))
    for path, diff in rep.differences.items():
        print("DIFF", path)
        print("  expected:", [(r["type"], r["key"], r["description"]) for r in diff["expected"]])
        print("  got:     ", [(r["type"], r["key"], r["description"]) for r in diff["got"]])
