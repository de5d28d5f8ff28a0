# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Who sees and does what in a funded project's life.

The programme office runs the grant (issues notices, checks and releases payments, reviews
statements, decides change requests). The model project's organisation reads everything of its
own grant; its editors and administrators file payment requests, statements, change requests and
the strategy. Nobody else sees a grant's internals (the public sees the project page and open data).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stadtnetz.core.permissions import Decision, allow, deny, is_programme_office, is_signed_in
from stadtnetz.organisations.permissions import can_write_for, role_in

from .models import GrantNotice


def can_run_grants(user) -> Decision:
    """Issue notices, check/release/pay, review statements, decide changes: the programme office."""
    if not is_signed_in(user):
        return deny(_("Please sign in."))
    if not is_programme_office(user):
        return deny(_("Only the programme office runs grants."))
    return allow()


def can_view_grant(user, notice: GrantNotice) -> Decision:
    """The programme office and every member of the funded organisation."""
    if not is_signed_in(user):
        return deny(_("Please sign in to see this grant."))
    if is_programme_office(user):
        return allow()
    if role_in(user, notice.project.organisation) is not None:
        return allow()
    return deny(_("Only the funded organisation and the programme office see this grant."))


def can_act_for_grantee(user, notice: GrantNotice) -> Decision:
    """File payment requests, statements, change requests, the strategy: the organisation's
    editors and administrators."""
    if not is_signed_in(user):
        return deny(_("Please sign in."))
    decision = can_write_for(user, notice.project.organisation)
    if not decision:
        return deny(
            _("Only editors and administrators of %(organisation)s act for this grant.")
            % {"organisation": notice.project.organisation.name}
        )
    return decision


def can_set_software_flag(user, measure) -> Decision:
    """Say whether a measure produces software: the project's editors and administrators, and
    the programme office."""
    if not is_signed_in(user):
        return deny(_("Please sign in."))
    if is_programme_office(user):
        return allow()
    organisation = measure.project.organisation
    if can_write_for(user, organisation):
        return allow()
    return deny(
        _("Only editors and administrators of %(organisation)s say whether this measure "
          "produces software.") % {"organisation": organisation.name}
    )  # fmt: skip


def can_view_office_dashboard(user) -> Decision:
    """The office dashboard and every project's budget: the programme office."""
    return can_run_grants(user)
