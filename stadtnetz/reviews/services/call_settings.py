# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""A call's review settings, its formal checklist and opening the review."""

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.programmes.models import Call
from stadtnetz.submissions.models import ApplicationStatus

from .. import permissions
from ..models import (
    CallReviewSettings,
    ChecklistItem,
    FormalCheck,
    ReviewCase,
)
from .common import (
    DEFAULT_ANCHORS,
    DEFAULT_CHECKLIST,
    _event,
    _refuse,
)

# --- settings, checklist, opening the review ----------------------------------------------------


def review_settings(call: Call) -> CallReviewSettings:
    found, _created = CallReviewSettings.objects.get_or_create(
        call=call, defaults={"scale_anchors": DEFAULT_ANCHORS}
    )
    return found


@transaction.atomic
def review_settings_save(*, actor, call: Call, reviewers_per_application: int,
                         reconciliation_threshold: Decimal, max_load: int | None = None,
                         late_document_days: int = 30, share_anonymised_comments: bool = False) -> CallReviewSettings:  # fmt: skip
    permissions.can_manage_review(actor, call).enforce()
    current = review_settings(call)
    current.reviewers_per_application = reviewers_per_application
    current.reconciliation_threshold = reconciliation_threshold
    current.max_load = max_load
    current.late_document_days = late_document_days
    current.share_anonymised_comments = share_anonymised_comments
    current.full_clean()
    current.save()
    _event(call, actor, "settings", _("Review settings changed"))
    return current


@transaction.atomic
def checklist_save(*, actor, call: Call, items: Sequence[str]) -> list[ChecklistItem]:
    permissions.can_manage_review(actor, call).enforce()
    if FormalCheck.objects.filter(case__call=call).exists():
        _refuse(_("The checklist is fixed once the first formal check has been recorded."), "items")
    cleaned = [item.strip() for item in items if item.strip()]
    if not cleaned:
        _refuse(_("The checklist needs at least one item."), "items")
    if any(len(item) > 300 for item in cleaned):
        _refuse(_("Each item may have at most 300 characters."), "items")
    call.checklist_items.all().delete()
    created = [
        ChecklistItem.objects.create(call=call, position=n, text=text)
        for n, text in enumerate(cleaned, 1)
    ]
    _event(
        call, actor, "checklist", _("Formal checklist saved (%(n)d items)") % {"n": len(created)}
    )
    return created


@transaction.atomic
def review_open(*, actor, call: Call, now=None) -> list[ReviewCase]:
    """Create a case for every validly submitted application of a closed call (idempotent)."""
    permissions.can_manage_review(actor, call).enforce()
    now = now or timezone.now()
    if now <= call.closes_at:
        _refuse(_("The review starts after the deadline of the call."))
    review_settings(call)
    if not call.checklist_items.exists():
        for n, text in enumerate(DEFAULT_CHECKLIST, 1):
            ChecklistItem.objects.create(call=call, position=n, text=text)
    existing = set(ReviewCase.objects.filter(call=call).values_list("application_id", flat=True))
    applications = call.applications.filter(status=ApplicationStatus.SUBMITTED).exclude(
        pk__in=existing
    )
    created = [
        ReviewCase.objects.create(application=a, call=call) for a in applications.order_by("pk")
    ]
    if created:
        _event(
            call,
            actor,
            "open",
            _("Review opened for %(n)d submitted applications") % {"n": len(created)},
        )
    return list(ReviewCase.objects.filter(call=call))
