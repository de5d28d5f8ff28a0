# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Who may do what with organisations. Every view, API endpoint and template asks these."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stadtnetz.core.permissions import (
    Decision,
    allow,
    deny,
    is_programme_office,
    is_signed_in,
    is_staff,
)

from .models import Membership, Organisation, OrganisationKind, Role


def role_in(user, organisation: Organisation) -> str | None:
    """The user's role in the organisation, or None. Cached per request on the user object."""
    if not is_signed_in(user):
        return None
    cache = user.__dict__.setdefault("_organisation_roles", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = (
            Membership.objects.filter(user=user, organisation=organisation)
            .values_list("role", flat=True)
            .first()
        )
    return cache[organisation.pk]


def _has_role(user, organisation: Organisation, minimum: str) -> bool:
    return Role.rank(role_in(user, organisation) or "") >= Role.rank(minimum)


def can_create_organisation(user, kind: str | None = None) -> Decision:
    if not is_signed_in(user):
        return deny(_("Please sign in to create an organisation."))
    if not user.email_verified and not is_staff(user):
        return deny(_("Please confirm your email address first."))
    if kind == OrganisationKind.PROGRAMME_OFFICE and not is_staff(user):
        return deny(_("Only platform staff create programme-office organisations."))
    if kind in OrganisationKind.public_bodies() and not is_programme_office(user):
        return deny(
            _(
                "Municipalities, counties and cooperations are public bodies: the programme office "
                "creates them and invites their first administrator. Please contact it."
            )
        )
    return allow()


def can_view_members(user, organisation: Organisation) -> Decision:
    if is_programme_office(user) or _has_role(user, organisation, Role.MEMBER):
        return allow()
    return deny(_("Only members of this organisation see its member list."))


def can_write_for(user, organisation: Organisation) -> Decision:
    if _has_role(user, organisation, Role.EDITOR):
        return allow()
    return deny(_("Only editors and administrators of this organisation may do this."))


def can_edit_organisation(user, organisation: Organisation) -> Decision:
    if is_staff(user) or _has_role(user, organisation, Role.ADMIN):
        return allow()
    return deny(_("Only administrators of this organisation may change it."))


def can_manage_members(user, organisation: Organisation) -> Decision:
    if is_staff(user) or _has_role(user, organisation, Role.ADMIN):
        return allow()
    if is_programme_office(user) and organisation.is_public_body:
        return allow()
    return deny(_("Only administrators of this organisation manage its members."))


def can_remove_membership(user, membership: Membership) -> Decision:
    if is_signed_in(user) and membership.user_id == user.pk:
        return allow(_("You may leave an organisation."))
    return can_manage_members(user, membership.organisation)
