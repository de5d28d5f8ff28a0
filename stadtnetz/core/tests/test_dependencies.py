# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The lock files, the declared dependencies and the dependency audit (issue 14, item 24)."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[3]
LOCK, LOCK_TEST = ROOT / "requirements" / "lock.txt", ROOT / "requirements" / "lock-test.txt"


def _audit():
    spec = importlib.util.spec_from_file_location(
        "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _pins(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for line in requirements:
        requirement = Requirement(line)
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{line} is not pinned"
        pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def _entries(lock: Path) -> dict[str, tuple[str, int]]:
    """name → (version, number of hashes) of a lock file."""
    entries, current = {}, None
    for line in lock.read_text().splitlines():
        if match := re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line):
            current = canonicalize_name(match[1])
            entries[current] = (match[2], 0)
        elif current and "--hash=sha256:" in line:
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
    return entries


def test_lock_files_pin_what_pyproject_pins_with_hashes():
    runtime, test = (
        _pins(_project()["dependencies"]),
        _pins(_project()["optional-dependencies"]["test"]),
    )
    lock, lock_test = _entries(LOCK), _entries(LOCK_TEST)
    stale = [f"{name}=={version} (lock: {lock.get(name, ('missing',))[0]})"
             for name, version in runtime.items() if lock.get(name, ("missing",))[0] != version]  # fmt: skip
    stale += [f"{name}=={version} (lock-test: {lock_test.get(name, ('missing',))[0]})"
              for name, version in (runtime | test).items()
              if lock_test.get(name, ("missing",))[0] != version]  # fmt: skip
    assert stale == [], "pyproject.toml changed without its lock files: run `make lock`"
    # the test lock installs on top of the runtime lock: same versions for shared packages
    assert {n: v for n, (v, _) in lock.items()} == {n: lock_test[n][0] for n in lock}
    for entries in (lock, lock_test):
        assert all(hashes for _, hashes in entries.values())  # --require-hashes needs every one
        assert "pip" in entries and "setuptools" in entries  # the installers are locked too


def test_directly_imported_packages_are_runtime_dependencies():
    runtime = _pins(_project()["dependencies"])
    for name in ("reuse", "pydantic", "fonttools"):
        assert name in runtime, f"{name} is imported by Stadtnetz at run time"
    assert tuple(int(p) for p in runtime["django-tasks-db"].split(".")) >= (0, 13, 0)
    assert tuple(int(p) for p in runtime["weasyprint"].split(".")[:1]) >= (70,)


def test_make_install_uses_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert "PIP_LOCKED := $(BIN)/python -m pip install -q --require-hashes --no-deps" in makefile
    assert (
        "$(PIP_LOCKED) -r $(LOCK)\n" in makefile and "$(PIP_LOCKED) -r $(LOCK_TEST)\n" in makefile
    )
    assert "pip install -q -e '.[test]'" not in makefile
    assert "scripts/audit-dependencies.sh" in (ROOT / ".ci" / "run").read_text()


@pytest.fixture
def audit():
    return _audit()


def test_audit_finds_a_known_vulnerability_offline(audit, tmp_path, capsys):
    lock = tmp_path / "lock.txt"
    lock.write_text("django==5.0.3 \\\n    --hash=sha256:00\nrequests==2.31.0\n")
    empty = tmp_path / "exceptions.txt"
    empty.write_text("")
    assert audit.main(["--offline", "--exceptions", str(empty), str(lock)]) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE django 5.0.3: PYSEC-2024-70" in out  # introduced 5.0, fixed 5.0.8
    assert "requests" not in out.split("audit:")[-2]  # 2.31.0 is the fixed release


def test_audit_exception_needs_a_reason_and_excuses(audit, tmp_path, capsys):
    lock = tmp_path / "lock.txt"
    lock.write_text("django==5.0.7\n")
    exceptions = tmp_path / "exceptions.txt"
    exceptions.write_text("CVE-2024-42005 we never call values() with user keys\n"
                          "CVE-2024-41989 x\nCVE-2024-41990 x\nCVE-2024-41991 x\nPYSEC-2024-102 x\n")  # fmt: skip
    assert audit.main(["--offline", "--exceptions", str(exceptions), str(lock)]) == 0
    assert "excused django 5.0.7: PYSEC-2024-70 – we never call values()" in capsys.readouterr().out
    exceptions.write_text("CVE-2024-42005\n")
    with pytest.raises(SystemExit, match="no reason"):
        audit.main(["--offline", "--exceptions", str(exceptions), str(lock)])


@pytest.mark.parametrize(
    ("version", "affected"),
    [("4.1.9", False), ("4.2", True), ("4.2.14", True), ("4.2.15", False), ("5.0.3", True),
     ("5.0.8", False), ("5.1", False)],
)  # fmt: skip
def test_osv_ranges_in_any_order(audit, version, affected):
    from packaging.version import Version

    entry = {
        "ranges": [
            [{"introduced": "5.0"}, {"fixed": "5.0.8"}, {"introduced": "4.2"}, {"fixed": "4.2.15"}]
        ]
    }
    assert audit._affected(Version(version), entry) is affected


def test_the_locked_dependencies_have_no_known_vulnerability(audit, capsys):
    assert audit.main(["--offline", str(LOCK), str(LOCK_TEST)]) == 0, capsys.readouterr().out
