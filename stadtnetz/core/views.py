# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Legal pages, open-data overview and the error pages."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import opendata


@require_safe
def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "core/imprint.html", {"breadcrumbs": [(_("Imprint"), None)]})


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"breadcrumbs": [(_("Privacy"), None)]})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.html",
        {"breadcrumbs": [(_("Accessibility statement"), None)]},
    )


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """The API, and every download of the one DCAT catalogue with format, size and licence."""
    return render(
        request,
        "core/open_data.html",
        {
            "listing": opendata.listing(),
            "licence_url": opendata.LICENCE_PAGE,
            "breadcrumbs": [(_("Open data and API"), None)],
            "nav": "open_data",
        },
    )


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


FAVICON = Path(__file__).resolve().parent.parent / "static" / "img" / "favicon.ico"


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> FileResponse:
    """Browsers ask for /favicon.ico on every page whatever the page links; answer it."""
    return FileResponse(FAVICON.open("rb"), content_type="image/vnd.microsoft.icon")


def _error(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    return render(
        request,
        "errors/error.html",
        {"status": status, "title": title, "text": text},
        status=status,
    )


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(
        request,
        400,
        _("The request could not be processed"),
        _("The request was malformed. Please check your input and try again."),
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    reason = str(exception) if exception and str(exception) else ""
    return _error(
        request,
        403,
        _("Access denied"),
        reason or _("You are not allowed to open this page. Sign in with an account that may."),
    )


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(
        request,
        404,
        _("Page not found"),
        _("There is no page at this address. Check the address or use the search."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        500,
        _("Something went wrong on our side"),
        _(
            "The error has been logged. Please try again later; if it persists, contact us and "
            "quote the request id below."
        ),
    )
