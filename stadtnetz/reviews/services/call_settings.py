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
    ReviewError,
    _event,
    _refuse,
)

# --- settings, checklist, opening the review ----------------------------------------------------


def review_settings(call: Call) -> CallReviewSettings:
    found, _created = CallReviewSettings.objects.get_or_create(
        call=call, defaults={"scale_anchors": DEFAULT_ANCHORS}
    )
    return found


SCALE_LEVELS = 6  # anchor texts of the levels 0 … 5
ANCHOR_LENGTH = 200
CHECKLIST_MAX = 30


def checklist_texts(call: Call) -> list[str]:
    """The call's checklist, or the default one that opening the review will create."""
    texts = list(call.checklist_items.values_list("text", flat=True))
    return texts or list(DEFAULT_CHECKLIST)


def _fmt(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return "–"
    return str(value)


@transaction.atomic
def review_settings_save(*, actor, call: Call, reviewers_per_application: int,
                         reconciliation_threshold: Decimal, max_load: int | None = None,
                         late_document_days: int = 30, comment_limit: int | None = None,
                         share_anonymised_comments: bool = False, scale_anchors: Sequence[str] | None = None,
                         checklist: Sequence[str] | None = None) -> CallReviewSettings:  # fmt: skip
    """Change a call's review settings. Changes that would make earlier steps unfair once the
    review has started are refused at their field with the reason; the rest is all-or-nothing.
    Every change is logged (who, when, old → new)."""
    from ..models import Assignment, Review, ReviewStatus

    permissions.can_manage_review(actor, call).enforce()
    current = CallReviewSettings.objects.select_for_update().get(pk=review_settings(call).pk)
    errors: dict[str, list[str]] = {}
    assigned = Assignment.objects.filter(case__call=call, removed_at__isnull=True)
    reviews = Review.objects.filter(case__call=call)
    submitted = reviews.filter(status=ReviewStatus.SUBMITTED)
    anchors = [
        " ".join(str(a).split())
        for a in (scale_anchors if scale_anchors is not None else current.scale_anchors)
    ]
    comment_limit = current.comment_limit if comment_limit is None else comment_limit
    wanted = {
        "reviewers_per_application": reviewers_per_application, "max_load": max_load,
        "reconciliation_threshold": reconciliation_threshold, "late_document_days": late_document_days,
        "comment_limit": comment_limit, "share_anonymised_comments": bool(share_anonymised_comments),
        "scale_anchors": anchors,
    }  # fmt: skip
    # plain ranges (the form checks them too; the service is the rule for every caller)
    if not isinstance(reviewers_per_application, int) or not 1 <= reviewers_per_application <= 10:
        errors["reviewers_per_application"] = [_("Enter a whole number from 1 to 10.")]
    if max_load is not None and (not isinstance(max_load, int) or not 1 <= max_load <= 1000):
        errors["max_load"] = [_("Enter a whole number from 1 to 1,000, or leave it empty.")]
    if (
        not isinstance(reconciliation_threshold, Decimal)
        or not (
            reconciliation_threshold.is_finite()
            and Decimal(0) <= reconciliation_threshold <= Decimal(5)
        )
        or reconciliation_threshold != reconciliation_threshold.quantize(Decimal("0.01"))
    ):
        errors["reconciliation_threshold"] = [
            _("Enter points from 0 to 5 with at most two decimal places.")
        ]
    if not isinstance(late_document_days, int) or not 0 <= late_document_days <= 365:
        errors["late_document_days"] = [_("Enter a number of days from 0 to 365.")]
    if not isinstance(comment_limit, int) or not 100 <= comment_limit <= 20000:
        errors["comment_limit"] = [_("Enter a limit from 100 to 20,000 characters.")]
    if len(anchors) != SCALE_LEVELS or any(not a for a in anchors):
        errors["scale_anchors"] = [_("Give an anchor text for each of the levels 0 to 5.")]
    elif any(len(a) > ANCHOR_LENGTH for a in anchors):
        errors["scale_anchors"] = [
            _("Each anchor text may have at most %(n)d characters.") % {"n": ANCHOR_LENGTH}
        ]
    # what the review already did fixes some settings
    if reviewers_per_application != current.reviewers_per_application and assigned.exists():
        errors.setdefault("reviewers_per_application", []).append(
            _(
                "Reviewers are already assigned: a different number per application would leave "
                "applications over- or under-reviewed. Remove the assignments first."
            )
        )
    if max_load is not None and max_load != current.max_load:
        from django.db.models import Count

        heaviest = assigned.values("reviewer").annotate(n=Count("pk")).order_by("-n").first()
        if heaviest and heaviest["n"] > max_load:
            errors.setdefault("max_load", []).append(
                _("A reviewer already has %(n)d applications; the maximum cannot be lower.")
                % {"n": heaviest["n"]}
            )
    if reconciliation_threshold != current.reconciliation_threshold and submitted.exists():
        errors.setdefault("reconciliation_threshold", []).append(
            _(
                "Reviews have been submitted and judged against the current threshold; a new one would "
                "treat later applications by a different rule."
            )
        )
    if anchors != list(current.scale_anchors) and reviews.exists():
        errors.setdefault("scale_anchors", []).append(
            _(
                "Reviewers have started scoring against these anchor texts; changing them now would "
                "change the meaning of scores already given."
            )
        )
    if comment_limit < current.comment_limit and reviews.exists():
        errors.setdefault("comment_limit", []).append(
            _(
                "Reviews have been started: the limit can be raised, not lowered (comments may be longer)."
            )
        )
    if (
        wanted["share_anonymised_comments"]
        and not current.share_anonymised_comments
        and reviews.exists()
    ):
        errors.setdefault("share_anonymised_comments", []).append(
            _(
                "Reviewers began writing believing their comments stay internal; sharing can only be "
                "switched on before the first review is started."
            )
        )
    checklist_clean = None
    if checklist is not None:
        checklist_clean = [" ".join(str(t).split()) for t in checklist if str(t).strip()]
        if checklist_clean != checklist_texts(call):
            if FormalCheck.objects.filter(case__call=call).exists():
                errors["checklist"] = [
                    _("The checklist is fixed once the first formal check has been recorded.")
                ]
            elif not checklist_clean:
                errors["checklist"] = [_("The checklist needs at least one item.")]
            elif len(checklist_clean) > CHECKLIST_MAX:
                errors["checklist"] = [_("At most %(n)d items.") % {"n": CHECKLIST_MAX}]
            elif any(len(t) > 300 for t in checklist_clean):
                errors["checklist"] = [_("Each item may have at most 300 characters.")]
        else:
            checklist_clean = None
    if errors:
        raise ReviewError(errors)
    labels = {field.name: str(field.verbose_name) for field in CallReviewSettings._meta.fields}
    changes = []
    for name, value in wanted.items():
        old = getattr(current, name)
        if name == "scale_anchors":
            if list(old) != value:
                changes.append(_("%(field)s changed") % {"field": labels[name]})
        elif old != value:
            changes.append(f"{labels[name]}: {_fmt(old)} → {_fmt(value)}")
        setattr(current, name, value)
    current.full_clean()
    current.save()
    if changes:
        _event(call, actor, "settings", "; ".join(changes))
    if checklist_clean is not None:
        checklist_save(actor=actor, call=call, items=checklist_clean)
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
