# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows of the knowledge base: anyone reads; the project's editors write."""

from stadtnetz.core.tests.matrix import _all, _only

WRITERS = {"editor", "org_admin"}


def extend_world(world):
    from stadtnetz.municipalities.models import Municipality
    from stadtnetz.organisations.models import Membership, Organisation, Role
    from stadtnetz.projects.importer import fields_of_action_ensure
    from stadtnetz.projects.models import FieldOfAction, ModelProject, ProgrammeCategory
    from stadtnetz.projects.services import lesson_save, measure_save

    fields_of_action_ensure()
    # An own organisation: earlier rows of the matrix remove the editor from world.org.
    organisation = Organisation.objects.create(
        name="Jena",
        slug="jena-matrix",
        kind="municipality",
        municipality=Municipality.objects.get(ags="16053000"),
    )
    Membership.objects.create(
        user=world.users["editor"], organisation=organisation, role=Role.EDITOR
    )
    Membership.objects.create(
        user=world.users["org_admin"], organisation=organisation, role=Role.ADMIN
    )
    Membership.objects.create(
        user=world.users["member"], organisation=organisation, role=Role.MEMBER
    )
    project = ModelProject.objects.create(
        name="Smart City Jena", slug="2020-jena-matrix", round_year=2020,
        organisation=organisation, category=ProgrammeCategory.LARGE_CITY,
        kind_as_listed="Gemeinde",
    )  # fmt: skip
    world.project = project
    editor = world.users["editor"]
    world.measure = measure_save(
        actor=editor, project=project, fields_of_action=[FieldOfAction.objects.first()],
        values={"title": "Stadtplattform", "description": "Offene Datenplattform",
                "spatial_effect": "whole_area", "status": "planned"},
    )  # fmt: skip
    world.lesson = lesson_save(actor=editor, project=project, values={
        "title": "Früh beteiligen", "context": "Großstadt", "what_was_done": "Workshops",
    })  # fmt: skip


def _w(world):
    """The core world fixture does not yet call extend_world; build lazily (see report)."""
    if not hasattr(world, "project"):
        extend_world(world)
    return world


ROWS = {
    "projects:list": ("get", None, None, _all("ok")),
    "projects:map": ("get", None, None, _all("ok")),
    "projects:data": ("get", None, None, _all("ok")),
    "projects:catalog_ttl": ("get", None, None, _all("ok")),
    "projects:datapackage": ("get", None, None, _all("ok")),
    "projects:download": (
        "get",
        lambda w: {"dataset": "modellprojekte", "fmt": "csv"},
        None,
        _all("ok"),
    ),
    "projects:detail": ("get", lambda w: {"slug": _w(w).project.slug}, None, _all("ok")),
    "projects:measure_create": (
        "get",
        lambda w: {"slug": _w(w).project.slug},
        None,
        _only(WRITERS),
    ),
    "projects:lesson_create": ("get", lambda w: {"slug": _w(w).project.slug}, None, _only(WRITERS)),
    "projects:knowledge": ("get", None, None, _all("ok")),
    "projects:field": ("get", lambda w: {"code": "mobilitaet"}, None, _all("ok")),
    "projects:measures": ("get", None, None, _all("ok")),
    "projects:measure": ("get", lambda w: {"pk": _w(w).measure.pk}, None, _all("ok")),
    "projects:measure_edit": ("get", lambda w: {"pk": _w(w).measure.pk}, None, _only(WRITERS)),
    "projects:lessons": ("get", None, None, _all("ok")),
    "projects:lesson": ("get", lambda w: {"pk": _w(w).lesson.pk}, None, _all("ok")),
    "projects:lesson_edit": ("get", lambda w: {"pk": _w(w).lesson.pk}, None, _only(WRITERS)),
    "projects:network": ("get", None, None, _all("ok")),
    "projects:peers": ("get", None, None, _all("ok")),
    "projects:network_csv": ("get", None, None, _all("ok")),
    "projects:network_graphml": ("get", None, None, _all("ok")),
    "api:list_model_projects": ("get", None, None, _all("ok")),
    "api:get_model_project": ("get", lambda w: {"project_id": _w(w).project.pk}, None, _all("ok")),
    "api:list_measures": ("get", None, None, _all("ok")),
    "api:list_lessons": ("get", None, None, _all("ok")),
    "api:municipality_peers": ("get", lambda w: {"ags": "05122000"}, None, _all("ok")),
}
