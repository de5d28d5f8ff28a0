# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The front door (`core:home`): it reads the registry, the knowledge and the open calls."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from stadtnetz.municipalities import selectors as registry
from stadtnetz.programmes import selectors as programmes
from stadtnetz.projects import selectors as knowledge

HOME_CALLS = 3


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The front door: where to start, the knowledge by field of action and size class, the newest
    lessons, documented transfers, open calls; the registry search stays at the end."""
    calls = list(programmes.call_list(status="open").order_by("closes_at", "pk")[:HOME_CALLS])
    upcoming = []
    if not calls:
        upcoming = list(
            programmes.call_list(status="upcoming").order_by("opens_at", "pk")[:HOME_CALLS]
        )
    return render(request, "pages/home.html", {
        "stats": registry.registry_statistics(), "knowledge": knowledge.front_door(),
        "calls": calls, "upcoming_calls": upcoming,
    })  # fmt: skip
