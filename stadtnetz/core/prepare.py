# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Fingerprints of what a setup step reads, so ``stadtnetz prepare`` skips steps whose inputs
did not change (docs/decisions/0060-make-run-as-users-see-it.md).

A step's inputs are its arguments, the code and data files of the app that owns its command
(not tests, templates, translations or static files) and the fingerprints of every step before
it: when the registry is imported again, the seeds after it and the search index run again too.
Files are compared by path, size and modification time, which costs a ``stat`` per file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

SKIPPED_FOLDERS = frozenset({"tests", "templates", "locale", "static", "__pycache__"})


def app_files(folder: Path) -> Iterable[Path]:
    """The code and data files of an app folder, in a stable order."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part in SKIPPED_FOLDERS for part in relative.parts[:-1]):
            continue
        if path.is_file() and path.suffix not in {".pyc", ".mo", ".po"}:
            yield path


def files_fingerprint(paths: Iterable[Path], *, root: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def step_fingerprint(*, step: str, app_folder: Path, before: str) -> str:
    """The fingerprint of one step: its command line, its app's files and the steps before it."""
    digest = hashlib.sha256()
    digest.update(step.encode())
    digest.update(b"\0" + before.encode() + b"\0")
    digest.update(files_fingerprint(app_files(app_folder), root=app_folder).encode())
    return digest.hexdigest()
