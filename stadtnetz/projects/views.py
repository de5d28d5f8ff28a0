# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Pages of the knowledge base: projects (list, map, page), measures, lessons, peers, network."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from stadtnetz.core.forms import errors_to_form
from stadtnetz.core.versioning import StaleVersion, form_labels, rebind_with_version
from stadtnetz.municipalities import selectors as registry
from stadtnetz.organisations import selectors as organisation_selectors

from . import geo, network, opendata, peers, selectors, services
from .forms import (
    KnowledgeFilterForm,
    KPIFormSet,
    LessonForm,
    MeasureForm,
    PeerForm,
    ProjectFilterForm,
    kpi_inputs,
)
from .models import Lesson, Measure, ModelProject
from .permissions import can_edit_project

PAGE_SIZE = 50


def _crumbs(*items):
    return [(_("Model projects"), reverse("projects:list")), *items]


def _project_or_404(slug: str) -> ModelProject:
    project = selectors.project_get(slug)
    if project is None:
        raise Http404
    return project


def _pk(value: str) -> int:
    if not value.isdigit() or len(value) > 12:
        raise Http404
    return int(value)


def _filters(form: ProjectFilterForm) -> selectors.ProjectFilter:
    data = form.cleaned_data if form.is_bound else {}
    return selectors.ProjectFilter(
        round_year=data.get("round"), state=data.get("state", ""),
        category=data.get("category", ""), kind=data.get("kind", ""),
        field=data.get("field", ""), phase=data.get("phase", ""),
    )  # fmt: skip


@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    from .importer import fields_of_action_ensure

    fields_of_action_ensure()
    form = ProjectFilterForm(request.GET or None)
    context = {"form": form, "nav": "projects", "breadcrumbs": [(_("Model projects"), None)]}
    status = 200
    if form.is_bound and not form.is_valid():
        context["page_obj"], status = None, 400
    else:
        filters = _filters(form)
        paginator = Paginator(selectors.project_list(filters), PAGE_SIZE * 2)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        context["facets"] = selectors.project_facets(filters)
    template = "projects/project_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context, status=status)


@require_safe
def knowledge_overview(request: HttpRequest) -> HttpResponse:
    from .importer import fields_of_action_ensure

    fields_of_action_ensure()
    return render(request, "projects/knowledge.html", {
        "matrix": selectors.knowledge_matrix(), "figures": selectors.knowledge_figures(),
        "nav": "knowledge", "breadcrumbs": [(_("Knowledge by field of action"), None)],
    })  # fmt: skip


@require_safe
def field_detail(request: HttpRequest, code: str) -> HttpResponse:
    field = selectors.field_get(code)
    if field is None:
        raise Http404
    form = KnowledgeFilterForm(request.GET or None)
    context = {
        "field": field, "form": form, "nav": "knowledge",
        "breadcrumbs": [(_("Knowledge by field of action"), reverse("projects:knowledge")),
                        (str(field), None)],
    }  # fmt: skip
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        context.update(measures=[], lessons=[], facets={})
    else:
        data = form.cleaned_data if form.is_bound else {}
        filters = selectors.KnowledgeFilter(
            category=data.get("category", ""), state=data.get("state", ""),
            round_year=data.get("round"), status=data.get("status", ""),
        )  # fmt: skip
        measures = selectors.field_measures(field, filters)
        context.update(
            measures=measures, lessons=selectors.field_lessons(field, filters),
            facets=_facet_rows(form, selectors.field_facets(measures)),
            project_count=len({m.project_id for m in measures}), filters=filters,
            active_filters=_active_filters(form),
        )  # fmt: skip
    template = "projects/field_detail.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context, status=status)


def _active_filters(form: KnowledgeFilterForm) -> list[str]:
    """The labels of the filter values in use, to say what the list is filtered by."""
    if not form.is_bound:
        return []
    active = []
    for name in ("category", "state", "round", "status"):
        value = form.cleaned_data.get(name)
        if value not in (None, ""):
            labels = {str(key): str(label) for key, label in form.fields[name].choices}
            active.append(labels.get(str(value), str(value)))
    return active


