# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Open data: rows for the CSV and JSON downloads, and their description for the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone

from stadtnetz.core import exports
from stadtnetz.core.links import absolute_url

from .models import DocumentedTransfer, Lesson, ListedMember, Measure, ModelProject

DATASETS = {
    "modellprojekte": "projects",
    "massnahmen": "measures",
    "lernbeispiele": "lessons",
    "transfers": "transfers",
}
PROJECT_COLUMNS = ["id", "slug", "name", "round", "organisation", "organisation_kind", "ags",
                   "county_key", "states", "category", "population", "population_basis",
                   "latitude", "longitude", "members", "unresolved_members", "website", "url",
                   "transfer_figure", "confirmed_reuses", "documented_transfers"]  # fmt: skip
MEASURE_COLUMNS = ["id", "project_id", "project", "title", "description", "fields_of_action",
                   "spatial_effect", "status", "starts_on", "ends_on", "budget_eur", "kpis", "url"]  # fmt: skip
LESSON_COLUMNS = ["id", "project_id", "project", "measure_id", "title", "context", "what_was_done",
                  "what_worked", "what_did_not_work", "effort_staff", "effort_cost_eur",
                  "effort_months", "operator_model", "running_costs_per_year_eur",
                  "procurement_route", "data_needed", "transferable_kinds", "transferable_sizes",
                  "transferability", "contact_name", "url"]  # fmt: skip


TRANSFER_COLUMNS = ["id", "solution", "origin_project_id", "origin_project", "origin_round",
                    "repository_url", "adopter_name", "adopter_state", "adopter_ags",
                    "adopter_county_key", "unresolved_reason", "kind", "year", "source_url"]  # fmt: skip


def _s(value) -> str | None:
    return None if value is None else str(value)


def project_rows() -> Iterable[dict]:
    """One row per project; the transfer figure counts the bodies that took over one of its
    solutions, confirmed on the platform or documented by a public source, each once
    (stadtnetz/grants/selectors_obligations.py)."""
    from .transfers import TransferFigure, transfer_figures

    figures = transfer_figures()
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
            "transfer_figure": figures.get(p.pk, TransferFigure()).figure,
            "confirmed_reuses": figures.get(p.pk, TransferFigure()).confirmed_reuses,
            "documented_transfers": figures.get(p.pk, TransferFigure()).documented_transfers,
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


def transfer_rows() -> Iterable[dict]:
    """Documented transfers from public sources (not confirmed reuses), adopters resolved to the
    registry where possible; unresolved ones keep the reason."""
    qs = DocumentedTransfer.objects.select_related(
        "origin", "adopter_state", "adopter_municipality", "adopter_county"
    )
    for t in qs.order_by("pk"):
        yield {
            "id": t.pk, "solution": t.solution_name, "origin_project_id": t.origin_id,
            "origin_project": t.origin.name, "origin_round": t.origin.round_year,
            "repository_url": t.repository_url, "adopter_name": t.adopter_name,
            "adopter_state": t.adopter_state.code,
            "adopter_ags": t.adopter_municipality.ags if t.adopter_municipality_id else None,
            "adopter_county_key": t.adopter_county.key if t.adopter_county_id else None,
            "unresolved_reason": t.unresolved_reason, "kind": t.kind, "year": t.year,
            "source_url": t.source_url,
        }  # fmt: skip


ROWS = {"projects": (project_rows, PROJECT_COLUMNS), "measures": (measure_rows, MEASURE_COLUMNS),
        "lessons": (lesson_rows, LESSON_COLUMNS),
        "transfers": (transfer_rows, TRANSFER_COLUMNS)}  # fmt: skip


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
    "transfers": ("Dokumentierte Transfers der Modellprojekte Smart Cities", "Übernahmen von Lösungen der Modellprojekte durch andere Kommunen und Kreise, wie öffentliche Quellen sie dokumentieren (nicht von den Nachnutzenden bestätigt), mit Quelle und amtlichem Schlüssel, wo die Zuordnung gelingt."),
}  # fmt: skip
SLUGS = {value: key for key, value in DATASETS.items()}


