# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Review forms: drafts, submitting (frozen), reopening; what follows the last review."""

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.programmes.models import Call

from .. import permissions, scoring
from ..models import (
    DECIDED,
    SCALE_MAX,
    Assignment,
    Recommendation,
    Reconciliation,
    Review,
    ReviewCase,
    ReviewRevision,
    ReviewScore,
    ReviewState,
    ReviewStatus,
)
from .call_settings import review_settings
from .common import (
    ReviewError,
    _event,
    _locked_case,
    _refuse,
    case_transition,
)

# --- reviews ---------------------------------------------------------------------------------------


def review_items(call: Call) -> list[dict]:
    """The items of the review form: one per criterion, one per group without criteria."""
    items = []
    for group in call.criteria_groups.prefetch_related("criteria"):
        criteria = list(group.criteria.all())
        if not criteria:
            items.append({"key": f"g{group.pk}", "group": group, "criterion": None, "title": group.title,
                          "allows_na": False, "weight": group.weight})  # fmt: skip
        for criterion in criteria:
            items.append({"key": f"c{criterion.pk}", "group": group, "criterion": criterion, "title": criterion.title,
                          "allows_na": criterion.allows_not_applicable, "weight": group.weight})  # fmt: skip
    return items


def review_get_or_create(*, reviewer, case: ReviewCase) -> Review:
    review, _created = Review.objects.get_or_create(case=case, reviewer=reviewer)
    return review


NA = "na"


def parse_score(raw) -> tuple[int | None, bool]:
    """(value, not applicable) from "0"…"5", "na" or empty; ValueError for anything else."""
    if raw is None or raw == "":
        return None, False
    if isinstance(raw, str) and raw.strip().lower() == NA:
        return None, True
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and raw.strip().isdigit():
        value = int(raw.strip())
    else:
        raise ValueError(raw)
    if not 0 <= value <= SCALE_MAX:
        raise ValueError(raw)
    return value, False


@transaction.atomic
def review_save(*, actor, review: Review, scores: Mapping[str, object], comments: Mapping[str, str],
                recommendation: str = "", summary: str = "") -> Review:  # fmt: skip
    """Save a draft: every given value is checked; nothing is saved if anything is wrong."""
    review = Review.objects.select_for_update().select_related("case__call").get(pk=review.pk)
    permissions.can_write_review(actor, review).enforce()
    if review.is_submitted:
        _refuse(_("This review has been submitted and is frozen."))
    call = review.case.call
    limit = review_settings(call).comment_limit
    items = {item["key"]: item for item in review_items(call)}
    errors: dict[str, list[str]] = {}
    parsed: dict[str, tuple[int | None, bool]] = {}
    for key, raw in scores.items():
        if key not in items:
            errors.setdefault("__all__", []).append(
                _("Unknown criterion “%(key)s”.") % {"key": key}
            )
            continue
        try:
            parsed[key] = parse_score(raw)
        except ValueError:
            errors[f"score_{key}"] = [
                _("Enter a whole number from 0 to %(max)d.") % {"max": SCALE_MAX}
            ]
            continue
        if parsed[key][1] and not items[key]["allows_na"]:
            errors[f"score_{key}"] = [_("This criterion cannot be marked “not applicable”.")]
    for key, text in comments.items():
        if key not in items:
            errors.setdefault("__all__", []).append(
                _("Unknown criterion “%(key)s”.") % {"key": key}
            )
        elif len(text) > limit:
            errors[f"comment_{key}"] = [
                _("At most %(limit)d characters (now %(n)d).") % {"limit": limit, "n": len(text)}
            ]
    if recommendation and recommendation not in Recommendation.values:
        errors["recommendation"] = [_("Choose one of the recommendations.")]
    if len(summary) > 5000:
        errors["summary"] = [_("At most 5,000 characters (now %(n)d).") % {"n": len(summary)}]
    if errors:
        raise ReviewError(errors)
    existing = {(s.group_id, s.criterion_id): s for s in review.scores.all()}
    for key in set(parsed) | set(comments):
        item = items[key]
        ident = (item["group"].pk, item["criterion"].pk if item["criterion"] else None)
        score = existing.get(ident) or ReviewScore(
            review=review, group=item["group"], criterion=item["criterion"]
        )
        if key in parsed:
            score.value, score.not_applicable = parsed[key]
        if key in comments:
            score.comment = comments[key]
        score.save()
    review.recommendation = recommendation
    review.summary = summary
    review.save(update_fields=["recommendation", "summary", "updated_at"])
    return review


def review_weighted_score(review: Review) -> Decimal | None:
    return scoring.weighted_score(
        (s.group_id, s.group.weight, s.value)
        for s in review.scores.select_related("group")
        if s.value is not None or s.not_applicable
    )