def _facet_rows(form: KnowledgeFilterForm, facets: dict) -> dict[str, list[tuple[str, str, int]]]:
    """Per filter: (value, label, count) for the values present in the current selection."""
    rows = {}
    for name in ("category", "state", "round", "status"):
        counts = facets.get(name, {})
        rows[name] = [(str(value), str(label), counts[str(value)])
                      for value, label in form.fields[name].choices
                      if value and counts.get(str(value))]  # fmt: skip
    return rows


def _markers(projects) -> list[dict]:
    markers = []
    for project in projects:
        if project.latitude is None:
            continue
        x, y = geo.project(project.latitude, project.longitude)
        markers.append({"project": project, "x": f"{x:.1f}", "y": f"{y:.1f}",
                        "rx": f"{x - 4:.1f}", "ry": f"{y - 4:.1f}",
                        "shape": project.organisation.kind})  # fmt: skip
    return markers


@require_safe
def project_map(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        projects = []
    else:
        projects = list(selectors.project_list(_filters(form)))
    markers = _markers(projects)
    return render(request, "projects/project_map.html", {
        "form": form, "projects": projects, "markers": markers,
        "without_location": [p for p in projects if p.latitude is None],
        "shapes": geo.state_shapes(), "width": geo.WIDTH, "height": geo.HEIGHT,
        "nav": "projects", "breadcrumbs": _crumbs((_("Map"), None)),
    })  # fmt: skip


@require_safe
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    from .transfers import transfer_figure

    project = _project_or_404(slug)
    organisation = project.organisation
    measures = list(project.measures.all())
    subject = peers.profile_for_organisation(organisation)
    return render(request, "projects/project_detail.html", {
        "project": project, "organisation": organisation,
        "listed": list(project.listed.all()),
        "measures": measures,
        "measure_groups": selectors.measures_by_field(measures),
        "lessons": list(project.lessons.all()),
        "phases": list(project.phases.all()),
        "transfers_out": list(project.transfers_out.all()),
        "transfers_in": selectors.transfers_in(organisation),
        "transfer": transfer_figure(project),
        "reuses": selectors.confirmed_reuses(organisation),
        "peers": peers.peers_for(subject, limit=5) if subject else [],
        "solutions": selectors.project_solutions(project),
        "can_edit": can_edit_project(request.user, project),
        "other_projects": selectors.projects_of_organisation(organisation).exclude(pk=project.pk),
        "nav": "projects", "breadcrumbs": _crumbs((project.name, None)),
    })  # fmt: skip


def _form_response(request, template, context, saved_url=None):
    """Render a form page; for htmx only the form partial, and redirects as HX-Redirect."""
    if saved_url is not None:
        if request.htmx:
            return HttpResponseClientRedirect(saved_url)
        return redirect(saved_url)
    status = 409 if context.get("conflict") else 400 if context["form"].errors or (
        context.get("kpis") is not None and context["kpis"].is_bound and not context["kpis"].is_valid()
    ) else 200  # fmt: skip
    if request.htmx and request.method == "POST":
        # htmx does not swap 4xx responses; the partial carries the errors with status 200.
        template += "#form"
        status = 200
    return render(request, template, context, status=status)


def _measure_initial(measure: Measure) -> tuple[dict, list[dict]]:
    initial = {name: getattr(measure, name) for name in services.MEASURE_FIELDS}
    initial["fields_of_action"] = list(measure.fields_of_action.all())
    initial["solutions"] = list(measure.solutions.all())
    initial["version"] = measure.version
    kpis = [{"name": k.name, "unit": k.unit, "target": k.target, "actual": k.actual}
            for k in measure.kpis.order_by("pk")]  # fmt: skip
    return initial, kpis


def _measure_form(request, project: ModelProject, measure: Measure | None):
    can_edit_project(request.user, project).enforce()
    initial, kpi_initial = _measure_initial(measure) if measure else ({}, [])
    form = MeasureForm(request.POST or None, initial=initial)
    form.fields["version"].required = measure is not None
    conflict = None
    # Bound formsets take their rows from the data only; initial rows would count as unchanged.
    kpis = KPIFormSet(request.POST or None, prefix="kpi",
                      initial=None if request.method == "POST" else kpi_initial)  # fmt: skip
    saved_url = None
    if request.method == "POST" and form.is_valid() and kpis.is_valid():
        try:
            measure = services.measure_save(
                actor=request.user, project=project, measure=measure, values=form.values(),
                fields_of_action=list(form.cleaned_data["fields_of_action"]),
                kpis=kpi_inputs(kpis), solutions=list(form.cleaned_data["solutions"]),
                base_version=form.cleaned_data["version"] if measure else None,
            )  # fmt: skip
        except StaleVersion as stale:
            conflict = stale
            form = rebind_with_version(MeasureForm, request.POST, stale.current_version)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The measure has been saved."))
            saved_url = measure.get_absolute_url()
    crumbs = _crumbs((project.name, project.get_absolute_url()),
                     (measure.title if measure else _("New measure"), None))  # fmt: skip
    return _form_response(request, "projects/measure_form.html", {
        "form": form, "kpis": kpis, "project": project, "measure": measure,
        "nav": "projects", "breadcrumbs": crumbs, "conflict": conflict,
        "conflict_rows": conflict.rows(form_labels(form) | {"kpis": _("Key figures (KPIs)")}) if conflict else [],
    }, saved_url)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest, slug: str) -> HttpResponse:
    from .importer import fields_of_action_ensure

    fields_of_action_ensure()
    return _measure_form(request, _project_or_404(slug), None)


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: str) -> HttpResponse:
    measure = selectors.measure_get(_pk(pk))
    if measure is None:
        raise Http404
    return _measure_form(request, measure.project, measure)


