# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Programme office: all valid submissions of a call with filters, statistics and exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from stadtnetz.core import exports
from stadtnetz.core.forms import errors_to_form
from stadtnetz.core.uploads import private_root
from stadtnetz.municipalities.models import PlaceCategory, State
from stadtnetz.organisations.models import OrganisationKind
from stadtnetz.programmes.selectors import call_get

from . import permissions, selectors, services
from .forms import HardshipDecisionForm, OverviewFilterForm
from .models import HardshipRequest, HardshipState

SIZE_LABELS = dict(PlaceCategory.choices)


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


@login_required
@require_http_methods(["GET", "POST"])
def hardship_requests(request: HttpRequest, call_pk: int) -> HttpResponse:
    """The office's hardship requests of a call: approve or refuse, with who, when and why."""
    call = call_get(call_pk)
    if call is None:
        raise Http404
    permissions.can_decide_hardship(request.user).enforce()
    requests = list(HardshipRequest.objects.filter(application__call=call)
                    .select_related("application__organisation", "proof", "requested_by", "decided_by"))  # fmt: skip
    forms = {
        r.pk: HardshipDecisionForm(request_pk=r.pk)
        for r in requests
        if r.state == HardshipState.PENDING
    }
    status = 200
    if request.method == "POST":
        try:
            pk = int(request.POST.get("request", ""))
        except ValueError:
            pk = None
        if pk not in forms:
            messages.error(request, _("This request has been decided already or does not exist."))
            return redirect("submissions:office_hardship", call_pk=call.pk)
        form = forms[pk] = HardshipDecisionForm(request.POST, request_pk=pk)
        if form.is_valid():
            target = next(r for r in requests if r.pk == pk)
            try:
                services.hardship_request_decide(actor=request.user, request=target,
                                                 approve=form.cleaned_data["decision"] == "approve",
                                                 note=form.cleaned_data["note"])  # fmt: skip
            except ValidationError as error:
                errors_to_form(form, error)
            except services.ApplicationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The decision has been recorded."))
                return redirect("submissions:office_hardship", call_pk=call.pk)
        status = 400
    return render(request, "submissions/office_hardship.html", {
        "call": call, "requests": [(r, forms.get(r.pk)) for r in requests], "nav": "programmes",
        "breadcrumbs": [(call.title, call.get_absolute_url()), (_("Hardship requests"), None)],
    }, status=status)  # fmt: skip


@login_required
@require_safe
def hardship_proof(request: HttpRequest, call_pk: int, request_pk: int) -> HttpResponse:
    permissions.can_decide_hardship(request.user).enforce()
    hardship = get_object_or_404(HardshipRequest.objects.select_related("proof"), pk=request_pk,
                                 application__call_id=call_pk)  # fmt: skip
    proof = hardship.proof
    path = private_root() / proof.path if proof else None
    if path is None or not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=proof.name, content_type=proof.content_type
    )
