# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import factory

from stadtnetz.organisations.models import Membership, Organisation, OrganisationKind, Role


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Beratung {n}")
    slug = factory.Sequence(lambda n: f"beratung-{n}")
    kind = OrganisationKind.CONSULTANCY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER
