# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Programme office: all valid submissions of a call with filters, statistics and exports."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

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
        yield [s.receipt_number, timezone.localtime(s.submitted_at).isoformat(), s.application.organisation.name,
               s.organisation_kind, s.size_class, s.state_code, s.application.title, s.total_costs,
               s.requested_grant, s.pdf_sha256]  # fmt: skip


def _safe_cell(value):
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@login_required
@require_safe
def export_csv(request: HttpRequest, call_pk: int) -> HttpResponse:
    call, _form, submissions = _filtered(request, call_pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for row in _rows(submissions):
        writer.writerow([_safe_cell(v) if isinstance(v, str) else str(v) for v in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="antraege-{call.code}.csv"'
    return response


@login_required
@require_safe
def export_xlsx(request: HttpRequest, call_pk: int) -> HttpResponse:
    from openpyxl import Workbook

    call, _form, submissions = _filtered(request, call_pk)
    book = Workbook()
    sheet = book.active
    sheet.title = "Anträge"
    sheet.append(HEADER)
    for row in _rows(submissions):
        sheet.append([_safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="antraege-{call.code}.xlsx"'
    return response
