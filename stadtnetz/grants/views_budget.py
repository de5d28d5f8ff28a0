# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Pages of the grant app: a project's budget, its open-source obligation, and the programme
office's dashboard across all model projects (thin views: selectors read, services write)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from stadtnetz.core import exports
from stadtnetz.projects.models import Measure

from . import selectors_budget, selectors_office
from .models import GrantNotice, Phase
from .permissions import (
    can_run_grants,
    can_set_software_flag,
    can_view_grant,
    can_view_office_dashboard,
)
from .selectors_obligations import PUBLICATION_LABELS, project_software, transfer_figure
from .services import obligations
from .services.common import GrantError


def _notice(request: HttpRequest, slug: str) -> GrantNotice:
    """The grant of the project ``slug``; 404 when there is none or the user may not see it."""
    notice = (
        GrantNotice.objects.select_related("project__organisation")
        .filter(project__slug=slug)
        .first()
    )
    if notice is None or not can_view_grant(request.user, notice):
        raise Http404
    return notice


def _crumbs(notice: GrantNotice, *items) -> list:
    project = notice.project
    return [(_("Model projects"), reverse("projects:list")),
            (project.name, project.get_absolute_url()), *items]  # fmt: skip


def _phase(request: HttpRequest) -> str | None:
    value = request.GET.get("phase", "")
    return value if value in Phase.values else None


@login_required
@require_safe
def budget(request: HttpRequest, slug: str) -> HttpResponse:
    notice = _notice(request, slug)
    data = selectors_budget.budget(notice, phase=_phase(request))
    return render(request, "grants/budget.html", {
        "notice": notice, "project": notice.project, "budget": data,
        "chart": _chart(data), "phases": Phase.choices,
        "breadcrumbs": _crumbs(notice, (_("Budget"), None)), "nav": "projects",
    })  # fmt: skip


def _chart(data: selectors_budget.Budget) -> dict:
    """Horizontal bars per phase and year (approved, requested, paid), scaled to the largest;
    geometry in SVG user units, the labels come from the table."""
    scale = data.chart_max
    width, bar, gap, label = 480, 12, 4, 150
    groups, y = [], 24
    for group in data.years:
        bars = []
        for index, (name, value) in enumerate((("approved", group.total.approved),
                                                ("requested", group.total.requested),
                                                ("paid", group.total.paid))):  # fmt: skip
            length = int(value / scale * (width - label - 10)) if scale else 0
            bars.append({"name": name, "value": value, "x": label, "y": y + index * (bar + gap),
                         "width": max(length, 1 if value else 0), "height": bar})  # fmt: skip
        groups.append({"group": group, "y": y, "label_y": y + bar + 2, "bars": bars})
        y += 3 * (bar + gap) + 14
    return {"groups": groups, "height": y + 4, "width": width, "label": label}


@login_required
@require_safe
def budget_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    notice = _notice(request, slug)
    data = selectors_budget.budget(notice, phase=_phase(request))
    rows = selectors_budget.budget_rows(data)
    name = f"budget-{notice.reference}"
    if fmt == "csv":
        return exports.csv_response(f"{name}.csv", selectors_budget.EXPORT_HEADER, rows,
                                    dialect=exports.GERMAN)  # fmt: skip
    if fmt == "xlsx":
        return exports.xlsx_response(f"{name}.xlsx", selectors_budget.EXPORT_HEADER, rows,
                                     sheet=_("Budget"))  # fmt: skip
    raise Http404


# --- open-source obligation -------------------------------------------------------------------


def _obligation_page(request, notice, *, errors=None, status=200) -> HttpResponse:
    checks = project_software(notice.project)
    return render(request, "grants/obligations.html", {
        "notice": notice, "project": notice.project,
        "rows": [{"check": c, "err": _field_errors((errors or {}).get(c.measure_id, {}))}
                 for c in checks],
        "labels": PUBLICATION_LABELS, "blockers": obligations.final_statement_blockers(notice),
        "transfer": transfer_figure(notice.project),
        "can_flag": bool(can_set_software_flag(request.user, Measure(project=notice.project))),
        "can_except": bool(can_run_grants(request.user)),
        "breadcrumbs": _crumbs(notice, (_("Open source and transfer"), None)), "nav": "projects",
    }, status=status)  # fmt: skip


