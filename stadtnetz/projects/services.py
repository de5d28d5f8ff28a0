# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes for measures, key figures and lessons; each write appends a history record."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stadtnetz.core import versioning

from .models import (
    KPI,
    FieldOfAction,
    Lesson,
    LessonRevision,
    LocationBasis,
    Measure,
    MeasureRevision,
    ModelProject,
    PopulationBasis,
)
from .permissions import can_edit_project

MEASURE_FIELDS = ["title", "description", "spatial_effect", "status", "starts_on", "ends_on",
                  "budget"]  # fmt: skip
LESSON_FIELDS = ["title", "measure", "summary", "context", "what_was_done", "what_worked",
                 "what_did_not_work", "effort_staff", "effort_cost", "effort_months",
                 "operator_model", "running_costs_per_year", "procurement_route", "data_needed",
                 "transferable_kinds", "transferable_sizes", "transferability", "contact_name",
                 "contact_email"]  # fmt: skip


@dataclass(frozen=True)
class KPIInput:
    name: str
    unit: str = ""
    target: Decimal | None = None
    actual: Decimal | None = None


def _plain(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def measure_snapshot(measure: Measure) -> dict:
    data = {name: _plain(getattr(measure, name)) for name in MEASURE_FIELDS}
    data["fields_of_action"] = sorted(f.code for f in measure.fields_of_action.all())
    data["solutions"] = sorted(measure.solutions.values_list("pk", flat=True))
    data["kpis"] = [
        {"name": k.name, "unit": k.unit, "target": _plain(k.target), "actual": _plain(k.actual)}
        for k in measure.kpis.order_by("pk")
    ]
    return data


def lesson_snapshot(lesson: Lesson) -> dict:
    return {
        name: _plain(getattr(lesson, "measure_id" if name == "measure" else name))
        for name in LESSON_FIELDS
    }


def _diff(before: dict | None, after: dict) -> list[str]:
    if before is None:
        return sorted(after)
    return sorted(name for name in after if before.get(name) != after.get(name))


def _apply(instance, values: dict, allowed: Sequence[str]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(instance, name, value)


def _kpi_text(name, unit, target, actual) -> str:
    return f"{name} ({unit or '–'}): {versioning.display(target)} / {versioning.display(actual)}"


def _measure_current(measure: Measure, names: Iterable[str]) -> dict:
    """The stored values of the fields a form sends, for showing both versions of a conflict."""
    current = {name: getattr(measure, name) for name in names}
    current["fields_of_action"] = list(measure.fields_of_action.all())
    current["solutions"] = list(measure.solutions.all())
    current["kpis"] = [_kpi_text(k.name, k.unit, k.target, k.actual) for k in measure.kpis.all()]
    return current


def _set_kpis(measure: Measure, kpis: Iterable[KPIInput]) -> None:
    measure.kpis.all().delete()
    for item in kpis:
        kpi = KPI(measure=measure, name=item.name.strip(), unit=item.unit.strip(),
                  target=item.target, actual=item.actual)  # fmt: skip
        kpi.full_clean()
        kpi.save()


@transaction.atomic
def measure_save(
    *,
    actor,
    project: ModelProject,
    measure: Measure | None = None,
    values: dict,
    fields_of_action: Sequence[FieldOfAction],
    kpis: Sequence[KPIInput] = (),
    solutions: Sequence | None = None,
    base_version: int | None = None,
) -> Measure:
    """Create or change a measure of a project; appends a history record when something changed.

    With ``base_version`` (the edit form sends the version it was loaded with) a change saved
    since then raises :class:`~stadtnetz.core.versioning.StaleVersion` and nothing is written."""
    can_edit_project(actor, project).enforce()
    if not fields_of_action:
        raise ValidationError({"fields_of_action": _("Choose at least one field of action.")})
    if measure is None:
        measure, before = Measure(project=project), None
    else:
        if measure.project_id != project.pk:
            raise ValidationError(_("The measure belongs to another project."))
        measure = Measure.objects.select_for_update().get(pk=measure.pk)
        locked = measure
        attempted = {**values, "fields_of_action": list(fields_of_action),
                     "kpis": [_kpi_text(k.name, k.unit, k.target, k.actual) for k in kpis]}  # fmt: skip
        if solutions is not None:
            attempted["solutions"] = list(solutions)
        versioning.check_version(base_version=base_version, current_version=measure.version,
                                 current=lambda: _measure_current(locked, values), attempted=attempted)  # fmt: skip
        before = measure_snapshot(measure)
    _apply(measure, values, MEASURE_FIELDS)
    measure.full_clean()
    measure.save()
    measure.fields_of_action.set(fields_of_action)
    if solutions is not None:
        if any(solution.merged_into_id for solution in solutions):
            raise ValidationError({"solutions": _("Choose solutions of the catalog.")})
        measure.solutions.set(solutions)
    _set_kpis(measure, kpis)
    after = measure_snapshot(measure)
    changed = _diff(before, after)
    if changed and before is not None:
        versioning.bump(measure)
    if changed:
        number = (measure.revisions.order_by("-number").values_list("number", flat=True).first()
                  or 0) + 1  # fmt: skip
        MeasureRevision.objects.create(
            measure=measure, number=number, changed_by=actor,
            action="created" if before is None else "changed", changed_fields=changed,
            snapshot=after,
        )  # fmt: skip
    return measure


@transaction.atomic
def lesson_save(
    *,
    actor,
    project: ModelProject,
    lesson: Lesson | None = None,
    values: dict,
    base_version: int | None = None,
) -> Lesson:
    """Create or change a lesson of a project; appends a history record when something changed.
    ``base_version``: as for :func:`measure_save`."""
    can_edit_project(actor, project).enforce()
    measure = values.get("measure")
    if measure is not None and measure.project_id != project.pk:
        raise ValidationError({"measure": _("Choose a measure of this project.")})
    if lesson is None:
        lesson, before = Lesson(project=project), None
    else:
        if lesson.project_id != project.pk:
            raise ValidationError(_("The lesson belongs to another project."))
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        locked = lesson
        versioning.check_version(
            base_version=base_version, current_version=lesson.version, attempted=values,
            current=lambda: {name: getattr(locked, name) for name in values},
        )  # fmt: skip
        before = lesson_snapshot(lesson)
    _apply(lesson, values, LESSON_FIELDS)
    lesson.full_clean()
    lesson.save()
    after = lesson_snapshot(lesson)
    changed = _diff(before, after)
    if changed and before is not None:
        versioning.bump(lesson)
    if changed:
        number = (lesson.revisions.order_by("-number").values_list("number", flat=True).first()
                  or 0) + 1  # fmt: skip
        LessonRevision.objects.create(
            lesson=lesson, number=number, changed_by=actor,
            action="created" if before is None else "changed", changed_fields=changed,
            snapshot=after,
        )  # fmt: skip
    return lesson


@transaction.atomic
def model_project_create_for_selection(
    *, call, organisation, name: str, category: str
) -> ModelProject:
    """The model project of an application the jury selected (reviews calls this).

    Idempotent per (round, organisation, call). The registry's population and coordinates are taken
    from the organisation's municipality where it has one; the project's editors fill in the rest.
    """
    from django.utils.text import slugify

    existing = ModelProject.objects.filter(call=call, organisation=organisation).first()
    if existing is not None:
        return existing
    municipality = organisation.municipality
    base = slugify(f"{name}-{call.round_year}")[:90] or f"projekt-{call.round_year}"
    slug, n = base, 1
    while ModelProject.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base[:85]}-{n}"
    project = ModelProject(
        name=name[:300], slug=slug, round_year=call.round_year, call=call, organisation=organisation,
        category=category, kind_as_listed=organisation.get_kind_display(),
        population=getattr(municipality, "population", None),
        population_basis=PopulationBasis.REGISTRY if municipality else PopulationBasis.NONE,
        latitude=getattr(municipality, "latitude", None), longitude=getattr(municipality, "longitude", None),
        location_basis=LocationBasis.MUNICIPALITY if municipality and getattr(municipality, "latitude", None) else LocationBasis.NONE,
    )  # fmt: skip
    project.full_clean()
    project.save()
    state = (
        municipality.state
        if municipality
        else (organisation.county.state if organisation.county_id else None)
    )
    if state is not None:
        project.states.add(state)
    return project
