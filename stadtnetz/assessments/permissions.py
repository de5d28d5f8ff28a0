# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Who may see and change an organisation's assessments."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stadtnetz.core.permissions import Decision, allow, deny, is_programme_office, is_signed_in
from stadtnetz.organisations.models import Organisation
from stadtnetz.organisations.permissions import can_write_for, role_in

from .models import Assessment


def can_view_assessments(user, organisation: Organisation) -> Decision:
    """Saved assessments are internal: members of the organisation and the programme office."""
    if is_programme_office(user) or role_in(user, organisation):
        return allow()
    if not is_signed_in(user):
        return deny(_("Please sign in to see the assessments of this organisation."))
    return deny(_("Only members of this organisation see its assessments."))


def can_start_assessment(user, organisation: Organisation) -> Decision:
    decision = can_write_for(user, organisation)
    if not decision:
        return deny(_("Only editors and administrators of this organisation may assess it."))
    if not organisation.is_public_body:
        return deny(_("Only municipalities, counties and cooperations assess their maturity."))
    return allow()


def can_edit_assessment(user, assessment: Assessment) -> Decision:
    decision = can_start_assessment(user, assessment.organisation)
    if not decision:
        return decision
    if not assessment.is_draft:
        return deny(_("A completed assessment cannot be changed; start a new one."))
    return allow()


def can_change_sharing(user, organisation: Organisation) -> Decision:
    """Consent to be named is the organisation's own decision: its administrators give it."""
    if role_in(user, organisation) == "admin":
        return allow()
    return deny(_("Only administrators of this organisation decide what it shares."))
