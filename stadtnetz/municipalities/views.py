# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Registry pages: search, municipality, county and state."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import opendata, selectors
from .forms import MunicipalitySearchForm
from .selectors import MunicipalityFilter

PAGE_SIZE = 50


@require_safe
def municipality_list(request: HttpRequest) -> HttpResponse:
    form = MunicipalitySearchForm(request.GET or None)
    context = {
        "form": form,
        "nav": "municipalities",
        "breadcrumbs": [(_("Municipalities"), None)],
    }
    status = 200
    if form.is_bound and not form.is_valid():
        context["page_obj"] = None
        status = 400
    else:
        data = form.cleaned_data if form.is_bound else {}
        filters = MunicipalityFilter(
            search=data.get("q", ""),
            state=data.get("state", ""),
            size_class=data.get("size_class", ""),
            sort=data.get("sort", ""),
        )
        paginator = Paginator(selectors.municipality_list(filters), PAGE_SIZE)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        context["query"] = filters.search
    template = "municipalities/municipality_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context, status=status)


@require_safe
def municipality_detail(request: HttpRequest, ags: str) -> HttpResponse:
    municipality = selectors.municipality_get(ags)
    if municipality is None:
        raise Http404
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "postcodes": selectors.postcodes_of(municipality),
            "organisations": selectors.organisations_of_municipality(municipality),
            "nav": "municipalities",
            "breadcrumbs": [
                (_("Municipalities"), reverse("municipalities:list")),
                (
                    municipality.state.name,
                    reverse("municipalities:state", args=[municipality.state.code.lower()]),
                ),
                *(
                    [
                        (
                            municipality.county.name,
                            reverse("municipalities:county", args=[municipality.county.key]),
                        )
                    ]
                    if municipality.county
                    else []
                ),
                (municipality.name, None),
            ],
        },
    )


@require_safe
def county_detail(request: HttpRequest, key: str) -> HttpResponse:
    county = selectors.county_get(key)
    if county is None:
        raise Http404
    municipalities = selectors.municipality_list(MunicipalityFilter(county=county.key))
    page_obj = Paginator(municipalities, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    return render(
        request,
        "municipalities/county_detail.html",
        {
            "county": county,
            "page_obj": page_obj,
            "organisations": selectors.organisations_of_county(county),
            "nav": "municipalities",
            "breadcrumbs": [
                (_("Municipalities"), reverse("municipalities:list")),
                (
                    county.state.name,
                    reverse("municipalities:state", args=[county.state.code.lower()]),
                ),
                (county.name, None),
            ],
        },
    )


@require_safe
def state_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "municipalities/state_list.html",
        {
            "states": selectors.state_list(),
            "nav": "municipalities",
            "breadcrumbs": [
                (_("Municipalities"), reverse("municipalities:list")),
                (_("States"), None),
            ],
        },
    )


@require_safe
def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    state = selectors.state_get(code)
    if state is None:
        raise Http404
    municipalities = selectors.municipality_list(MunicipalityFilter(state=state.code))
    page_obj = Paginator(municipalities, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    return render(
        request,
        "municipalities/state_detail.html",
        {
            "state": state,
            "counties": selectors.county_list(state=state),
            "page_obj": page_obj,
            "nav": "municipalities",
            "breadcrumbs": [
                (_("Municipalities"), reverse("municipalities:list")),
                (_("States"), reverse("municipalities:states")),
                (state.name, None),
            ],
        },
    )


@require_safe
def registry_download(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """The registry extract as open data (states, counties, municipalities; CSV or JSON)."""
    name = opendata.TABLES.get(table)
    if name is None or fmt not in ("csv", "json"):
        raise Http404
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    response = HttpResponse(opendata.file_bytes(name, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{table}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
