# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Pages of statements (Zwischennachweis, Verwendungsnachweis) and change requests.

Members of the funded organisation read, its editors and administrators write, the programme
office reviews and decides; for everyone else the pages do not exist (404). Writes go through
services.reports and services.changes; refusals are shown at the field with the input kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stadtnetz.core.formats import format_decimal
from stadtnetz.core.versioning import StaleVersion

from . import selectors_reports as sel
from .models import (
    ChangeKind,
    ChangeStatus,
    MilestoneStatus,
    Phase,
    ReportKind,
    ReportStatus,
)
from .permissions import can_act_for_grantee, can_run_grants, can_view_grant
from .selectors import current_plan
from .services import changes as change_services
from .services import reports as report_services
from .services.common import GrantError
from .services.notice import LineInput
from .services.reports import EDITABLE, ContractInput, ExpenditureInput

BLANK_CONTRACT_ROWS = 3
CONTRACT_FIELDS = ("contractor", "subject", "amount", "awarded_on", "procedure")


def _notice(request: HttpRequest, slug: str):
    notice = sel.notice_for_project(slug)
    if notice is None or not can_view_grant(request.user, notice):
        raise Http404
    return notice


def _report(request, slug, report_pk):
    notice = _notice(request, slug)
    report = sel.report_get(notice, report_pk)
    if report is None:
        raise Http404
    return notice, report


def _change(request, slug, change_pk):
    notice = _notice(request, slug)
    change = sel.change_get(notice, change_pk)
    if change is None:
        raise Http404
    return notice, change


def _crumbs(notice, *items):
    project = notice.project
    return [(project.name, project.get_absolute_url()), *items]


def _reports_crumb(notice):
    return (_("Statements"), reverse("grants:report_list", args=[notice.project.slug]))


def _changes_crumb(notice):
    return (_("Change requests"), reverse("grants:change_list", args=[notice.project.slug]))


def report_title(report) -> str:
    from .services.reports_notify import report_title as title

    return title(report)


def _messages_by(errors: GrantError) -> dict[str, list[str]]:
    return {key: list(value) for key, value in errors.message_dict.items()}


# --- statements ---------------------------------------------------------------------------


@login_required
@require_safe
def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    notice = _notice(request, slug)
    reports = sel.report_list(notice)
    for report in reports:
        report.title = report_title(report)
    return render(request, "grants/report_list.html", {
        "notice": notice, "project": notice.project, "reports": reports,
        "can_write": bool(can_act_for_grantee(request.user, notice)),
        "editable": EDITABLE, "nav": "projects",
        "breadcrumbs": _crumbs(notice, (_("Statements"), None)),
    })  # fmt: skip


def _section_rows(report, answers: dict, errors: dict):
    rows = []
    for section in report_services.sections_for(report):
        rows.append({
            "section": section, "name": f"answer-{section.key}",
            "value": answers.get(section.key, ""),
            "errors": errors.get(f"answers.{section.key}", []),
        })  # fmt: skip
    return rows


def _contract_rows(report, posted=None, errors=None):
    errors = errors or {}
    if posted is not None:
        return [dict(row, errors=errors.get(row["name"], [])) for row in posted]
    rows = []
    for index, contract in enumerate(report.contracts.all()):
        rows.append({
            "name": f"contract-{index}", "contractor": contract.contractor,
            "subject": contract.subject, "amount": format_decimal(contract.amount),
            "awarded_on": contract.awarded_on.isoformat(), "procedure": contract.procedure,
            "errors": [],
        })  # fmt: skip
    for index in range(len(rows), len(rows) + BLANK_CONTRACT_ROWS):
        rows.append({"name": f"contract-{index}", **dict.fromkeys(CONTRACT_FIELDS, ""),
                     "errors": []})  # fmt: skip
    return rows


def _posted_contracts(request) -> list[dict]:
    rows = []
    indexes = sorted({
        int(key.split("-")[1]) for key in request.POST
        if key.startswith("contract-") and key.count("-") == 2 and key.split("-")[1].isdigit()
    })[: report_services.MAX_CONTRACTS + 1]  # fmt: skip
    for index in indexes:
        row = {
            name: request.POST.get(f"contract-{index}-{name}", "").strip()
            for name in CONTRACT_FIELDS
        }
        rows.append({"name": f"contract-{index}", **row})
    return rows


