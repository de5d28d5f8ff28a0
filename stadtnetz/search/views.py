# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The search page: one search over everything, with facets; results update while typing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import selectors
from .forms import SearchForm


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) < 6 else 1


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context = {
        "form": form,
        "result": None,
        "candidates": selectors.CANDIDATES,
        "nav": "search",
        "breadcrumbs": [(_("Search"), None)],
    }
    status = 200
    if form.is_bound:
        if form.is_valid():
            query = form.cleaned_data.get("query")
            if query is not None:
                context["result"] = selectors.search(
                    query, form.cleaned_data["filters"], page=_page_number(request.GET.get("page"))
                )
        else:
            status = 400
    template = "search/search.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
        # htmx swaps only successful responses; the message must reach the live region.
        status = 200
    return render(request, template, context, status=status)