def _field_errors(errors: dict) -> dict:
    """Templates cannot read "__all__": the errors without a field are "general"."""
    return {("general" if key == "__all__" else key): value for key, value in errors.items()}


@login_required
@require_safe
def obligation_overview(request: HttpRequest, slug: str) -> HttpResponse:
    return _obligation_page(request, _notice(request, slug))


def _measure(notice: GrantNotice, measure_pk: int) -> Measure:
    measure = (
        Measure.objects.select_related("project__organisation")
        .filter(pk=measure_pk, project_id=notice.project_id)
        .first()
    )
    if measure is None:
        raise Http404
    return measure


@login_required
@require_POST
def software_flag(request: HttpRequest, slug: str, measure_pk: int) -> HttpResponse:
    notice = _notice(request, slug)
    measure = _measure(notice, measure_pk)
    if not can_set_software_flag(request.user, measure):
        raise PermissionDenied
    value = request.POST.get("produces_software", "")
    try:
        if value not in ("yes", "no"):
            raise GrantError({"produces_software": [_("Say yes or no.")]})
        obligations.software_flag_set(actor=request.user, measure=measure,
                                      produces_software=value == "yes")  # fmt: skip
    except GrantError as error:
        return _obligation_page(request, notice, errors={measure.pk: error.message_dict},
                                status=400)  # fmt: skip
    messages.success(request, _("Saved."))
    return redirect(reverse("grants:obligations", args=[slug]) + f"#measure-{measure.pk}")


@login_required
@require_POST
def measure_repository(request: HttpRequest, slug: str, measure_pk: int) -> HttpResponse:
    notice = _notice(request, slug)
    measure = _measure(notice, measure_pk)
    if not can_set_software_flag(request.user, measure):
        raise PermissionDenied
    try:
        obligations.measure_repository_set(
            actor=request.user, measure=measure,
            repository_url=request.POST.get("repository_url", ""),
        )  # fmt: skip
    except GrantError as error:
        return _obligation_page(request, notice, errors={measure.pk: error.message_dict},
                                status=400)  # fmt: skip
    messages.success(request, _("Saved."))
    return redirect(reverse("grants:obligations", args=[slug]) + f"#measure-{measure.pk}")


@login_required
@require_POST
def obligation_exception(request: HttpRequest, slug: str, measure_pk: int) -> HttpResponse:
    notice = _notice(request, slug)
    measure = _measure(notice, measure_pk)
    if not can_run_grants(request.user):
        raise PermissionDenied
    try:
        if request.POST.get("action") == "withdraw":
            obligations.obligation_exception_withdraw(actor=request.user, measure=measure)
        else:
            obligations.obligation_exception_record(
                actor=request.user, measure=measure, reason=request.POST.get("reason", "")
            )
    except GrantError as error:
        return _obligation_page(request, notice, errors={measure.pk: error.message_dict},
                                status=400)  # fmt: skip
    messages.success(request, _("Saved."))
    return redirect(reverse("grants:obligations", args=[slug]) + f"#measure-{measure.pk}")


# --- the programme office's dashboard ---------------------------------------------------------


@login_required
@require_safe
def office(request: HttpRequest) -> HttpResponse:
    can_view_office_dashboard(request.user).enforce()
    filters = selectors_office.OfficeFilter.from_query(request.GET)
    board = selectors_office.office_board(filters)
    return render(request, "grants/office.html", {
        "board": board, "filters": filters, "sorts": _sort_labels(),
        "phase_choices": [("A", _("Phase A")), ("B", _("Phase B")), ("done", _("completed"))],
        "breadcrumbs": [(_("My Stadtnetz"), reverse("dashboard:home")),
                        (_("Grants: office dashboard"), None)],
    })  # fmt: skip


def _sort_labels() -> list[tuple[str, str]]:
    return [("name", _("Name")), ("round", _("Round")), ("next_due", _("Next due date")),
            ("overdue", _("Overdue")), ("open_payments", _("Open payment requests")),
            ("paid_share", _("Share paid"))]  # fmt: skip


@login_required
@require_safe
def office_export(request: HttpRequest) -> HttpResponse:
    can_view_office_dashboard(request.user).enforce()
    board = selectors_office.office_board(selectors_office.OfficeFilter.from_query(request.GET))
    return exports.csv_response("zuwendungen-programmbuero.csv", selectors_office.EXPORT_HEADER,
                                selectors_office.export_rows(board), dialect=exports.GERMAN)  # fmt: skip
