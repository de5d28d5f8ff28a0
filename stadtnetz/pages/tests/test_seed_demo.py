# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""`stadtnetz seed-demo` (the step of `make run`) lives in pages and stays idempotent."""

import pytest
from django.core.management import CommandError, call_command

from stadtnetz.organisations.models import Membership, Organisation
from stadtnetz.users.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_makes_the_accounts_and_organisations_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert (
        User.objects.filter(username__in=["admin", "programmbuero", "solingen-admin"]).count() == 3
    )
    solingen = Organisation.objects.get(municipality__ags="05122000")
    assert Membership.objects.filter(organisation=solingen).count() == 2
    assert Organisation.objects.filter(slug="beispiel-beratung").count() == 1


def test_seed_demo_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.filter(username="admin").exists()
