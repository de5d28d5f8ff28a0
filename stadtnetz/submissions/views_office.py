# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Programme office: all valid submissions of a call with filters, statistics and exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from stadtnetz.core import exports
from stadtnetz.municipalities.models import SizeClass, State
from stadtnetz.organisations.models import OrganisationKind
from stadtnetz.programmes.selectors import call_get

from . import permissions, selectors
from .forms import OverviewFilterForm

SIZE_LABELS = {**dict(SizeClass.choices), "landkreis": _("County"), "cooperation": _("Cooperation")}


def _filtered(request, call_pk):
    call = call_get(call_pk)
    if call is None:
        raise Http404
    permissions.can_view_call_applications(request.user).enforce()
    form = OverviewFilterForm(
        request.GET or None, states=[(s.code, s.name) for s in State.objects.all()],
        size_classes=list(SIZE_LABELS.items()), kinds=OrganisationKind.choices,
    )  # fmt: skip
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    submissions = list(selectors.call_submissions(call, state=data.get("state", ""), size_class=data.get("size_class", ""),
                                                  kind=data.get("kind", ""), min_grant=data.get("min_grant"),
                                                  max_grant=data.get("max_grant")))  # fmt: skip
    return call, form, submissions


@login_required
@require_safe
def overview(request: HttpRequest, call_pk: int) -> HttpResponse:
    call, form, submissions = _filtered(request, call_pk)
    stats = selectors.statistics(submissions)
    states = dict(State.objects.values_list("code", "name"))
    return render(request, "submissions/office_overview.html", {
        "call": call, "form": form, "submissions": submissions, "stats": stats,
        "size_labels": SIZE_LABELS, "state_names": states, "query": request.GET.urlencode(),
        "nav": "programmes", "breadcrumbs": [(call.title, call.get_absolute_url()), (_("Submitted applications"), None)],
    }, status=400 if form.errors else 200)  # fmt: skip


HEADER = ["receipt_number", "submitted_at", "organisation", "kind", "size_class", "state", "title",
          "total_costs_eur", "requested_grant_eur", "pdf_sha256"]  # fmt: skip


def _rows(submissions):
    for s in submissions:
        yield [s.receipt_number, s.submitted_at, s.application.organisation.name,
               s.organisation_kind, s.size_class, s.state_code, s.application.title, s.total_costs,
               s.requested_grant, s.pdf_sha256]  # fmt: skip


@login_required
@require_safe
def export_csv(request: HttpRequest, call_pk: int) -> HttpResponse:
    """German spreadsheet CSV: ``;``, decimal comma, Berlin time, BOM (core.exports)."""
    call, _form, submissions = _filtered(request, call_pk)
    return exports.csv_response(f"antraege-{call.code}.csv", HEADER, _rows(submissions),
                                dialect=exports.GERMAN)  # fmt: skip


@login_required
@require_safe
def export_xlsx(request: HttpRequest, call_pk: int) -> HttpResponse:
    call, _form, submissions = _filtered(request, call_pk)
    return exports.xlsx_response(f"antraege-{call.code}.xlsx", HEADER, _rows(submissions),
                                 sheet="Anträge")  # fmt: skip
