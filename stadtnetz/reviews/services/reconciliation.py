# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reconciliation of reviews that disagree."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..models import (
    Reconciliation,
    ReconciliationMessage,
    ReconciliationOutcome,
    Review,
    ReviewStatus,
)
from .common import (
    _locked_case,
    _refuse,
    case_transition,
)

# --- reconciliation ----------------------------------------------------------------------------------


@transaction.atomic
def reconciliation_message_add(
    *, actor, reconciliation: Reconciliation, text: str
) -> ReconciliationMessage:
    permissions.can_take_part_in_reconciliation(actor, reconciliation.case).enforce()
    if reconciliation.closed_at is not None:
        _refuse(_("This reconciliation is closed."))
    if not text.strip():
        _refuse(_("Write a message."), "text")
    if len(text) > 5000:
        _refuse(_("At most 5,000 characters (now %(n)d).") % {"n": len(text)}, "text")
    return ReconciliationMessage.objects.create(
        reconciliation=reconciliation, author=actor, text=text.strip()
    )


@transaction.atomic
def reconciliation_resolve(
    *, actor, reconciliation: Reconciliation, outcome: str, reason: str
) -> Reconciliation:
    permissions.can_manage_review(actor, reconciliation.case.call).enforce()
    reconciliation = Reconciliation.objects.select_for_update().get(pk=reconciliation.pk)
    if reconciliation.closed_at is not None:
        return reconciliation
    if outcome not in ReconciliationOutcome.values:
        _refuse(_("Choose “scores confirmed” or “scores revised”."), "outcome")
    if not reason.strip():
        _refuse(_("Record the reason of the outcome."), "reason")
    case = _locked_case(reconciliation.case)
    if Review.objects.filter(
        case=case,
        status=ReviewStatus.DRAFT,
        reviewer__review_assignments__case=case,
        reviewer__review_assignments__removed_at__isnull=True,
    ).exists():
        _refuse(_("A reopened review is not yet submitted again."))
    reconciliation.outcome = outcome
    reconciliation.outcome_reason = reason.strip()[:5000]
    reconciliation.closed_by = actor
    reconciliation.closed_at = timezone.now()
    reconciliation.save()
    case_transition(
        case=case,
        action="resolve",
        actor=actor,
        reason=f"{reconciliation.get_outcome_display()}: {reason.strip()}",
    )
    return reconciliation
