# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Pages of the notice area: issuing the grant notice, the grant page of a project, the notice
PDF, the strategy that ends phase A, and the work plan (milestones). Parse → permission →
selector/service → render; a grant the user may not see is a 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from stadtnetz.projects.selectors import project_get
from stadtnetz.reviews.selectors import case_get

from . import selectors
from .forms_notice import (
    MilestoneForm,
    NoticeForm,
    PlanRowFormSet,
    StrategyDecisionForm,
    StrategyUploadForm,
)
from .models import GrantNotice, Milestone, Phase, StrategyDocument, StrategyState
from .permissions import can_act_for_grantee, can_run_grants, can_view_grant
from .services import milestones as milestone_services
from .services import notice as notice_services
from .services import strategy as strategy_services
from .services.common import GrantError, grant_for, money

AREA_LINKS = (
    ("grants:payment_list", gettext_lazy("Payment requests")),
    ("grants:report_list", gettext_lazy("Statements")),
    ("grants:change_list", gettext_lazy("Change requests")),
    ("grants:budget", gettext_lazy("Budget")),
)


def _crumbs(project, *items):
    return [(_("Model projects"), reverse("projects:list")),
            (project.name, project.get_absolute_url()), *items]  # fmt: skip


def _grant_crumbs(notice, *items):
    return _crumbs(notice.project, (_("Grant"), reverse("grants:grant", args=[notice.project.slug])),
                   *items)  # fmt: skip


def _notice(request, slug: str, check=can_view_grant) -> GrantNotice:
    """The project's notice when the user may see the grant (else 404) and ``check`` allows
    (else the check's refusal: 403 for those who see the grant)."""
    project = project_get(slug)
    notice = selectors.notice_for_project(project) if project is not None else None
    if notice is None or not can_view_grant(request.user, notice):
        raise Http404
    if check is not can_view_grant:
        check(request.user, notice).enforce()
    return notice


def _errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _area_links(slug: str) -> list[tuple[str, str]]:
    """Links to the other areas' pages of the grant, for those that exist already."""
    links = []
    for name, label in AREA_LINKS:
        try:
            links.append((reverse(name, args=[slug]), label))
        except NoReverseMatch:
            continue
    return links


# --- issuing the notice --------------------------------------------------------------------------


def _plan_initial(case, rate) -> list[dict]:
    cells = notice_services.requested_cells(case.application)
    return [{"phase": p, "year": y, "category": c, "eligible_costs": f"{amount:.2f}".replace(".", ","),
             "grant": f"{grant_for(amount, rate):.2f}".replace(".", ",")}
            for (p, y, c), amount in sorted(cells.items())]  # fmt: skip


