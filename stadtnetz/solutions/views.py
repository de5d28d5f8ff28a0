# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Catalog pages: list with facets, solution, publisher, reuses, validator, editor, crawls."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stadtnetz.core import exports
from stadtnetz.core.forms import errors_to_form
from stadtnetz.organisations.models import Organisation
from stadtnetz.publiccode import validate

from . import crawler, permissions, selectors, services
from .forms import MAX_UPLOAD_BYTES, EditorForm, ReuseForm, SearchForm, ValidateForm
from .models import CrawlRun, Reuse, SolutionClaim
from .tasks import crawl_task

PAGE_SIZE = 25
FACET_VALUES_SHOWN = 15


def _crumbs(*items):
    return [(_("Solutions"), reverse("solutions:list")), *items]


def _solution_or_404(pk: int):
    solution = selectors.solution_get(pk)
    if solution is None:
        raise Http404
    return solution


def _filters(request: HttpRequest) -> tuple[SearchForm, selectors.SolutionFilter | None]:
    form = SearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    return form, selectors.SolutionFilter(
        q=data.get("q", ""), facets=form.facets() if form.is_bound else {},
        sort=data.get("sort") or "name",
    )  # fmt: skip


@require_safe
def solution_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page_obj, facets = None, {}
    if filters is not None:
        qs = selectors.solution_list(filters)
        page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        facets = selectors.facet_counts(qs)
    context = {
        "form": form, "page_obj": page_obj, "facet_groups": _facet_groups(request, facets, filters),
        "active": filters.facets if filters else {}, "nav": "solutions",
        "breadcrumbs": [(_("Solutions"), None)],
    }  # fmt: skip
    template = "solutions/solution_list.html"
    if request.htmx and page_obj is not None:
        template += "#results"
    return render(request, template, context, status=200 if page_obj is not None else 400)


def _facet_groups(request, facets, filters) -> list[dict]:
    """Facet values with the link that sets (or, when active, removes) each filter."""
    active = filters.facets if filters else {}
    groups = []
    for kind, values in facets.items():
        items = []
        for value, count in values[:FACET_VALUES_SHOWN]:
            query = request.GET.copy()
            query.pop("page", None)
            is_active = active.get(kind) == value
            if is_active:
                query.pop(kind, None)
            else:
                query[kind] = value
            items.append({"value": value, "count": count, "active": is_active,
                          "url": query.urlencode()})  # fmt: skip
        if kind in active and not any(i["active"] for i in items):
            query = request.GET.copy()
            query.pop(kind, None)
            items.insert(0, {"value": active[kind], "count": 0, "active": True,
                             "url": query.urlencode()})  # fmt: skip
        if items:
            groups.append({"kind": kind, "values": items})
    return groups


@require_safe
def solution_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("json", "csv"):
        raise Http404
    _form, filters = _filters(request)
    if filters is None:
        return HttpResponse(_("Invalid filter."), status=400, content_type="text/plain")
    rows = [_export_row(s) for s in selectors.solution_list(filters)]
    if fmt == "json":
        response = JsonResponse({"count": len(rows), "items": rows},
                                json_dumps_params={"ensure_ascii": False})  # fmt: skip
        response["Content-Disposition"] = 'attachment; filename="stadtnetz-solutions.json"'
        return response
    return exports.csv_response("stadtnetz-solutions.csv", EXPORT_FIELDS,
                                exports.dict_rows(rows, EXPORT_FIELDS), dialect=exports.PLAIN)  # fmt: skip


EXPORT_FIELDS = ("id", "name", "url", "repository", "publisher", "licence", "licence_osi",
                 "licence_fsf", "licence_eupl_compatible", "development_status", "software_type",
                 "categories", "platforms", "maintenance_type", "countries", "valid", "errors",
                 "warnings", "readiness", "vitality", "confirmed_reuses_note", "crawl_state",
                 "last_verified_at")  # fmt: skip


