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