INTEGER = {"id", "project_id", "measure_id", "round", "population", "effort_months",
           "origin_project_id", "origin_round", "year", "transfer_figure", "confirmed_reuses",
           "documented_transfers"}  # fmt: skip
NUMBER = {"latitude", "longitude", "budget_eur", "effort_cost_eur", "running_costs_per_year_eur"}
DATES = {"starts_on", "ends_on"}
KEYWORDS = {
    "projects": ("Smart City", "Modellprojekte Smart Cities", "Kommunen", "Förderung"),
    "measures": ("Smart City", "Maßnahmen", "Handlungsfelder", "Digitalisierung"),
    "lessons": ("Smart City", "Lernbeispiele", "Wissenstransfer", "Erfahrungen"),
    "transfers": ("Smart City", "Nachnutzung", "Wissenstransfer", "Open Source"),
}
ISSUED = {"projects": date(2026, 11, 20), "measures": date(2026, 12, 2),
          "lessons": date(2026, 12, 2), "transfers": date(2026, 12, 3)}  # fmt: skip
MODELS = {"projects": ModelProject, "measures": Measure, "lessons": Lesson,
          "transfers": DocumentedTransfer}  # fmt: skip


def _field(name: str):
    from stadtnetz.core.opendata import AGS, COUNTY_KEY, Field

    if name in ("ags", "adopter_ags"):
        return Field(name, pattern=AGS.pattern, description=AGS.description)
    if name in ("county_key", "adopter_county_key"):
        return Field(name, pattern=COUNTY_KEY.pattern, description=COUNTY_KEY.description)
    if name in INTEGER:
        return Field(name, type="integer")
    if name in NUMBER:
        return Field(name, type="number")
    if name in DATES:
        return Field(name, type="date")
    return Field(name)


def _modified(model) -> Callable[[], date | None]:
    def latest() -> date | None:
        moment = model.objects.aggregate(m=Max("updated_at"))["m"]
        return timezone.localdate(moment) if moment else None

    return latest


def datasets() -> list:
    """The model projects' datasets and the network, for the catalogue (core.opendata)."""
    from stadtnetz.core.opendata import Dataset, Distribution, Field

    data_page = reverse("projects:data")
    found = []
    for slug, name in DATASETS.items():
        title, description = TITLES[name]
        columns = ROWS[name][1]
        found.append(Dataset(
            key=slug, title=title, description=description, keywords=KEYWORDS[name],
            themes=("GOVE", "REGI"), issued=ISSUED[name], modified=_modified(MODELS[name]),
            landing_page=data_page,
            distributions=(
                Distribution(reverse("projects:download", args=[slug, "csv"]), "CSV",
                             f"{title} (CSV)", tuple(_field(c) for c in columns)),
                Distribution(reverse("projects:download", args=[slug, "json"]), "JSON",
                             f"{title} (JSON)"),
            ),
        ))  # fmt: skip
    from .network import EDGE_COLUMNS

    found.append(Dataset(
        key="stadtnetzwerk", title="Stadtnetzwerk: Kooperationen, Nachnutzungen und Transfers",
        description="Verbindungen zwischen Kommunen, Kreisen und Organisationen: Mitglieder von "
                    "Kooperationen, bestätigte Nachnutzungen von Lösungen und dokumentierte "
                    "Transfers aus öffentlichen Quellen; als Kantenliste und als GraphML.",
        keywords=("Smart City", "Netzwerk", "Kooperation", "Nachnutzung"),
        themes=("GOVE", "REGI"), issued=date(2026, 11, 20),
        modified=_modified(DocumentedTransfer), landing_page=reverse("projects:network"),
        distributions=(
            Distribution(reverse("projects:network_csv"), "CSV", "Stadtnetzwerk: Kanten (CSV)",
                         tuple(Field(c) for c in EDGE_COLUMNS)),
            Distribution(reverse("projects:network_graphml"), "XML",
                         "Stadtnetzwerk (GraphML)"),
        ),
    ))  # fmt: skip
    return found
