# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""List the public repositories of a code-host group (a GitHub organisation, a GitLab group).

A publishers file may name a group instead of each repository. The crawler asks the host's REST
API for the group's public repositories and crawls each of them like a listed repository:

- GitHub: ``GET {api}/orgs/{owner}/repos?type=public&per_page=100&page=N`` (an owner that is a
  user and not an organisation: ``/users/{owner}/repos``), field ``html_url``.
- GitLab (gitlab.com, openCode's gitlab.opencode.de, self-hosted): ``GET {api}/groups/{path}/
  projects?include_subgroups=true&visibility=public&archived=false&per_page=100&page=N``,
  field ``web_url``.

Which host speaks which API comes from :data:`KNOWN_HOSTS` plus the setting
``SOLUTIONS_CODE_HOSTS`` (``{"git.example.org": {"kind": "gitlab", "api": "https://…/api/v4"}}``).
Only https group addresses are accepted, and an API base must be https too (plain http only to
this machine, for tests). Answers are bounded (size per page, number of pages, a timeout per
request); a listed address is kept only if it is an https address on the group's own host.
Errors raise :class:`GroupError` with a message for the crawl log; they never stop a crawl.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import quote, urlsplit

from django.conf import settings

KNOWN_HOSTS: dict[str, dict[str, str]] = {
    "github.com": {"kind": "github", "api": "https://api.github.com"},
    "gitlab.com": {"kind": "gitlab", "api": "https://gitlab.com/api/v4"},
    "gitlab.opencode.de": {"kind": "gitlab", "api": "https://gitlab.opencode.de/api/v4"},
}
PER_PAGE = 100
MAX_PAGES = 20
MAX_PAGE_BYTES = 5 * 1024 * 1024
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class GroupError(Exception):
    """``refused``: the address or configuration is not acceptable (as opposed to a host that
    could not be reached or answered badly)."""

    def __init__(self, message: str, *, refused: bool = False):
        super().__init__(message)
        self.refused = refused


def hosts() -> dict[str, dict[str, str]]:
    return {**KNOWN_HOSTS, **(getattr(settings, "SOLUTIONS_CODE_HOSTS", None) or {})}


def _get(url: str, timeout: float) -> list:
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked by the caller
        url, headers={"Accept": "application/json", "User-Agent": "Stadtnetz-crawler"}
    )
    host = urlsplit(url).netloc
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_PAGE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise GroupError(f"{host} answered {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise GroupError(f"{host} could not be reached: {reason}") from None
    if len(body) > MAX_PAGE_BYTES:
        raise GroupError(f"{host} sent more than {MAX_PAGE_BYTES // (1024 * 1024)} MB for one page")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise GroupError(f"{host} did not answer with JSON") from None
    if not isinstance(data, list):
        raise GroupError(f"{host} did not answer with a list of repositories")
    return data


def _pages(base: str, field: str, timeout: float) -> tuple[list[str], bool]:
    found: list[str] = []
    for page in range(1, MAX_PAGES + 1):
        items = _get(f"{base}&per_page={PER_PAGE}&page={page}", timeout)
        found += [item[field] for item in items
                  if isinstance(item, dict) and isinstance(item.get(field), str)]  # fmt: skip
        if len(items) < PER_PAGE:
            return found, False
    return found, True


def list_group(url: str, *, timeout: float = 30.0) -> list[str]:
    """The https addresses of the group's public repositories, sorted, without duplicates."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or "@" in parts.netloc or not parts.hostname:
        raise GroupError(
            "a code-host group must be an https:// address without user name", refused=True
        )
    host = parts.netloc.lower()
    known = hosts().get(host)
    if known is None:
        raise GroupError(f"unknown code host {host}; list the repositories or configure "
                         "SOLUTIONS_CODE_HOSTS", refused=True)  # fmt: skip
    api = known["api"].rstrip("/")
    api_parts = urlsplit(api)
    if api_parts.scheme != "https" and not (
        api_parts.scheme == "http" and api_parts.hostname in LOOPBACK
    ):
        raise GroupError(f"the API of {host} must be an https:// address", refused=True)
    path = parts.path.strip("/").removesuffix(".git")
    if not path or parts.query or parts.fragment:
        raise GroupError(
            "the group address must name a group, without query or fragment", refused=True
        )
    if known["kind"] == "github":
        if "/" in path:
            raise GroupError(
                "a GitHub group is an organisation or user: https://github.com/NAME", refused=True
            )
        owner = quote(path, safe="")
        try:
            found, truncated = _pages(f"{api}/orgs/{owner}/repos?type=public", "html_url", timeout)
        except GroupError as error:
            if not str(error).endswith("answered 404"):
                raise
            found, truncated = _pages(f"{api}/users/{owner}/repos?type=owner", "html_url", timeout)
    elif known["kind"] == "gitlab":
        group = quote(path, safe="")
        found, truncated = _pages(
            f"{api}/groups/{group}/projects?include_subgroups=true&visibility=public"
            "&archived=false", "web_url", timeout,
        )  # fmt: skip
    else:
        raise GroupError(f"unknown kind of code host for {host}: {known['kind']}", refused=True)
    addresses = []
    for address in found:
        item = urlsplit(address)
        if item.scheme == "https" and item.netloc.lower() == host and item.path.strip("/"):
            addresses.append(f"https://{host}{item.path.rstrip('/')}")
    result = sorted(set(addresses))
    if truncated:
        result = result[: PER_PAGE * MAX_PAGES]
    return result
