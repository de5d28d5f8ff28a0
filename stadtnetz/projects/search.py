# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Model projects, their measures and their lessons (Lernbeispiele).

Facets come from the project's organisation: the state of its municipality or county (else the
only state the project lists), the size class of its municipality, the kind of organisation.
Measures carry their fields of action, lessons their own and those of the measure they belong
to, projects those of all their measures. Imported records add the project's own field-of-action
label, the motto and the profile's own fields of action as words.

The ten fields of action are documents too: a search for "Mobilität" or "Mobilitaet" should
offer the page that gathers every measure and lesson of the field, not only single measures.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadtnetz.organisations.models import Organisation
from stadtnetz.search.registry import Document, Provider

from .fields_of_action import FIELDS_OF_ACTION
from .models import FieldOfAction, Lesson, Measure, ModelProject

PROJECT_RELATED = (
    "organisation__municipality__state",
    "organisation__county__state",
)


def _place_facets(project: ModelProject) -> dict[str, str]:
    """state, size_class and kind of a project (prefetched states, related organisation)."""
    organisation = project.organisation
    place = organisation.municipality or organisation.county
    if place is not None:
        state = place.state.code
    else:
        states = list(project.states.all())
        state = states[0].code if len(states) == 1 else ""
    size_class = organisation.municipality.size_class if organisation.municipality else None
    return {
        "state": state,
        "size_class": size_class.value if size_class else "",
        "kind": organisation.kind,
    }


def _place_words(project: ModelProject) -> list[str]:
    organisation = project.organisation
    words = [project.name, organisation.name, str(organisation.get_kind_display())]
    words.extend(state.name for state in project.states.all())
    return words


def _field_codes(measures) -> tuple[str, ...]:
    codes: dict[str, None] = {}
    for measure in measures:
        for field in measure.fields_of_action.all():
            codes[field.code] = None
    return tuple(codes)


def _field_names(measures) -> list[str]:
    names: dict[str, None] = {}
    for measure in measures:
        for field in measure.fields_of_action.all():
            names[field.name] = None
    return list(names)


def _join(parts) -> str:
    return " · ".join(str(part).strip() for part in parts if part and str(part).strip())


def _filtered(qs, pks):
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    return qs.order_by("pk")


FIELDS_PREFETCH = Prefetch("fields_of_action", queryset=FieldOfAction.objects.order_by("position"))


def project_documents(pks=None):
    qs = ModelProject.objects.select_related(*PROJECT_RELATED).prefetch_related(
        "states",
        Prefetch("measures", queryset=Measure.objects.prefetch_related(FIELDS_PREFETCH)),
    )
    with translation.override("de"):
        for project in _filtered(qs, pks).iterator(chunk_size=500):
            measures = list(project.measures.all())
            body = _place_words(project)[1:]
            body.append(_("Model project of the %(year)s round") % {"year": project.round_year})
            body.append(project.get_category_display())
            if project.population:
                body.append(
                    _("%(population)s inhabitants")
                    % {"population": number_format(project.population, force_grouping=True)}
                )
            body.append(project.motto)
            body.append(project.own_fields_of_action.replace(" ; ", " · "))
            body.append(project.description)
            body.extend(_field_names(measures))
            body.extend(measure.title for measure in measures)
            yield Document(
                object_id=str(project.pk),
                title=project.name,
                body=_join(body),
                url=project.get_absolute_url(),
                updated=project.updated_at,
                fields=_field_codes(measures),
                **_place_facets(project),
            )


def measure_documents(pks=None):
    qs = Measure.objects.select_related(
        *(f"project__{name}" for name in PROJECT_RELATED)
    ).prefetch_related("project__states", FIELDS_PREFETCH, "kpis")
    with translation.override("de"):
        for measure in _filtered(qs, pks).iterator(chunk_size=500):
            project = measure.project
            body = [_("Measure"), measure.get_status_display(), measure.description,
                    measure.field_of_action_label, measure.repository_url]  # fmt: skip
            body.extend(_field_names([measure]))
            body.extend(kpi.name for kpi in measure.kpis.all())
            body.extend(_place_words(project))
            yield Document(
                object_id=str(measure.pk),
                title=measure.title,
                body=_join(body),
                url=measure.get_absolute_url(),
                updated=measure.updated_at,
                fields=_field_codes([measure]),
                **_place_facets(project),
            )


LESSON_TEXTS = (
    "summary",
    "field_of_action_label",
    "context",
    "what_was_done",
    "what_worked",
    "what_did_not_work",
    "operator_model",
    "data_needed",
    "transferability",
)


