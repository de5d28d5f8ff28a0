# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The crawler reaches public hosts only (issue 14 item 15).

A repository address is refused when its host is written as a number (``2130706433``,
``0x7f.1``, ``127.1``, ``0177.0.0.1``, an IP literal) or is ``localhost``, and when any address
it resolves to is not public (loopback, private, link-local, carrier-grade NAT, multicast,
reserved, unspecified; IPv4 inside IPv6 too). Git is then pinned to the addresses checked
(``http.curloptResolve``) and follows no redirect, so neither a second DNS answer nor a redirect
can lead it elsewhere. Every refusal says the same thing, whatever the host would have answered,
so crawl logs give no port-scan signal. Operators may allow named internal code hosts with
``SOLUTIONS_CRAWL_PRIVATE_HOSTS`` / ``STADTNETZ_CRAWL_PRIVATE_HOSTS`` (comma-separated).
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket

from django.conf import settings
from django.utils.translation import gettext_lazy as _

_NUMERIC_LABEL = re.compile(r"(0x[0-9a-f]*|[0-9]+)\Z", re.IGNORECASE)
MAX_ADDRESSES = 16


class RefusedHost(Exception):
    """The host is not a public one; the message says so without detail."""


class LookupFailed(Exception):
    """The host name does not resolve (a failure, not a refusal)."""


def private_hosts_allowed() -> set[str]:
    configured = getattr(settings, "SOLUTIONS_CRAWL_PRIVATE_HOSTS", None)
    if configured is None:
        configured = os.environ.get("STADTNETZ_CRAWL_PRIVATE_HOSTS", "").split(",")
    return {h.strip().lower() for h in configured if h and h.strip()}


def is_numeric_host(host: str) -> bool:
    """True for every way of writing an IP address as a host name."""
    host = host.strip("[]").rstrip(".").lower()
    if not host:
        return True
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    return all(_NUMERIC_LABEL.match(label) for label in host.split("."))


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
    return ip.is_global and not ip.is_multicast


def static_problem(host: str) -> str | None:
    """Why a host name is refused before any lookup, or None."""
    host = host.rstrip(".").lower()
    if host in private_hosts_allowed():
        return None
    if is_numeric_host(host):
        return str(_("Repository addresses with a numeric IP address are not accepted."))
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return str(_("The repository address is not a public host."))
    return None


def public_addresses(host: str, port: int = 443) -> list[str]:
    """The host's addresses, all checked to be public; RefusedHost otherwise."""
    problem = static_problem(host)
    if problem:
        raise RefusedHost(problem)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise LookupFailed(str(_("The repository host cannot be resolved."))) from None
    addresses = sorted({info[4][0] for info in infos})[:MAX_ADDRESSES]
    if not addresses:
        raise LookupFailed(str(_("The repository host cannot be resolved.")))
    if host.lower() not in private_hosts_allowed() and not all(is_public(a) for a in addresses):
        raise RefusedHost(str(_("The repository address is not a public host.")))
    return addresses


def curl_resolve(host: str, port: int, addresses: list[str]) -> str:
    """The ``http.curloptResolve`` entry that pins ``host:port`` to the checked addresses."""
    spelled = [f"[{a}]" if ":" in a else a for a in addresses]
    return f"{host}:{port}:{','.join(spelled)}"
