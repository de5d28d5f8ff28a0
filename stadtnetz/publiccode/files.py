# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Checks of the files a publiccode.yml refers to (logo, screenshots, authorsFile).

Relative paths are resolved against ``base_path`` (the repository root or the directory of the
file). Paths that leave ``base_path`` (``../``, symbolic links pointing elsewhere) are refused,
so the validator never tells whether a file exists outside the repository it checks.
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass

_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(slots=True)
class Problem:
    code: str
    params: dict[str, str]


def path_problem(value: str) -> Problem | None:
    """The "relative path or HTTP(S) URL" rule that runs even without file checks."""
    if value.startswith("/"):
        return Problem("absolute_path", {})
    if value.startswith("file:"):
        return Problem("file_url", {})
    return None


def is_absolute_url(value: str) -> bool:
    return bool(_SCHEME_RE.match(value))


def resolve(value: str, base_path: str) -> tuple[str, bool]:
    """Absolute local path for ``value`` and whether it stays inside ``base_path``."""
    base = os.path.realpath(base_path)
    joined = os.path.normpath(os.path.join(base, value))
    real = os.path.realpath(joined)
    inside = real == base or real.startswith(base.rstrip(os.sep) + os.sep)
    return joined, inside


def extension(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if "." not in name:
        return ""
    return "." + name.rsplit(".", 1)[-1].lower()


def png_problem(path: str) -> Problem | None:
    """Decode the PNG header like an image library would; None when it is a PNG."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(33)
    except OSError as exc:
        return Problem("no_such_file", {"path": path, "reason": exc.strerror or str(exc)})
    if not head.startswith(PNG_SIGNATURE):
        return Problem("image_unknown_format", {})
    if len(head) < 33 or head[12:16] != b"IHDR" or struct.unpack(">I", head[8:12])[0] != 13:
        return Problem("png_invalid", {"reason": "missing IHDR chunk"})
    width, height = struct.unpack(">II", head[16:24])
    if width == 0 or height == 0:
        return Problem("png_invalid", {"reason": "invalid image size"})
    return None


def logo_problem(value: str, base_path: str) -> Problem | None:
    path, inside = resolve(value, base_path)
    if not inside:
        return Problem("outside_repo", {"value": value})
    if extension(path) not in (".svg", ".svgz", ".png"):
        return Problem("bad_extension", {"path": path})
    if not os.path.exists(path):
        return Problem("no_such_file", {"path": path})
    if extension(path) == ".png":
        return png_problem(path)
    return None


def screenshot_problem(value: str, base_path: str) -> Problem | None:
    path, inside = resolve(value, base_path)
    if not inside:
        return Problem("outside_repo", {"value": value})
    if extension(path) not in (".jpg", ".png"):
        reason = f"invalid file extension for: {path}"
        return Problem(
            "not_an_image",
            {"value": value, "reason": reason, "reason_de": f"Ungültige Dateiendung für: {path}"},
        )
    if not os.path.exists(path):
        return Problem(
            "not_an_image",
            {
                "value": value,
                "reason": f"no such file: {path}",
                "reason_de": f"Datei nicht gefunden: {path}",
            },
        )
    return None


def authors_file_problem(value: str, base_path: str) -> Problem | None:
    path, inside = resolve(value, base_path)
    if not inside:
        return Problem("outside_repo", {"value": value})
    if not os.path.exists(path):
        return Problem("authors_missing", {"path": path})
    return None
