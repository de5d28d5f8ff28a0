#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
# Dependency audit: the lock files and whatever is installed in .venv, checked against known
# vulnerabilities (PyPI's data where served, else the offline advisory snapshot). Fails on any
# finding not listed with a reason in requirements/audit-exceptions.txt. See docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
installed="$(mktemp)"
trap 'rm -f "$installed"' EXIT
"$python" -m pip freeze --exclude-editable --disable-pip-version-check > "$installed"
"$python" scripts/audit_dependencies.py "$@" requirements/lock.txt requirements/lock-test.txt "$installed"