def _export_row(solution) -> dict:
    from stadtnetz.core.links import absolute_url

    return {
        "id": solution.pk, "name": solution.name,
        "url": absolute_url(solution.get_absolute_url()),
        "repository": solution.repository_url, "publisher": solution.publisher_name,
        "licence": solution.licence, "licence_osi": solution.licence_osi,
        "licence_fsf": solution.licence_fsf,
        "licence_eupl_compatible": solution.licence_eupl_compatible,
        "development_status": solution.development_status,
        "software_type": solution.software_type, "categories": solution.categories,
        "platforms": solution.platforms, "maintenance_type": solution.maintenance_type,
        "countries": solution.countries, "valid": solution.valid,
        "errors": solution.error_count, "warnings": solution.warning_count,
        "readiness": solution.readiness, "vitality": solution.vitality,
        "confirmed_reuses_note": "see /api/v1/solutions/{id}",
        "crawl_state": solution.crawl_state,
        "last_verified_at": solution.last_verified_at.isoformat()
        if solution.last_verified_at else None,
    }  # fmt: skip


@require_safe
def solution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    solution = _solution_or_404(pk)
    if solution.merged_into_id:
        return redirect(solution.merged_into)
    reuses = solution.current_reuses
    short, long = solution.description(request.LANGUAGE_CODE)
    return render(request, "solutions/solution_detail.html", {
        "solution": solution, "short_description": short, "long_description": long,
        "reuses": reuses, "used_by": selectors.used_by(solution, reuses),
        "measures": solution.measures.select_related("project").order_by(
            "project__round_year", "project__name", "title", "pk"),
        "project_links": selectors.project_links(solution),
        "transfers": selectors.documented_transfers(solution),
        "copies": solution.duplicates.order_by("repository_key"),
        "errors": [r for r in solution.validation_results if r.get("type") == "error"],
        "warnings": [r for r in solution.validation_results if r.get("type") == "warning"],
        "can_declare": permissions.can_declare_reuse(request.user),
        "show_contacts": permissions.can_see_reuse_contacts(request.user),
        "nav": "solutions", "breadcrumbs": _crumbs((solution.name, None)),
    })  # fmt: skip


