# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Fixed-window rate limits per client address, counted in Django's cache (docs/operations.md).

Each scope has a limit of hits per window in ``settings.STADTNETZ_RATE_LIMITS``. A refused hit
gets 429 with ``Retry-After`` (seconds until the window ends): JSON under ``/api/``, a short
page elsewhere. With several server processes the cache must be shared (``STADTNETZ_CACHE_URL``).
"""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_address(request: HttpRequest) -> str:
    """The address django-axes would log in, so proxies are handled the same way."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"


def retry_after(request: HttpRequest, scope: str) -> int | None:
    """Count one hit; None while within the limit, else the seconds until it is lifted."""
    limit, window = settings.STADTNETZ_RATE_LIMITS[scope]
    now = int(time.time())
    start = now - now % window
    key = f"ratelimit:{scope}:{client_address(request)}:{start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count <= limit:
        return None
    return max(1, start + window - now)


def too_many(request: HttpRequest, seconds: int) -> HttpResponse:
    message = _("Too many requests. Please try again in %(seconds)d seconds.") % {
        "seconds": seconds
    }
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": message, "code": "rate_limited"}, status=429
        )
    else:
        response = render(
            request,
            "errors/error.html",
            {
                "title": _("Too many requests"),
                "text": message,
                "status": 429,
            },
            status=429,
        )
    response["Retry-After"] = str(seconds)
    return response


def rate_limit(scope: str, *, methods: tuple[str, ...] = ("GET", "HEAD", "POST")):
    """Decorate a function view: hits with the given methods count towards ``scope``."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                seconds = retry_after(request, scope)
                if seconds is not None:
                    return too_many(request, seconds)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