def _report_form(request, notice, report, *, status=200, answers=None, statement=None,
                 contracts=None, errors=None, conflict=None):  # fmt: skip
    errors = errors or {}
    statement = statement or sel.statement(report)
    for row in statement.rows:
        row.errors = errors.get(row.name, [])
        if not hasattr(row, "value"):
            row.value = "" if row.spent is None else format_decimal(row.spent)
    general = [m for key in ("__all__", "obligations", "lessons", "expenditures", "contracts")
               for m in errors.get(key, [])]  # fmt: skip
    return render(request, "grants/report_edit.html", {
        "notice": notice, "project": notice.project, "report": report,
        "title": report_title(report),
        "sections": _section_rows(report, answers if answers is not None else report.answers,
                                  errors),
        "statement": statement,
        "contracts": _contract_rows(report, contracts, errors) if report.kind == ReportKind.FINAL
        else [],
        "general_errors": general, "has_errors": bool(errors), "conflict": conflict,
        "nav": "projects",
        "breadcrumbs": _crumbs(notice, _reports_crumb(notice), (report_title(report), None)),
    }, status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, slug: str, report_pk: int) -> HttpResponse:
    notice, report = _report(request, slug, report_pk)
    decision = can_act_for_grantee(request.user, notice)
    if not decision:
        raise PermissionDenied(decision.reason)
    if report.status not in EDITABLE:
        messages.info(request, _("This statement was submitted and can no longer be changed."))
        return redirect("grants:report_detail", slug, report.pk)
    if request.method == "GET":
        return _report_form(request, notice, report)
    # The statement as posted: answers per section, spent per cell, contracts.
    answers = {
        s.key: request.POST.get(f"answer-{s.key}", "") for s in report_services.sections_for(report)
    }
    statement = sel.statement(report)
    names = []
    expenditures = []
    for row in statement.rows:
        raw = request.POST.get(row.name, "").strip()
        row.value = raw
        if raw:
            names.append(row.name)
            expenditures.append(ExpenditureInput(row.phase, row.year, row.category, raw))
    posted_contracts = _posted_contracts(request) if report.kind == ReportKind.FINAL else None
    contract_names, contract_inputs = [], []
    for row in posted_contracts or []:
        if any(row[name] for name in CONTRACT_FIELDS):
            contract_names.append(row["name"])
            contract_inputs.append(ContractInput(**row_without_name(row)))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    keep = {"answers": answers, "statement": statement, "contracts": posted_contracts}
    try:
        report = report_services.report_save(
            actor=request.user, report=report, answers=answers, expenditures=expenditures,
            contracts=contract_inputs if posted_contracts is not None else None,
            base_version=version,
        )  # fmt: skip
    except StaleVersion as stale:
        return _report_form(request, notice, report, status=409, conflict=stale, **keep)
    except GrantError as refused:
        errors = _map_errors(_messages_by(refused), {"expenditures": names,
                                                     "contracts": contract_names})  # fmt: skip
        return _report_form(request, notice, report, status=400, errors=errors, **keep)
    if request.POST.get("action") == "submit":
        try:
            report_services.report_submit(actor=request.user, report=report,
                                          base_version=report.version)  # fmt: skip
        except GrantError as refused:
            errors = _messages_by(refused)
            report.refresh_from_db()
            messages.success(request, _("The draft was saved."))
            return _report_form(request, notice, report, status=400, errors=errors)
        messages.success(request, _("The statement was submitted to the programme office."))
        return redirect("grants:report_detail", slug, report.pk)
    messages.success(request, _("The draft was saved."))
    return redirect("grants:report_edit", slug, report.pk)


def row_without_name(row: dict) -> dict:
    return {name: row[name] for name in CONTRACT_FIELDS}


def _map_errors(errors: dict[str, list[str]], lists: dict[str, list[str]]) -> dict:
    """Service fields "expenditures.3" → the form's field names."""
    mapped: dict[str, list[str]] = {}
    for key, value in errors.items():
        prefix, _dot, index = key.partition(".")
        if prefix in lists and index.isdigit() and int(index) < len(lists[prefix]):
            mapped[lists[prefix][int(index)]] = value
        else:
            mapped[key] = value
    return mapped


@login_required
@require_safe
def report_detail(request: HttpRequest, slug: str, report_pk: int) -> HttpResponse:
    notice, report = _report(request, slug, report_pk)
    sections = _section_rows(report, report.answers, {})
    return render(request, "grants/report_detail.html", {
        "notice": notice, "project": notice.project, "report": report,
        "title": report_title(report), "sections": sections,
        "statement": sel.statement(report), "contracts": list(report.contracts.all()),
        "events": list(report.events.select_related("actor")),
        "can_write": bool(can_act_for_grantee(request.user, notice))
        and report.status in EDITABLE,
        "can_review": bool(can_run_grants(request.user))
        and report.status == ReportStatus.SUBMITTED,
        "review_errors": {}, "nav": "projects",
        "breadcrumbs": _crumbs(notice, _reports_crumb(notice), (report_title(report), None)),
    })  # fmt: skip


