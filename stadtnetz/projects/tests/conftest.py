# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The 73 real model projects, imported once per test module and removed afterwards."""

import pytest

from stadtnetz.organisations.models import Organisation
from stadtnetz.projects.importer import DEFAULT_FILE, fields_of_action_ensure, model_projects_import
from stadtnetz.projects.models import ModelProject, ProjectImport


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        before = set(Organisation.objects.values_list("pk", flat=True))
        result = model_projects_import(data=DEFAULT_FILE.read_bytes())
        yield result
        ModelProject.objects.all().delete()
        ProjectImport.objects.all().delete()
        Organisation.objects.exclude(pk__in=before).delete()


@pytest.fixture
def projects(imported, db):
    fields_of_action_ensure()
    return ModelProject.objects


@pytest.fixture
def jena(projects):
    return ModelProject.objects.get(round_year=2020, name="Jena")


@pytest.fixture
def jena_editor(jena, make_user):
    from stadtnetz.organisations.models import Membership, Role

    user = make_user("jena-redaktion")
    Membership.objects.create(user=user, organisation=jena.organisation, role=Role.EDITOR)
    return user


@pytest.fixture(scope="module")
def knowledge_imported(imported, django_db_setup, django_db_blocker):
    """Profiles, measures, lessons and transfers of the shipped files (removed with the projects)."""
    from stadtnetz.projects.knowledge_import import DEFAULT_FILES, knowledge_import

    with django_db_blocker.unblock():
        fields_of_action_ensure()
        yield knowledge_import(files={k: p.read_bytes() for k, p in DEFAULT_FILES.items()})


@pytest.fixture
def knowledge(knowledge_imported, projects):
    return knowledge_imported