@transaction.atomic
def review_submit(*, actor, review: Review) -> Review:
    """Freeze the review. Idempotent: a submitted review is returned unchanged."""
    review = Review.objects.select_for_update().select_related("case__call").get(pk=review.pk)
    permissions.can_write_review(actor, review).enforce()
    if review.is_submitted:
        return review
    items = review_items(review.case.call)
    scores = {(s.group_id, s.criterion_id): s for s in review.scores.all()}
    errors: dict[str, list[str]] = {}
    for item in items:
        score = scores.get((item["group"].pk, item["criterion"].pk if item["criterion"] else None))
        if score is None or (score.value is None and not score.not_applicable):
            errors[f"score_{item['key']}"] = [_("Score this criterion before submitting.")]
    if not review.recommendation:
        errors["recommendation"] = [_("Choose a recommendation before submitting.")]
    if errors:
        raise ReviewError(errors)
    weighted = review_weighted_score(review)
    if weighted is None:
        _refuse(_("At least one criterion must be scored (not all “not applicable”)."))
    review.weighted_score = weighted
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = timezone.now()
    review.save(update_fields=["weighted_score", "status", "submitted_at", "updated_at"])
    _event(review.case.call, actor, "review_submit", _("Review submitted"), case=review.case)
    _after_review(review.case, actor)
    return review


def _disagreement(case: ReviewCase, submitted: list[Review]) -> str:
    threshold = review_settings(case.call).reconciliation_threshold
    scores = [r.weighted_score for r in submitted if r.weighted_score is not None]
    reasons = []
    gap = scoring.spread(scores)
    if gap is not None and gap > threshold:
        reasons.append(
            _("weighted scores differ by %(gap)s points (threshold %(t)s)")
            % {"gap": gap, "t": threshold}
        )
    if len({r.recommendation for r in submitted}) > 1:
        reasons.append(_("recommendations disagree"))
    return "; ".join(reasons)


def _after_review(case: ReviewCase, actor) -> None:
    """When every assigned review is in: flag for reconciliation or mark reviewed."""
    case = _locked_case(case)
    if case.state != ReviewState.IN_REVIEW:
        return
    assigned = set(
        Assignment.objects.filter(case=case, removed_at__isnull=True).values_list(
            "reviewer_id", flat=True
        )
    )
    needed = review_settings(case.call).reviewers_per_application
    submitted = list(
        Review.objects.filter(case=case, status=ReviewStatus.SUBMITTED, reviewer_id__in=assigned)
    )
    if len(assigned) < needed or len(submitted) < len(assigned):
        return
    trigger = _disagreement(case, submitted)
    if trigger:
        Reconciliation.objects.create(case=case, trigger=trigger)
        case_transition(case=case, action="flag", actor=None, reason=trigger)
    else:
        case_transition(case=case, action="complete", actor=None, reason=_("All reviews submitted"))


def review_snapshot(review: Review) -> dict:
    return {
        "recommendation": review.recommendation, "summary": review.summary,
        "weighted_score": str(review.weighted_score) if review.weighted_score is not None else None,
        "submitted_at": review.submitted_at.isoformat() if review.submitted_at else None,
        "scores": [{"group": s.group_id, "criterion": s.criterion_id, "value": s.value,
                    "not_applicable": s.not_applicable, "comment": s.comment} for s in review.scores.all()],
    }  # fmt: skip


@transaction.atomic
def review_reopen(*, actor, review: Review, reason: str) -> Review:
    permissions.can_manage_review(actor, review.case.call).enforce()
    if not reason.strip():
        _refuse(_("Say why the review is reopened."), "reason")
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.is_submitted:
        _refuse(_("Only a submitted review can be reopened."))
    case = _locked_case(review.case)
    if case.state in DECIDED:
        _refuse(_("This application has been decided."))
    ReviewRevision.objects.create(
        review=review,
        snapshot=review_snapshot(review),
        reopened_by=actor,
        reason=reason.strip()[:1000],
    )
    review.status = ReviewStatus.DRAFT
    review.submitted_at = None
    review.weighted_score = None
    review.save(update_fields=["status", "submitted_at", "weighted_score", "updated_at"])
    # In reconciliation the case stays there: the reviewer revises, the office records the outcome.
    if case.state == ReviewState.REVIEWED:
        case_transition(case=case, action="reopen_review", actor=actor, reason=reason.strip())
    _event(case.call, actor, "review_reopen", _("Review by %(name)s reopened: %(reason)s") % {
        "name": review.reviewer.display_name, "reason": reason.strip()}, case=case)  # fmt: skip
    return review
