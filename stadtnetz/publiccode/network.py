# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Optional network checks (``validate(..., network=True)``): URL reachability, code-repository
detection and remote logos/screenshots.

Off by default. Only ``http``/``https`` are fetched; hosts resolving to loopback, private,
link-local or otherwise non-global addresses are refused (also after redirects); every request
has a timeout and responses are read up to a size cap.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request

MAX_DOWNLOAD = 20 * 1024 * 1024
USER_AGENT = "stadtnetz-publiccode-validator/1"

_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitea.com")


class NetworkError(Exception):
    """A request failed; ``str(exc)`` is the reason shown to the user."""


def _check_host(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise NetworkError("missing URL scheme" if not parts.scheme else "unsupported URL scheme")
    if not parts.hostname:
        raise NetworkError("missing host")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise NetworkError(f"cannot resolve host {parts.hostname}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not address.is_global:
            raise NetworkError(f"refusing to connect to non-public address {address}")


class _SafeRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: PLR0913
        _check_host(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SafeRedirect)


def fetch(url: str, *, timeout: float, max_bytes: int = MAX_DOWNLOAD) -> bytes:
    """GET ``url`` and return at most ``max_bytes`` of its body (raises NetworkError)."""
    _check_host(url)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            if response.status != 200:
                raise NetworkError(f"HTTP GET returned {response.status}; 200 was expected")
            return response.read(max_bytes)
    except urllib.error.HTTPError as exc:
        reason = {404: "not found", 403: "forbidden resource"}.get(exc.code, f"HTTP {exc.code}")
        raise NetworkError(f"HTTP GET failed for {url}: {reason}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise NetworkError(f"HTTP GET failed for {url}: {exc}") from exc


def reachable_problem(url: str, *, timeout: float) -> str | None:
    """None when ``url`` answers 200, else the reason."""
    try:
        fetch(url, timeout=timeout, max_bytes=1024)
    except NetworkError as exc:
        return str(exc)
    return None


def is_code_repository(url: str, *, timeout: float) -> bool:
    """A repository URL on a known forge, or any host answering the git smart-HTTP protocol."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if host in _CODE_HOSTS or host.startswith(("gitlab.", "git.", "gitea.", "forgejo.")):
        return len(segments) >= 2
    probe = url.rstrip("/") + "/info/refs?service=git-upload-pack"
    try:
        fetch(probe, timeout=timeout, max_bytes=64)
    except NetworkError:
        return False
    return True
