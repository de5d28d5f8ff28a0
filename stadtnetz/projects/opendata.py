# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Open data: rows for the CSV and JSON downloads, and the DCAT-AP.de catalogue in Turtle."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch
from django.urls import reverse

from stadtnetz.core import exports
from stadtnetz.core.links import absolute_url

from .models import Lesson, ListedMember, Measure, ModelProject

DATASETS = {
    "modellprojekte": "projects",
    "massnahmen": "measures",
    "lernbeispiele": "lessons",
}
PROJECT_COLUMNS = ["id", "slug", "name", "round", "organisation", "organisation_kind", "ags",
                   "county_key", "states", "category", "population", "population_basis",
                   "latitude", "longitude", "members", "unresolved_members", "website", "url"]  # fmt: skip
MEASURE_COLUMNS = ["id", "project_id", "project", "title", "description", "fields_of_action",
                   "spatial_effect", "status", "starts_on", "ends_on", "budget_eur", "kpis", "url"]  # fmt: skip
LESSON_COLUMNS = ["id", "project_id", "project", "measure_id", "title", "context", "what_was_done",
                  "what_worked", "what_did_not_work", "effort_staff", "effort_cost_eur",
                  "effort_months", "operator_model", "running_costs_per_year_eur",
                  "procurement_route", "data_needed", "transferable_kinds", "transferable_sizes",
                  "transferability", "contact_name", "url"]  # fmt: skip


def _s(value) -> str | None:
    return None if value is None else str(value)


def project_rows() -> Iterable[dict]:
    qs = ModelProject.objects.select_related(
        "organisation__municipality", "organisation__county"
    ).prefetch_related(
        "states",
        Prefetch("listed", queryset=ListedMember.objects.select_related("municipality", "county")),
    )
    for p in qs.order_by("round_year", "name"):
        org = p.organisation
        listed = list(p.listed.all())
        yield {
            "id": p.pk, "slug": p.slug, "name": p.name, "round": p.round_year,
            "organisation": org.name, "organisation_kind": org.kind,
            "ags": org.municipality.ags if org.municipality else None,
            "county_key": org.county.key if org.county else None,
            "states": ";".join(sorted(s.code for s in p.states.all())),
            "category": p.category, "population": p.population,
            "population_basis": p.population_basis,
            "latitude": _s(p.latitude), "longitude": _s(p.longitude),
            "members": ";".join(
                (m.municipality.ags if m.municipality else m.county.key) for m in listed if m.resolved
            ),
            "unresolved_members": ";".join(m.name for m in listed if not m.resolved),
            "website": p.website, "url": absolute_url(p.get_absolute_url()),
        }  # fmt: skip


def measure_rows() -> Iterable[dict]:
    qs = Measure.objects.select_related("project").prefetch_related("fields_of_action", "kpis")
    for m in qs.order_by("pk"):
        yield {
            "id": m.pk, "project_id": m.project_id, "project": str(m.project), "title": m.title,
            "description": m.description,
            "fields_of_action": ";".join(f.code for f in m.fields_of_action.all()),
            "spatial_effect": m.spatial_effect, "status": m.status,
            "starts_on": _s(m.starts_on), "ends_on": _s(m.ends_on), "budget_eur": _s(m.budget),
            "kpis": ";".join(
                f"{k.name} [{k.unit}] {_s(k.target) or ''}/{_s(k.actual) or ''}" for k in m.kpis.all()
            ),
            "url": absolute_url(m.get_absolute_url()),
        }  # fmt: skip


def lesson_rows() -> Iterable[dict]:
    for lesson in Lesson.objects.select_related("project").order_by("pk"):
        yield {
            "id": lesson.pk, "project_id": lesson.project_id, "project": str(lesson.project),
            "measure_id": lesson.measure_id, "title": lesson.title, "context": lesson.context,
            "what_was_done": lesson.what_was_done, "what_worked": lesson.what_worked,
            "what_did_not_work": lesson.what_did_not_work, "effort_staff": lesson.effort_staff,
            "effort_cost_eur": _s(lesson.effort_cost), "effort_months": lesson.effort_months,
            "operator_model": lesson.operator_model,
            "running_costs_per_year_eur": _s(lesson.running_costs_per_year),
            "procurement_route": lesson.procurement_route, "data_needed": lesson.data_needed,
            "transferable_kinds": lesson.transferable_kinds.replace(",", ";"),
            "transferable_sizes": lesson.transferable_sizes.replace(",", ";"),
            "transferability": lesson.transferability, "contact_name": lesson.contact_name,
            "url": absolute_url(lesson.get_absolute_url()),
        }  # fmt: skip