def _plan_rows(formset, case, rate) -> list[dict]:
    """The rows of the plan table: the form and what was requested for the cell."""
    from stadtnetz.submissions.models import CostCategory

    cells = notice_services.requested_cells(case.application)
    labels = dict(CostCategory.choices)
    rows = []
    for form in formset.forms:
        data = form.cleaned_data if form.is_bound and form.is_valid() else form.initial
        if form.is_bound and not form.is_valid():
            data = {k: form.data.get(form.add_prefix(k), "") for k in ("phase", "year", "category")}
        key = (data.get("phase"), int(data.get("year") or 0), data.get("category"))
        requested = cells.get(key)
        approved = None
        if form.is_bound:
            try:
                approved = money(form.data.get(form.add_prefix("eligible_costs"), ""), "x",
                                 allow_zero=True)  # fmt: skip
            except GrantError:
                approved = None
        rows.append({"form": form, "phase": key[0], "year": key[1],
                     "category": labels.get(key[2], key[2]), "requested": requested,
                     "requested_grant": grant_for(requested, rate) if requested is not None else None,
                     "difference": approved - requested if approved is not None and requested is not None else None})  # fmt: skip
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The office issues the grant notice of a selected application."""
    from stadtnetz.submissions.budget import rate_for

    case = case_get(case_pk)
    if case is None or not can_run_grants(request.user) or case.state != "selected":
        raise Http404
    if case.model_project_id is None:
        raise Http404
    existing = GrantNotice.objects.filter(project_id=case.model_project_id).first()
    if existing is not None:
        messages.info(request, _("This model project already has its grant notice."))
        return redirect("grants:grant", slug=case.model_project.slug)
    rate, hardship = rate_for(case.call, case.application)
    application = case.application
    initial = {"starts_in_phase": Phase.A}
    if application.starts_on:
        initial["period_start"] = application.starts_on
        if application.duration_months:
            initial["period_end"] = notice_services.add_months(
                application.starts_on, application.duration_months
            ) - dt.timedelta(days=1)
    form = NoticeForm(request.POST if request.method == "POST" else None, initial=initial)
    formset = PlanRowFormSet(
        request.POST if request.method == "POST" else None,
        initial=_plan_initial(case, rate),
        prefix="plan",
    )
    if request.method == "POST":
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            start = form.cleaned_data["starts_in_phase"]
            lines, index_of = [], {}
            for form_index, row in enumerate(formset.forms):
                data = row.cleaned_data
                if start == Phase.B and data["phase"] == Phase.A:
                    continue  # a direct start in phase B drops the strategy phase
                index_of[len(lines)] = form_index
                lines.append(notice_services.LineInput(
                    phase=data["phase"], year=data["year"], category=data["category"],
                    eligible_costs=data["eligible_costs"], grant=data["grant"] or None))  # fmt: skip
            try:
                notice = notice_services.notice_issue(
                    actor=request.user, case=case,
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                    starts_in_phase=start, conditions=form.condition_list(), lines=lines,
                )  # fmt: skip
            except GrantError as error:
                for key, problems in error.message_dict.items():
                    if key.startswith("lines."):
                        row = formset.forms[index_of[int(key.split(".")[1])]]
                        row.add_error("eligible_costs", problems)
                    elif key == "lines":
                        form.add_error(None, problems)
                    else:
                        form.add_error(key if key in form.fields else None, problems)
            else:
                notice_services.notice_render_pdf(notice=notice)
                notice_services.notify_notice_issued(notice)
                messages.success(request, _("The grant notice %(reference)s has been issued.")
                                 % {"reference": notice.reference})  # fmt: skip
                return redirect("grants:grant", slug=notice.project.slug)
    invalid = request.method == "POST"
    return render(request, "grants/notice_create.html", {
        "case": case, "application": application, "form": form, "formset": formset,
        "rows": _plan_rows(formset, case, rate), "rate": rate, "hardship": hardship,
        "nav": "programmes",
        "breadcrumbs": [(case.call.title, case.call.get_absolute_url()),
                        (_("Review and selection"), reverse("reviews:call_review", args=[case.call_id])),
                        (application.title, reverse("reviews:case_detail", args=[case.pk])),
                        (_("Issue the grant notice"), None)],
    }, status=400 if invalid else 200)  # fmt: skip


# --- the grant page and the notice PDF -----------------------------------------------------------


@login_required
@require_safe
def grant(request: HttpRequest, slug: str) -> HttpResponse:
    notice = _notice(request, slug)
    versions = list(notice.plan_versions.select_related("created_by", "change_request"))
    current = versions[-1] if versions else None
    comparison = selectors.plan_comparison(notice, current)
    strategies = list(notice.strategies.all())
    return render(request, "grants/notice_grant.html", {
        "notice": notice, "project": notice.project, "comparison": comparison,
        "versions": versions, "current": current,
        "conditions": list(notice.conditions.all()),
        "reports": list(notice.reports.order_by("due_on", "pk")),
        "phases": list(notice.project.phases.order_by("phase")),
        "strategies": strategies,
        "strategy_approved": selectors.strategy_approved(notice),
        "overdue": list(selectors.overdue_milestones(project=notice.project)),
        "office": bool(can_run_grants(request.user)),
        "can_act": bool(can_act_for_grantee(request.user, notice)),
        "area_links": _area_links(slug),
        "nav": "projects", "breadcrumbs": _crumbs(notice.project, (_("Grant"), None)),
    })  # fmt: skip


@login_required
@require_safe
def notice_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    notice = _notice(request, slug)
    if not notice.pdf_sha256:
        notice = notice_services.notice_render_pdf(notice=notice)
    response = HttpResponse(bytes(notice.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{notice.reference}.pdf"'
    return response


@login_required
@require_safe
def plan_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """An earlier (or the current) version of the approved plan."""
    notice = _notice(request, slug)
    version = get_object_or_404(notice.plan_versions, number=number)
    return render(request, "grants/notice_plan_version.html", {
        "notice": notice, "project": notice.project, "version": version,
        "comparison": selectors.plan_comparison(notice, version),
        "nav": "projects",
        "breadcrumbs": _grant_crumbs(notice, (_("Plan version %(n)d") % {"n": number}, None)),
    })  # fmt: skip


# --- strategy ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def strategy(request: HttpRequest, slug: str) -> HttpResponse:
    """The strategy documents; editors upload (POST), the office decides below each."""
    notice = _notice(request, slug)
    form = StrategyUploadForm()
    if request.method == "POST":
        can_act_for_grantee(request.user, notice).enforce()
        form = StrategyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                strategy_services.strategy_upload(actor=request.user, notice=notice,
                                                  name=upload.name, data=upload.read())  # fmt: skip
            except GrantError as error:
                _errors(form, error)
            else:
                messages.success(
                    request, _("The strategy has been submitted to the programme office.")
                )
                return redirect("grants:strategy", slug=slug)
    documents = list(notice.strategies.select_related("uploaded_by", "decided_by"))
    return render(request, "grants/strategy.html", {
        "notice": notice, "project": notice.project, "documents": documents, "form": form,
        "decision_form": StrategyDecisionForm(),
        "can_act": bool(can_act_for_grantee(request.user, notice)),
        "office": bool(can_run_grants(request.user)),
        "open": any(d.state == StrategyState.SUBMITTED for d in documents),
        "approved": any(d.state == StrategyState.APPROVED for d in documents),
        "nav": "projects", "breadcrumbs": _grant_crumbs(notice, (_("Strategy"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_safe
def strategy_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    notice = _notice(request, slug)
    document = get_object_or_404(StrategyDocument, pk=pk, notice=notice)
    path = strategy_services.uploads.private_root() / document.path
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=document.name,
                        content_type=document.content_type)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def strategy_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    notice = _notice(request, slug, lambda user, _notice: can_run_grants(user))
    document = get_object_or_404(StrategyDocument, pk=pk, notice=notice)
    form = StrategyDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            strategy_services.strategy_decide(
                actor=request.user, strategy=document,
                approve=form.cleaned_data["decision"] == "approve",
                approved_on=form.cleaned_data["approved_on"], reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except GrantError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The decision on the strategy has been recorded."))
            return redirect("grants:strategy", slug=slug)
    return render(request, "grants/strategy_decide.html", {
        "notice": notice, "project": notice.project, "document": document, "form": form,
        "nav": "projects",
        "breadcrumbs": _grant_crumbs(notice, (_("Strategy"), reverse("grants:strategy", args=[slug])),
                                     (_("Decision"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


# --- work plan -----------------------------------------------------------------------------------


def _milestone_values(form) -> dict:
    data = form.cleaned_data
    return {"title": data["title"], "due_on": data["due_on"], "status": data["status"],
            "reached_on": data["reached_on"], "evidence": data["evidence"],
            "evidence_url": data["evidence_url"]}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def milestones(request: HttpRequest, slug: str) -> HttpResponse:
    """The work plan: every milestone of the project's measures; editors add one (POST)."""
    notice = _notice(request, slug)
    measures = list(notice.project.measures.order_by("title", "pk"))
    form = MilestoneForm(measures=measures, initial={"status": "planned"})
    if request.method == "POST":
        can_act_for_grantee(request.user, notice).enforce()
        form = MilestoneForm(request.POST, measures=measures)
        if form.is_valid():
            measure = next((m for m in measures if m.pk == form.cleaned_data["measure"]), None)
            try:
                milestone_services.milestone_create(actor=request.user, notice=notice,
                                                    measure=measure, **_milestone_values(form))  # fmt: skip
            except GrantError as error:
                _errors(form, error)
            else:
                messages.success(request, _("The milestone has been added."))
                return redirect("grants:milestones", slug=slug)
    return render(request, "grants/milestones.html", {
        "notice": notice, "project": notice.project, "form": form, "measures": measures,
        "milestones": list(selectors.project_milestones(notice.project)),
        "today": dt.date.today(),
        "can_act": bool(can_act_for_grantee(request.user, notice)),
        "nav": "projects", "breadcrumbs": _grant_crumbs(notice, (_("Work plan"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    notice = _notice(request, slug, can_act_for_grantee)
    milestone = get_object_or_404(Milestone.objects.select_related("measure"), pk=pk,
                                  measure__project=notice.project)  # fmt: skip
    measures = list(notice.project.measures.order_by("title", "pk"))
    form = MilestoneForm(request.POST if request.method == "POST" else None, measures=measures, initial={
        "measure": milestone.measure_id, "title": milestone.title, "due_on": milestone.due_on,
        "status": milestone.status, "reached_on": milestone.reached_on,
        "evidence": milestone.evidence, "evidence_url": milestone.evidence_url,
        "version": milestone.version,
    })  # fmt: skip
    conflict = False
    if request.method == "POST" and form.is_valid():
        measure = next((m for m in measures if m.pk == form.cleaned_data["measure"]), None)
        version = form.cleaned_data["version"]
        try:
            milestone_services.milestone_update(
                actor=request.user, notice=notice, milestone=milestone, measure=measure,
                version=milestone.version if version is None else version,
                **_milestone_values(form),
            )  # fmt: skip
        except milestone_services.StaleMilestone as error:
            conflict = True
            _errors(form, error)
        except GrantError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The milestone has been saved."))
            return redirect("grants:milestones", slug=slug)
    return render(request, "grants/milestone_edit.html", {
        "notice": notice, "project": notice.project, "milestone": milestone, "form": form,
        "nav": "projects",
        "breadcrumbs": _grant_crumbs(notice, (_("Work plan"), reverse("grants:milestones", args=[slug])),
                                     (milestone.title, None)),
    }, status=409 if conflict else 400 if form.errors else 200)  # fmt: skip
