# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Who may do what in the solution catalog. Reading and validating are open to everyone."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stadtnetz.core.permissions import Decision, allow, deny, is_signed_in, is_staff
from stadtnetz.organisations.models import Membership, Organisation, Role
from stadtnetz.organisations.permissions import can_write_for


def organisations_for_reuse(user) -> list[Organisation]:
    """Organisations for which the user may declare a reuse (editor or administrator)."""
    if not is_signed_in(user):
        return []
    return list(
        Organisation.objects.filter(
            memberships__user=user, memberships__role__in=[Role.EDITOR, Role.ADMIN]
        ).order_by("name")
    )


def can_declare_reuse(user, organisation: Organisation | None = None) -> Decision:
    if not is_signed_in(user):
        return deny(_("Please sign in to declare a reuse."))
    if organisation is None:
        if Membership.objects.filter(user=user, role__in=[Role.EDITOR, Role.ADMIN]).exists():
            return allow()
        return deny(_("Only editors and administrators of an organisation declare reuses."))
    return can_write_for(user, organisation)


def can_see_reuse_contacts(user) -> Decision:
    if is_signed_in(user):
        return allow()
    return deny(_("Sign in to see contact persons."))


def can_manage_crawls(user) -> Decision:
    if is_staff(user):
        return allow()
    return deny(_("Only platform staff see and start crawls."))
