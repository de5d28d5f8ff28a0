# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Crawl sources: which repository addresses the crawler accepts, and their identity keys.

Git transports can run commands (``ext::``), read local files (``file://``) or take options
(``--upload-pack=…``), so a source is refused unless it is a plain ``https://`` address without
credentials, or a local directory inside one of the configured roots
(``SOLUTIONS_CRAWL_LOCAL_ROOTS`` / ``STADTNETZ_CRAWL_LOCAL_ROOTS``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_SOURCE_LENGTH = 500
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_HOST = re.compile(r"[a-z0-9.-]+(:\d{1,5})?\Z")
_SCP_LIKE = re.compile(r"^[^/]+@[^/]+:")


class RefusedSource(Exception):
    """A source the crawler will not touch; the message says why."""


@dataclass(frozen=True)
class Source:
    url: str  # what git is given
    key: str  # identity for duplicate detection
    local: bool = False

    @property
    def web_url(self) -> str:
        return self.url if not self.local else ""


def local_roots() -> list[Path]:
    configured = getattr(settings, "SOLUTIONS_CRAWL_LOCAL_ROOTS", None)
    if configured is None:
        configured = [p for p in os.environ.get("STADTNETZ_CRAWL_LOCAL_ROOTS", "").split(",") if p]
    return [Path(p).resolve() for p in configured if str(p).strip()]


def normalise_url(url: str) -> str:
    """The identity key of an https repository address: host and path, lower case, without
    ``www.``, ``.git`` or trailing slashes (code hosts treat owner and name case-insensitively)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/").removesuffix(".git").rstrip("/").lower()
    return f"{host}{path}"


def parse(text: str) -> Source:
    if not isinstance(text, str) or not text.strip():
        raise RefusedSource(_("Empty source."))
    text = text.strip()
    if len(text) > MAX_SOURCE_LENGTH:
        raise RefusedSource(_("The source is longer than 500 characters."))
    if _CONTROL.search(text):
        raise RefusedSource(_("The source contains spaces or control characters."))
    if text.startswith("-"):
        raise RefusedSource(_("The source looks like a git option; options are not accepted."))
    if "::" in text:
        raise RefusedSource(_("Git transport helpers such as ext:: are not accepted."))
    if "://" in text:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme == "file":
            raise RefusedSource(_("file:// addresses are not accepted; give a local path inside "
                                  "a configured crawl root instead."))  # fmt: skip
        if scheme != "https":
            raise RefusedSource(_("Only https:// repository addresses are accepted."))
        if "@" in parts.netloc:
            raise RefusedSource(_("Repository addresses with user names or passwords are not "
                                  "accepted."))  # fmt: skip
        if not parts.hostname or not _HOST.fullmatch(parts.netloc.lower()):
            raise RefusedSource(_("The repository address has no valid host name."))
        from .netguard import static_problem

        problem = static_problem(parts.hostname)
        if problem:
            raise RefusedSource(problem)
        if parts.query or parts.fragment or parts.path.strip("/") == "":
            raise RefusedSource(_("The repository address must name a repository, without "
                                  "query or fragment."))  # fmt: skip
        url = f"https://{parts.netloc.lower()}{parts.path.rstrip('/')}"
        return Source(url=url, key=normalise_url(url))
    if _SCP_LIKE.match(text):
        raise RefusedSource(_("SSH addresses are not accepted; use https://."))
    roots = local_roots()
    if not roots:
        raise RefusedSource(_("Local paths are not accepted: no local crawl root is configured."))
    path = Path(text).resolve()
    if not any(path == root or path.is_relative_to(root) for root in roots):
        raise RefusedSource(_("The path is outside the configured crawl roots."))
    if not path.is_dir():
        raise RefusedSource(_("The path is not a directory."))
    return Source(url=str(path), key=f"local:{path}", local=True)