ROWS = {"projects": (project_rows, PROJECT_COLUMNS), "measures": (measure_rows, MEASURE_COLUMNS),
        "lessons": (lesson_rows, LESSON_COLUMNS)}  # fmt: skip


def as_csv(dataset: str) -> str:
    """Open data as DCAT describes it: plain CSV (``,``, decimal point, ISO dates)."""
    rows, columns = ROWS[dataset]
    return exports.csv_text(columns, exports.dict_rows(rows(), columns), exports.PLAIN)


def as_list(dataset: str) -> list[dict]:
    rows, _columns = ROWS[dataset]
    return list(rows())


TITLES = {
    "projects": ("Modellprojekte Smart Cities", "Die 73 Modellprojekte Smart Cities der Staffeln 2019 bis 2021 mit Organisation, amtlichem Schlüssel, Staffel und Größenklasse."),
    "measures": ("Maßnahmen der Modellprojekte Smart Cities", "Maßnahmen der Modellprojekte mit Handlungsfeldern, Raumwirkung, Bearbeitungsstand, Budget und Kennzahlen."),
    "lessons": ("Lernbeispiele der Modellprojekte Smart Cities", "Lernbeispiele mit Kontext, Vorgehen, Erfolgen und Fehlschlägen, Aufwand, Betreibermodell, Vergabeweg, Datenbedarf und Übertragbarkeit."),
}  # fmt: skip
SLUGS = {value: key for key, value in DATASETS.items()}


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def catalog_turtle(modified: str) -> str:
    """DCAT-AP.de 2.0 description of the three datasets with CSV and JSON distributions."""
    base = absolute_url()
    catalog = base + reverse("projects:catalog_ttl")
    lines = [
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix dcatde: <http://dcat-ap.de/def/dcatde/> .",
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"<{catalog}> a dcat:Catalog ;",
        f"  dct:title {_literal('Stadtnetz – Wissensbasis der Modellprojekte Smart Cities')}@de ;",
        f"  dct:description {_literal('Offene Daten zu Modellprojekten, Maßnahmen und Lernbeispielen.')}@de ;",
        f"  dct:publisher <{base}/#publisher> ;",
        "  dct:language <http://publications.europa.eu/resource/authority/language/DEU> ;",
        f'  dct:modified "{modified}"^^xsd:date ;',
        "  dcat:dataset " + ", ".join(f"<{base}/modellprojekte/daten/#{d}>" for d in ROWS) + " .",
        "",
        f"<{base}/#publisher> a foaf:Organization ;",
        f"  foaf:name {_literal('Stadtnetz')} .",
    ]
    for dataset in ROWS:
        title, description = TITLES[dataset]
        slug = SLUGS[dataset]
        dists = [
            f"<{base}{reverse('projects:download', args=[slug, fmt])}>" for fmt in ("csv", "json")
        ]
        lines += [
            "",
            f"<{base}/modellprojekte/daten/#{dataset}> a dcat:Dataset ;",
            f"  dct:title {_literal(title)}@de ;",
            f"  dct:description {_literal(description)}@de ;",
            f"  dct:publisher <{base}/#publisher> ;",
            "  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/GOVE> ;",
            f"  dcatde:contributorID <http://dcat-ap.de/def/contributors/{'stadtnetz'}> ;",
            f'  dct:modified "{modified}"^^xsd:date ;',
            f"  dcat:landingPage <{base}{reverse('projects:data')}> ;",
            "  dcat:distribution " + ", ".join(dists) + " .",
        ]
        for fmt, dist in zip(("csv", "json"), dists, strict=True):
            media = "text/csv" if fmt == "csv" else "application/json"
            lines += [
                "",
                f"{dist} a dcat:Distribution ;",
                f"  dct:title {_literal(title + ' (' + fmt.upper() + ')')}@de ;",
                f"  dcat:accessURL {dist} ;",
                f"  dcat:downloadURL {dist} ;",
                f"  dcat:mediaType <https://www.iana.org/assignments/media-types/{media}> ;",
                f"  dct:format <http://publications.europa.eu/resource/authority/file-type/{fmt.upper()}> ;",
                "  dct:license <http://dcat-ap.de/def/licenses/dl-by-de/2.0> .",
            ]
    return "\n".join(lines) + "\n"
