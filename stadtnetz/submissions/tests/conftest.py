# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from stadtnetz.organisations.models import Membership, OrganisationKind, Role
from stadtnetz.organisations.services import organisation_create
from stadtnetz.programmes.tests.factories import make_call
from stadtnetz.submissions import services


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages are checked in English (pages are checked in German where they matter)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def office(make_user):
    return make_user("office", is_programme_office=True)


@pytest.fixture
def editor(make_user):
    return make_user("editor")


@pytest.fixture
def organisation(solingen, office, editor, make_user):
    org = organisation_create(
        actor=office, kind=OrganisationKind.MUNICIPALITY, name="Solingen", municipality=solingen
    )
    Membership.objects.create(user=editor, organisation=org, role=Role.EDITOR)
    Membership.objects.create(user=make_user("reader"), organisation=org, role=Role.MEMBER)
    return org


@pytest.fixture
def call(db):
    return make_call()


@pytest.fixture
def application(call, organisation, editor):
    return services.application_create(
        actor=editor, call=call, organisation=organisation, title="Smarte Klingenstadt"
    )


def complete(application, actor):
    """Fill every required section, the period and a budget: the application passes the check."""
    services.application_update_details(actor=actor, application=application, title=application.title,
                                        starts_on=dt.date(application.call.opens_at.year + 1, 1, 1), duration_months=24)  # fmt: skip
    for key in ("ausgangslage", "strategie"):
        answer = application.answers.filter(key=key).first()
        services.section_save(actor=actor, application=application, key=key, text=f"**{key}** – Text.",
                              base_version=answer.version if answer else 0)  # fmt: skip
    year = application.call.opens_at.year + 1
    services.budget_line_add(actor=actor, application=application, phase="A", year=year, category="personnel",
                             description="Projektleitung", amount="100000.00")  # fmt: skip
    services.budget_line_add(actor=actor, application=application, phase="B", year=year + 1, category="investment",
                             description="Sensoren", amount="333333.33")  # fmt: skip
    sign(application)
    application.refresh_from_db()
    return application


def signatory(organisation):
    """An administrator of the organisation: the one who may sign (decision 0067)."""
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username=f"zeichnung-{organisation.pk}",
        defaults={"email": ""},  # no address: the mails of the tests keep their recipients
    )
    Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": Role.ADMIN}
    )
    return user


def sign(application, actor=None):
    """Confirm every declaration of the call and name the signatory, as an administrator."""
    return services.application_sign(
        actor=actor or signatory(application.organisation), application=application,
        confirmed=range(len(application.call.declarations)),
        signatory_name="Tim Kurzbach", signatory_function="Oberbürgermeister",
    )  # fmt: skip


@pytest.fixture
def consultant(application, editor, make_user, django_capture_on_commit_callbacks):
    user = make_user("beraterin")
    with django_capture_on_commit_callbacks(execute=True):
        _collab, link = services.collaborator_invite(actor=editor, application=application,
                                                     email="beraterin@example.org", right="edit")  # fmt: skip
    assert link in mail.outbox[-1].body
    services.collaborator_accept(
        user=user, collaborator=services.collaborator_for_token(link.rstrip("/").rsplit("/", 1)[-1])
    )
    return user
