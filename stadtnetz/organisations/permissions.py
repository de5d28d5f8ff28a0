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


def _has_admin(organisation: Organisation) -> bool:
    return Membership.objects.filter(organisation=organisation, role=Role.ADMIN).exists()


def _may_ask(user, organisation: Organisation) -> Decision:
    if not is_signed_in(user):
        return deny(_("Please sign in first."))
    if not user.email_verified:
        return deny(_("Please confirm your email address first."))
    if role_in(user, organisation):
        return deny(_("You are already a member of this organisation."))
    return allow()


def can_claim(user, organisation: Organisation) -> Decision:
    """Become the first administrator of a public body that has none yet."""
    decision = _may_ask(user, organisation)
    if not decision:
        return decision
    if not organisation.is_public_body:
        return deny(
            _("Only municipalities, counties and cooperations can be claimed. Ask to join instead.")
        )
    if _has_admin(organisation):
        return deny(
            _(
                "This organisation already has administrators. Ask to join: they decide about new "
                "members."
            )
        )
    return allow()


def can_request_membership(user, organisation: Organisation) -> Decision:
    """Ask the administrators of an organisation to let one join."""
    decision = _may_ask(user, organisation)
    if not decision:
        return decision
    if not _has_admin(organisation):
        if organisation.is_public_body:
            return deny(
                _("This organisation has no administrator yet who could decide. Claim it instead.")
            )
        return deny(_("This organisation has no administrator who could decide."))
    return allow()


def can_decide_request(user, membership_request) -> Decision:
    """Claims: the programme office. Membership requests: whoever manages the members."""
    from .models import RequestKind

    if membership_request.kind == RequestKind.CLAIM:
        if is_programme_office(user):
            return allow()
        return deny(_("Only the programme office decides about claims."))
    decision = can_manage_members(user, membership_request.organisation)
    if decision:
        return decision
    return deny(_("Only administrators of this organisation decide about membership requests."))


def can_view_claims(user) -> Decision:
    if is_programme_office(user):
        return allow()
    return deny(_("Only the programme office sees the claims of organisations."))


def can_set_official_domains(user, organisation: Organisation) -> Decision:
    """The official e-mail domains decide who may claim a public body: the programme office sets
    them (and staff), never the organisation's own members."""
    if not organisation.is_public_body:
        return deny(_("Only municipalities, counties and cooperations have official domains."))
    if is_programme_office(user):
        return allow()
    return deny(_("Only the programme office sets the official email domains."))