def lesson_documents(pks=None):
    qs = Lesson.objects.select_related(
        "measure", *(f"project__{name}" for name in PROJECT_RELATED)
    ).prefetch_related("project__states", "measure__fields_of_action", FIELDS_PREFETCH)
    with translation.override("de"):
        for lesson in _filtered(qs, pks).iterator(chunk_size=500):
            project = lesson.project
            measures = [lesson, lesson.measure] if lesson.measure else [lesson]
            body = [_("Lesson")]
            body.extend(getattr(lesson, name) for name in LESSON_TEXTS)
            body.extend(measure.title for measure in measures[1:])
            body.extend(_field_names(measures))
            body.extend(lesson.transferable_labels)
            body.extend(_place_words(project))
            yield Document(
                object_id=str(lesson.pk),
                title=lesson.title,
                body=_join(body),
                url=lesson.get_absolute_url(),
                updated=lesson.updated_at,
                fields=_field_codes(measures),
                **_place_facets(project),
            )


def _projects_of_organisation(organisation):
    return ModelProject.objects.filter(organisation=organisation).values_list("pk", flat=True)


PROJECT = Provider(
    key="project",
    label=gettext_lazy("Model project"),
    documents=project_documents,
    watch={
        ModelProject: lambda project: [project.pk],
        # a project shows the titles and fields of action of its measures
        Measure: lambda measure: [measure.project_id],
        Organisation: _projects_of_organisation,
    },
    order=10,
)

MEASURE = Provider(
    key="measure",
    label=gettext_lazy("Measure"),
    documents=measure_documents,
    watch={
        Measure: lambda measure: [measure.pk],
        ModelProject: lambda project: Measure.objects.filter(project=project).values_list(
            "pk", flat=True
        ),
        Organisation: lambda organisation: Measure.objects.filter(
            project__organisation=organisation
        ).values_list("pk", flat=True),
    },
    order=20,
)

LESSON = Provider(
    key="lesson",
    label=gettext_lazy("Lesson"),
    documents=lesson_documents,
    watch={
        Lesson: lambda lesson: [lesson.pk],
        # all lessons of the project: a deleted measure has already unlinked its lessons
        Measure: lambda measure: Lesson.objects.filter(project_id=measure.project_id).values_list(
            "pk", flat=True
        ),
        ModelProject: lambda project: Lesson.objects.filter(project=project).values_list(
            "pk", flat=True
        ),
        Organisation: lambda organisation: Lesson.objects.filter(
            project__organisation=organisation
        ).values_list("pk", flat=True),
    },
    order=30,
)


# The fields of action are a fixed list (fields_of_action.py) without a change time of their own.
FIELDS_UPDATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

# Words that people use for a field of action, indexed with its document (an editorial list of
# this module, shown in the result's snippet): "Verkehr" or "Partizipation" find the field.
FIELD_WORDS = {
    "verwaltung": "Digitale Verwaltung · E-Government · Bürgerservice · Onlinedienste",
    "mobilitaet": "Verkehr · ÖPNV · Radverkehr · Parken · Sharing · Rufbus",
    "energie-umwelt": "Klimaschutz · Klimaanpassung · Wasser · Nachhaltigkeit · Stadtklima",
    "gesellschaft-bildung": "Bildung · Schule · Kultur · Teilhabe · Soziales · Ehrenamt",
    "gesundheit": "Pflege · Telemedizin · Gesundheitsversorgung",
    "beteiligung": "Bürgerbeteiligung · Partizipation · Mitwirkung · Beteiligungsplattform",
    "daten-plattformen": "Urbane Datenplattform · Open Data · Sensorik · Dashboard",
    "infrastruktur": "Netze · Breitband · WLAN · Funknetz · Glasfaser",
    "wirtschaft-handel": "Einzelhandel · Innenstadt · Tourismus · Wirtschaftsförderung",
    "stadtplanung-raum": "Stadtentwicklung · Quartier · Raumplanung · Leerstand",
}


def field_documents(pks=None):
    """One document per field of action: its German name as the title, its English name and
    :data:`FIELD_WORDS` as the text."""
    qs = FieldOfAction.objects.all()
    if pks is not None:
        qs = qs.filter(pk__in=[pk for pk in pks if str(pk).isdigit()])
    fields = list(qs.order_by("position"))
    with translation.override("en"):
        english = {field.pk: _(field.name) for field in fields}
    with translation.override("de"):
        for field in fields:
            body = [_("Field of action"), english[field.pk], FIELD_WORDS.get(field.code, "")]
            yield Document(
                object_id=str(field.pk),
                title=field.name,
                body=_join(body),
                url=reverse("projects:field", args=[field.code]),
                updated=FIELDS_UPDATED,
                fields=(field.code,),
            )


FIELD = Provider(
    key="field",
    label=gettext_lazy("Field of action"),
    documents=field_documents,
    watch={
        FieldOfAction: lambda field: [field.pk],
        # the field's words include the labels of its measures
        Measure: lambda measure: (
            list(measure.fields_of_action.values_list("pk", flat=True)) if measure.pk else []
        ),
    },
    order=5,
)


PROVIDERS = (PROJECT, MEASURE, LESSON, FIELD)


def field_labels() -> dict[str, str]:
    """The search facet "field": field of action -> its name in the active language."""
    return {key: _(name) for key, name in FIELDS_OF_ACTION}