@require_safe
def measure_detail(request: HttpRequest, pk: str) -> HttpResponse:
    measure = selectors.measure_get(_pk(pk))
    if measure is None:
        raise Http404
    project = measure.project
    return render(request, "projects/measure_detail.html", {
        "measure": measure, "project": project,
        "solutions": list(measure.solutions.order_by("name", "pk")),
        "revisions": measure.revisions.select_related("changed_by")[:50],
        "can_edit": can_edit_project(request.user, project),
        "nav": "projects",
        "breadcrumbs": _crumbs((project.name, project.get_absolute_url()), (measure.title, None)),
    })  # fmt: skip


@require_safe
def measure_list(request: HttpRequest) -> HttpResponse:
    field = request.GET.get("field", "")[:40]
    page_obj = Paginator(selectors.measure_list(field=field), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "projects/measure_list.html", {
        "page_obj": page_obj, "nav": "projects",
        "breadcrumbs": _crumbs((_("Measures"), None)),
    })  # fmt: skip


def _lesson_form(request, project: ModelProject, lesson: Lesson | None):
    can_edit_project(request.user, project).enforce()
    initial = {}
    if lesson is not None:
        initial = {name: getattr(lesson, name) for name in services.LESSON_FIELDS}
        initial["transferable_kinds"] = lesson.transferable_kind_list
        initial["transferable_sizes"] = lesson.transferable_size_list
        initial["version"] = lesson.version
    form = LessonForm(request.POST or None, initial=initial, project=project)
    form.fields["version"].required = lesson is not None
    saved_url, conflict = None, None
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.lesson_save(
                actor=request.user, project=project, lesson=lesson, values=form.values(),
                base_version=form.cleaned_data["version"] if lesson else None,
            )  # fmt: skip
        except StaleVersion as stale:
            conflict = stale
            form = rebind_with_version(
                LessonForm, request.POST, stale.current_version, project=project
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The lesson has been saved."))
            saved_url = lesson.get_absolute_url()
    crumbs = _crumbs((project.name, project.get_absolute_url()),
                     (lesson.title if lesson else _("New lesson"), None))  # fmt: skip
    return _form_response(request, "projects/lesson_form.html", {
        "form": form, "project": project, "lesson": lesson, "nav": "projects",
        "breadcrumbs": crumbs, "conflict": conflict,
        "conflict_rows": conflict.rows(form_labels(form)) if conflict else [],
    }, saved_url)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def lesson_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _lesson_form(request, _project_or_404(slug), None)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: HttpRequest, pk: str) -> HttpResponse:
    lesson = selectors.lesson_get(_pk(pk))
    if lesson is None:
        raise Http404
    return _lesson_form(request, lesson.project, lesson)


@require_safe
def lesson_detail(request: HttpRequest, pk: str) -> HttpResponse:
    lesson = selectors.lesson_get(_pk(pk))
    if lesson is None:
        raise Http404
    project = lesson.project
    return render(request, "projects/lesson_detail.html", {
        "lesson": lesson, "project": project,
        "revisions": lesson.revisions.select_related("changed_by")[:50],
        "can_edit": can_edit_project(request.user, project),
        "nav": "projects",
        "breadcrumbs": _crumbs((project.name, project.get_absolute_url()), (lesson.title, None)),
    })  # fmt: skip


