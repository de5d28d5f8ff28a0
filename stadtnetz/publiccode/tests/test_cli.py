# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The command line, run as a subprocess with the project's Python."""

import json
import subprocess
import sys
from pathlib import Path

TESTDATA = Path(__file__).parent / "data" / "testdata" / "v0"
VALID = TESTDATA / "valid" / "valid.minimal.yml"
WARNINGS = TESTDATA / "valid_with_warnings" / "valid.minimal.v0.2.yml"
INVALID = TESTDATA / "invalid" / "name_missing.yml"
ROOT = Path(__file__).resolve().parents[3]


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "stadtnetz.publiccode", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_valid_and_warnings_exit_zero():
    proc = _run("validate", str(VALID), str(WARNINGS))
    assert proc.returncode == 0, proc.stderr
    assert "warning: publiccodeYmlVersion: v0.2 is not the latest version" in proc.stdout


def test_invalid_exits_one_with_reference_text_format():
    proc = _run("validate", str(VALID), str(INVALID))
    assert proc.returncode == 1
    assert f"{INVALID}:1:1: error: name: name is a required field" in proc.stdout


def test_json_output():
    proc = _run("validate", "--format", "json", str(VALID), str(INVALID))
    assert proc.returncode == 1
    payload = json.loads(proc.stdout)
    assert [item["file"] for item in payload] == [str(VALID), str(INVALID)]
    assert [item["valid"] for item in payload] == [True, False]
    assert payload[1]["results"] == [
        {
            "type": "error",
            "key": "name",
            "description": "name is a required field",
            "line": 1,
            "column": 1,
        }
    ]


def test_german_output():
    proc = _run("validate", "--lang", "de", str(INVALID))
    assert "name ist ein Pflichtfeld" in proc.stdout


def test_usage_errors_exit_two():
    assert _run().returncode == 2
    assert _run("validate").returncode == 2
    assert _run("validate", "--format", "xml", str(VALID)).returncode == 2
    assert _run("frobnicate", str(VALID)).returncode == 2


def test_missing_file_is_an_error_not_a_crash(tmp_path):
    proc = _run("validate", "--format", "json", str(tmp_path / "nope.yml"))
    assert proc.returncode == 1
    assert json.loads(proc.stdout)[0]["results"][0]["description"].startswith("Can't read")


def test_main_can_be_called_in_process(capsys):
    from stadtnetz.publiccode.cli import main

    assert main(["validate", str(VALID)]) == 0
    assert "valid (0 errors, 0 warnings)" in capsys.readouterr().out