@login_required
@require_POST
def report_review(request: HttpRequest, slug: str, report_pk: int) -> HttpResponse:
    notice, report = _report(request, slug, report_pk)
    decision = can_run_grants(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    verdict = request.POST.get("decision", "")
    reason = request.POST.get("reason", "")
    try:
        if verdict not in ("accept", "changes"):
            raise GrantError({"decision": [_("Choose: accept or request changes.")]})
        report_services.report_review(actor=request.user, report=report,
                                      accept=verdict == "accept", reason=reason)  # fmt: skip
    except GrantError as refused:
        return render(request, "grants/report_detail.html", {
            "notice": notice, "project": notice.project, "report": report,
            "title": report_title(report), "sections": _section_rows(report, report.answers, {}),
            "statement": sel.statement(report), "contracts": list(report.contracts.all()),
            "events": list(report.events.select_related("actor")), "can_write": False,
            "can_review": report.status == ReportStatus.SUBMITTED,
            "review_errors": _messages_by(refused), "reason": reason, "verdict": verdict,
            "review_general": _messages_by(refused).get("__all__", []),
            "nav": "projects",
            "breadcrumbs": _crumbs(notice, _reports_crumb(notice), (report_title(report), None)),
        }, status=400)  # fmt: skip
    messages.success(request, _("The statement was accepted.") if verdict == "accept"
                     else _("Changes were requested; the statement is a draft again."))  # fmt: skip
    return redirect("grants:report_detail", slug, report.pk)


# --- change requests ----------------------------------------------------------------------


@login_required
@require_safe
def change_list(request: HttpRequest, slug: str) -> HttpResponse:
    notice = _notice(request, slug)
    return render(request, "grants/change_list.html", {
        "notice": notice, "project": notice.project, "changes": sel.change_list(notice),
        "versions": sel.plan_versions(notice),
        "can_write": bool(can_act_for_grantee(request.user, notice)), "nav": "projects",
        "breadcrumbs": _crumbs(notice, (_("Change requests"), None)),
    })  # fmt: skip


def _plan_grid(notice, posted=None):
    """Every cell the plan may have (phase × year × category) with the plan in force's figures
    (or what was posted)."""
    from stadtnetz.submissions.models import CostCategory

    plan = current_plan(notice)
    cells = {(x.phase, x.year, x.category): x for x in plan.lines.all()} if plan else {}
    phases = [Phase.B] if notice.starts_in_phase == Phase.B else [Phase.A, Phase.B]
    rows = []
    for phase in phases:
        for year in range(notice.period_start.year, notice.period_end.year + 1):
            for category, label in CostCategory.choices:
                line = cells.get((phase, year, category))
                key = f"{phase}-{year}-{category}"
                row = {"phase": phase, "year": year, "category": category,
                       "category_label": label, "key": key, "line": line,
                       "costs": format_decimal(line.eligible_costs) if line else "",
                       "grant": format_decimal(line.grant) if line else "", "errors": []}  # fmt: skip
                if posted is not None:
                    row["costs"] = posted.get(f"costs-{key}", "").strip()
                    row["grant"] = posted.get(f"grant-{key}", "").strip()
                rows.append(row)
    return rows


def _milestone_rows(notice, posted=None):
    rows = []
    for milestone in sel.milestones_of(notice):
        name = f"ms-{milestone.pk}"
        row = {"milestone": milestone, "name": name, "errors": [],
               "due_on": milestone.due_on.isoformat(), "status": milestone.status}  # fmt: skip
        if posted is not None:
            row["due_on"] = posted.get(f"{name}-due_on", "").strip()
            row["status"] = posted.get(f"{name}-status", "").strip()
        rows.append(row)
    return rows


def _change_form(request, notice, kind, *, status=200, posted=None, errors=None):
    errors = errors or {}
    grid = _plan_grid(notice, posted)
    for row in grid:
        row["errors"] = errors.get(f"cell-{row['key']}", [])
    milestones = _milestone_rows(notice, posted)
    for row in milestones:
        row["errors"] = errors.get(row["name"], [])
    return render(request, "grants/change_new.html", {
        "notice": notice, "project": notice.project, "kind": kind, "kinds": ChangeKind.choices,
        "grid": grid, "milestones": milestones,
        "milestone_states": [(v, label) for v, label in MilestoneStatus.choices
                             if v in change_services.MILESTONE_STATES],
        "reason": (posted or {}).get("reason", ""),
        "period_end": (posted or {}).get("period_end", ""),
        "max_end": change_services.max_period_end(notice),
        "errors": errors, "general_errors": errors.get("__all__", []) + errors.get("lines", [])
        + errors.get("milestone_changes", []),
        "nav": "projects",
        "breadcrumbs": _crumbs(notice, _changes_crumb(notice), (_("New change request"), None)),
    }, status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def change_new(request: HttpRequest, slug: str) -> HttpResponse:
    notice = _notice(request, slug)
    decision = can_act_for_grantee(request.user, notice)
    if not decision:
        raise PermissionDenied(decision.reason)
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", ChangeKind.BUDGET)
    if kind not in ChangeKind.values:
        kind = ChangeKind.BUDGET
    if request.method == "GET":
        return _change_form(request, notice, kind)
    post = request.POST
    names: list[str] = []
    arguments: dict = {}
    if kind == ChangeKind.BUDGET:
        lines = []
        for row in _plan_grid(notice, post):
            if row["costs"] or row["grant"]:
                names.append(f"cell-{row['key']}")
                lines.append(LineInput(row["phase"], row["year"], row["category"],
                                       row["costs"] or "0", row["grant"] or None))  # fmt: skip
        arguments["lines"] = lines
    elif kind == ChangeKind.PERIOD:
        arguments["period_end"] = post.get("period_end", "")
    else:
        rows = []
        for row in _milestone_rows(notice, post):
            milestone = row["milestone"]
            change = {"id": milestone.pk}
            if row["due_on"] and row["due_on"] != milestone.due_on.isoformat():
                change["due_on"] = row["due_on"]
            if row["status"] and row["status"] != milestone.status:
                change["status"] = row["status"]
            if len(change) > 1:
                names.append(row["name"])
                rows.append(change)
        arguments["milestone_changes"] = rows
    try:
        change = change_services.change_request_create(
            actor=request.user, notice=notice, kind=kind, reason=post.get("reason", ""),
            **arguments,
        )  # fmt: skip
    except GrantError as refused:
        errors = _map_errors(_messages_by(refused), {"lines": names, "milestone_changes": names})
        return _change_form(request, notice, kind, status=400, posted=post, errors=errors)
    messages.success(request, _("The change request was sent to the programme office."))
    return redirect("grants:change_detail", slug, change.pk)


def _change_detail(request, notice, change, *, status=200, errors=None, reason=""):
    milestones = {m.pk: m for m in sel.milestones_of(notice)}
    milestone_rows = [
        {"change": row, "milestone": milestones.get(row["id"])} for row in change.milestone_changes
    ]
    return render(request, "grants/change_detail.html", {
        "notice": notice, "project": notice.project, "change": change,
        "cells": sel.compare_plan(change) if change.kind == ChangeKind.BUDGET else [],
        "milestone_rows": milestone_rows,
        "can_decide": bool(can_run_grants(request.user))
        and change.status == ChangeStatus.SUBMITTED,
        "can_withdraw": bool(can_act_for_grantee(request.user, notice))
        and change.status == ChangeStatus.SUBMITTED,
        "errors": errors or {}, "reason": reason, "nav": "projects",
        "general_errors": [m for key in ("__all__", "lines", "period_end", "milestone_changes")
                           for m in (errors or {}).get(key, [])],
        "breadcrumbs": _crumbs(notice, _changes_crumb(notice),
                               (change.get_kind_display(), None)),
    }, status=status)  # fmt: skip


@login_required
@require_safe
def change_detail(request: HttpRequest, slug: str, change_pk: int) -> HttpResponse:
    notice, change = _change(request, slug, change_pk)
    return _change_detail(request, notice, change)


@login_required
@require_POST
def change_decide(request: HttpRequest, slug: str, change_pk: int) -> HttpResponse:
    notice, change = _change(request, slug, change_pk)
    decision = can_run_grants(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    verdict = request.POST.get("decision", "")
    reason = request.POST.get("reason", "")
    try:
        if verdict not in ("approve", "refuse"):
            raise GrantError({"decision": [_("Choose: approve or refuse.")]})
        change_services.change_request_decide(actor=request.user, change=change,
                                              approve=verdict == "approve", reason=reason)  # fmt: skip
    except GrantError as refused:
        change.refresh_from_db()
        return _change_detail(request, notice, change, status=400,
                              errors=_messages_by(refused), reason=reason)  # fmt: skip
    messages.success(request, _("The change request was approved.") if verdict == "approve"
                     else _("The change request was refused."))  # fmt: skip
    return redirect("grants:change_detail", slug, change.pk)


@login_required
@require_POST
def change_withdraw(request: HttpRequest, slug: str, change_pk: int) -> HttpResponse:
    notice, change = _change(request, slug, change_pk)
    decision = can_act_for_grantee(request.user, notice)
    if not decision:
        raise PermissionDenied(decision.reason)
    try:
        change_services.change_request_withdraw(actor=request.user, change=change)
    except GrantError as refused:
        change.refresh_from_db()
        return _change_detail(request, notice, change, status=400, errors=_messages_by(refused))
    messages.success(request, _("The change request was withdrawn."))
    return redirect("grants:change_detail", slug, change.pk)