@require_safe
def lesson_list(request: HttpRequest) -> HttpResponse:
    page_obj = Paginator(selectors.lesson_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/lesson_list.html", {
        "page_obj": page_obj, "nav": "projects", "breadcrumbs": _crumbs((_("Lessons"), None)),
    })  # fmt: skip


@require_safe
def peer_list(request: HttpRequest) -> HttpResponse:
    form = PeerForm(request.GET or None)
    context = {"form": form, "nav": "projects",
               "breadcrumbs": [(_("Network"), reverse("projects:network")), (_("Peers like us"), None)]}  # fmt: skip
    status = 200
    if form.is_bound and form.is_valid():
        subject = None
        if form.cleaned_data["ags"]:
            municipality = registry.municipality_get(form.cleaned_data["ags"])
            if municipality is None:
                form.add_error("ags", _("No municipality has this AGS."))
            else:
                subject = peers.profile_for_municipality(municipality)
        elif form.cleaned_data["organisation"]:
            organisation = organisation_selectors.organisation_get(
                form.cleaned_data["organisation"]
            )
            subject = peers.profile_for_organisation(organisation) if organisation else None
            if subject is None:
                form.add_error(
                    "ags", _("Peers can be found for municipalities, counties and cooperations.")
                )
        if subject is not None:
            context["subject"] = subject
            context["peers"] = peers.peers_for(subject)
    if form.errors:
        status = 400
    return render(request, "projects/peer_list.html", context, status=status)


@require_safe
def network_page(request: HttpRequest) -> HttpResponse:
    graph = network.build_graph()
    return render(request, "projects/network.html", {
        "graph": graph, "nodes": graph.nodes, "edges": graph.edges,
        "counts": network.counts(graph),
        "rows": network.table_rows(graph),
        "lines": [(graph.nodes[e.source], graph.nodes[e.target], e) for e in graph.edges
                  if graph.nodes[e.source].x is not None and graph.nodes[e.target].x is not None],
        "reuse_lines": [(graph.nodes[a], graph.nodes[b]) for a, b in graph.map_links
                        if graph.nodes[a].x is not None and graph.nodes[b].x is not None],
        "shapes": geo.state_shapes(), "width": geo.WIDTH, "height": geo.HEIGHT,
        "nav": "projects", "breadcrumbs": [(_("Network"), None)],
    })  # fmt: skip


def _download(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def network_edges_csv(request: HttpRequest) -> HttpResponse:
    return _download(network.edges_csv(network.build_graph()), "text/csv; charset=utf-8",
                     "stadtnetzwerk-kanten.csv")  # fmt: skip


@require_safe
def network_graphml(request: HttpRequest) -> HttpResponse:
    return _download(network.graphml(network.build_graph()), "application/graphml+xml; charset=utf-8",
                     "stadtnetzwerk.graphml")  # fmt: skip


@require_safe
def data_page(request: HttpRequest) -> HttpResponse:
    from stadtnetz.core import opendata as catalogue

    return render(request, "projects/data.html", {
        "listing": catalogue.listing(), "licence_url": catalogue.LICENCE_PAGE,
        "nav": "projects", "breadcrumbs": _crumbs((_("Open data"), None)),
    })  # fmt: skip


@require_safe
def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    name = opendata.DATASETS.get(dataset)
    if name is None or fmt not in ("csv", "json"):
        raise Http404
    if fmt == "csv":
        return _download(opendata.as_csv(name), "text/csv; charset=utf-8", f"{dataset}.csv")
    content = json.dumps(
        opendata.as_list(name), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1
    )
    return _download(content, "application/json", f"{dataset}.json")


@require_safe
def catalog_ttl(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP.de catalogue of every open dataset of the platform (decision 0062)."""
    from stadtnetz.core import opendata as catalogue

    response = HttpResponse(catalogue.catalog_turtle(), content_type="text/turtle; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def datapackage_json(request: HttpRequest) -> HttpResponse:
    """A Frictionless Data Package describing every CSV download (types, official keys)."""
    from stadtnetz.core import opendata as catalogue

    response = HttpResponse(
        json.dumps(catalogue.datapackage(), ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
