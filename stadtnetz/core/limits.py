# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Request limits: oversized API bodies get 413 in JSON, costly anonymous endpoints get 429.

One middleware, so every API operation and every listed page is covered without each view
remembering it. The limits themselves live in settings (``DATA_UPLOAD_MAX_MEMORY_SIZE``,
``STADTNETZ_RATE_LIMITS``) and are documented in docs/operations.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _

from .ratelimit import retry_after, too_many

# URL names of pages that cost real work for anonymous visitors, and their rate-limit scope.
COSTLY_PAGES = {
    "search:search": "search",
    "solutions:validate": "validate",
}
# API paths (below /api/v1) with their own scope; other anonymous API reads count as api_read.
COSTLY_API = {
    "/api/v1/publiccode/validate": "validate",
    "/api/v1/assessments/evaluate": "validate",
    "/api/v1/search": "search",
}


def too_large(limit: int | None = None) -> JsonResponse:
    if limit is None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return JsonResponse(
        {
            "detail": _("The request body is larger than %(limit)s KB.")
            % {"limit": (limit or 0) // 1024},
            "code": "payload_too_large",
        },
        status=413,
    )


# Room for the multipart boundaries and part headers around one uploaded file.
MULTIPART_OVERHEAD = 64 * 1024


def _body_limit(request) -> int | None:
    """JSON bodies stay small; a multipart body may carry one file up to the attachment limit
    (the page accepts the same size, so API clients are not held to less)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if request.content_type == "multipart/form-data":
        files = getattr(settings, "STADTNETZ_ATTACHMENT_MAX_BYTES", 0) + MULTIPART_OVERHEAD
        limit = max(limit or 0, files)
    return limit


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            limit = _body_limit(request)
            if limit is not None and _content_length(request) > limit:
                return too_large(limit)
            if "HTTP_AUTHORIZATION" not in request.META:
                scope = COSTLY_API.get(request.path.rstrip("/"))
                if scope is None and request.method in ("GET", "HEAD"):
                    scope = "api_read"
                if scope is not None:
                    seconds = retry_after(request, scope)
                    if seconds is not None:
                        return too_many(request, seconds)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        scope = COSTLY_PAGES.get(match.view_name) if match else None
        if scope is not None and not request.user.is_authenticated:
            seconds = retry_after(request, scope)
            if seconds is not None:
                return too_many(request, seconds)
        return None

    def process_exception(self, request, exception):
        # A chunked body without Content-Length is only found too big while it is read.
        if isinstance(exception, RequestDataTooBig) and request.path.startswith("/api/"):
            return too_large()
        return None