@require_safe
def solution_publiccode(request: HttpRequest, pk: int) -> HttpResponse:
    solution = _solution_or_404(pk)
    response = HttpResponse(solution.publiccode_raw, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="publiccode.yml"'
    return response


@require_safe
def publisher_detail(request: HttpRequest, slug: str) -> HttpResponse:
    name = selectors.publisher_name(slug)
    if name is None:
        raise Http404
    solutions = list(selectors.solution_list(selectors.SolutionFilter(publisher=slug))[:500])
    organisation = next((s.organisation for s in solutions if s.organisation_id), None)
    return render(request, "solutions/publisher_detail.html", {
        "name": name, "solutions": solutions, "organisation": organisation,
        "reuses": list(selectors.reuses_for_publisher(slug)),
        "show_contacts": permissions.can_see_reuse_contacts(request.user),
        "nav": "solutions", "breadcrumbs": _crumbs((name, None)),
    })  # fmt: skip


@require_safe
def organisation_reuses(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(request, "solutions/organisation_reuses.html", {
        "organisation": organisation,
        "reuses": list(selectors.reuses_of_organisation(organisation)),
        "published": list(organisation.published_solutions.listed()[:200]),
        "can_write": permissions.can_declare_reuse(request.user, organisation),
        "show_contacts": permissions.can_see_reuse_contacts(request.user),
        "nav": "solutions",
        "breadcrumbs": _crumbs((organisation.name, None)),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def reuse_declare(request: HttpRequest, pk: int) -> HttpResponse:
    solution = _solution_or_404(pk)
    permissions.can_declare_reuse(request.user).enforce()
    organisations = permissions.organisations_for_reuse(request.user)
    form = ReuseForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        permissions.can_declare_reuse(request.user, data["organisation"]).enforce()
        try:
            services.reuse_declare(
                solution=solution, organisation=data["organisation"], actor=request.user,
                status=data["status"], since=data["since"], note=data["note"],
                contact_name=data["contact_name"], contact_email=data["contact_email"],
            )  # fmt: skip
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Thank you: your reuse is now shown on the solution."))
            return redirect(solution)
    return render(request, "solutions/reuse_form.html", {
        "form": form, "solution": solution, "nav": "solutions",
        "breadcrumbs": _crumbs((solution.name, solution.get_absolute_url()),
                               (_("Declare reuse"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def reuse_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    reuse = get_object_or_404(Reuse.objects.select_related("solution", "organisation"), pk=pk)
    permissions.can_declare_reuse(request.user, reuse.organisation).enforce()
    services.reuse_withdraw(reuse=reuse, actor=request.user)
    messages.success(request, _("The reuse declaration has been withdrawn."))
    return redirect(reuse.solution)


def _read_form(request: HttpRequest, form_class, **kwargs):
    """Bind a POSTed form; an over-large request becomes a form error (413), not a 500."""
    try:
        return form_class(request.POST, request.FILES, **kwargs), 200
    except RequestDataTooBig:
        form = form_class(**kwargs)
        form.too_large = True
        return form, 413


@require_http_methods(["GET", "POST"])
def validate_page(request: HttpRequest) -> HttpResponse:
    result, status, form = None, 200, ValidateForm()
    lines: list[str] = []
    if request.method == "POST":
        form, status = _read_form(request, ValidateForm)
        if status == 413:
            form.errors_text = _("The request is larger than 512 KB.")
        elif form.is_valid():
            content = form.content()
            result = validate(content, max_bytes=MAX_UPLOAD_BYTES)
            lines = content[:MAX_UPLOAD_BYTES].decode("utf-8", "replace").splitlines()
        else:
            status = 400
    context = {
        "form": form, "result": result, "lines": _anchored(result, lines),
        "nav": "solutions", "breadcrumbs": _crumbs((_("Validate publiccode.yml"), None)),
    }  # fmt: skip
    return render(request, "solutions/validate.html", context, status=status)


def _anchored(result, lines: list[str]) -> list[dict]:
    """Each result with the source line it points to (the line is shown beside the message)."""
    if result is None:
        return []
    rows = []
    for item in result.results:
        text = lines[item.line - 1] if 0 < item.line <= len(lines) else ""
        rows.append({"item": item, "source": text[:200]})
    return rows


@require_http_methods(["GET", "POST"])
def editor(request: HttpRequest) -> HttpResponse:
    form = EditorForm(request.POST or None)
    output, result = "", None
    if request.method == "POST" and form.is_valid():
        output = form.to_yaml()
        result = validate(output)
        if request.POST.get("action") == "download" and result.valid:
            response = HttpResponse(output, content_type="application/yaml; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="publiccode.yml"'
            return response
    return render(request, "solutions/editor.html", {
        "form": form, "output": output, "result": result, "nav": "solutions",
        "breadcrumbs": _crumbs((_("publiccode.yml editor"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def crawl_status(request: HttpRequest) -> HttpResponse:
    permissions.can_manage_crawls(request.user).enforce()
    error = ""
    if request.method == "POST":
        text = request.POST.get("sources", "")[:20_000]
        targets = [{"source": line.strip(), "organisation": None}
                   for line in text.splitlines() if line.strip()][:500]  # fmt: skip
        if not targets:
            error = _("Give at least one repository address, one per line.")
        else:
            run = crawler.run_create(targets=targets, actor=request.user)
            crawl_task.enqueue(run.pk)
            messages.success(request, _("The crawl has been queued."))
            return redirect("solutions:crawl_status")
    runs = list(selectors.crawl_runs())
    template = "solutions/crawl_status.html"
    if request.htmx:
        template += "#runs"
    return render(request, template, {
        "runs": runs, "error": error, "claims": selectors.open_claims(),
        "running": any(r.status in ("queued", "running") for r in runs),
        "nav": "solutions", "breadcrumbs": _crumbs((_("Crawls"), None)),
    }, status=400 if error else 200)  # fmt: skip


@login_required
@require_POST
def claim_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff confirm or reject a repository's claim to be another entry's repository."""
    permissions.can_manage_crawls(request.user).enforce()
    claim = get_object_or_404(SolutionClaim, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("confirm", "reject"):
        messages.error(request, _("Choose whether to confirm or to reject the claim."))
        return redirect(reverse("solutions:crawl_status") + "#claims")
    try:
        services.claim_decide(claim=claim, actor=request.user, confirm=decision == "confirm")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("solutions:crawl_status") + "#claims")
    if decision == "confirm":
        messages.success(request, _("Confirmed: the repository is now an address of the entry."))
    else:
        messages.success(request, _("Rejected: the entries stay apart."))
    return redirect(reverse("solutions:crawl_status") + "#claims")


@login_required
@require_safe
def crawl_detail(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.can_manage_crawls(request.user).enforce()
    run = get_object_or_404(CrawlRun, pk=pk)
    return render(request, "solutions/crawl_detail.html", {
        "run": run, "logs": run.logs.select_related("solution")[:2000],
        "nav": "solutions",
        "breadcrumbs": _crumbs((_("Crawls"), reverse("solutions:crawl_status")),
                               (f"#{run.pk}", None)),
    })  # fmt: skip


def json_pretty(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
