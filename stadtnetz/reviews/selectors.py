# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads of review and selection. List pages make a constant number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.db.models.fields.json import KT

from stadtnetz.municipalities.models import PlaceCategory
from stadtnetz.programmes.models import Call
from stadtnetz.submissions.models import Submission

from . import scoring
from .models import (
    DECIDED,
    Assignment,
    ConflictDeclaration,
    PoolMember,
    Reconciliation,
    Review,
    ReviewCase,
    ReviewScore,
    ReviewState,
    ReviewStatus,
    SelectionRun,
)


def programme_size_class(submission: Submission | None) -> str:
    """The programme's category of a submission (the solver's size classes): its stored
    PlaceCategory, with BBSR "landgemeinde" counted as "kleinstadt"."""
    if submission is None or submission.size_class not in PlaceCategory.values:
        return ""
    return PlaceCategory(submission.size_class).programme.value


def case_get(pk: int) -> ReviewCase | None:
    return (
        ReviewCase.objects.select_related("application__organisation", "call").filter(pk=pk).first()
    )


def review_get(pk: int) -> Review | None:
    return (
        Review.objects.select_related("case__application__organisation", "case__call", "reviewer")
        .filter(pk=pk)
        .first()
    )


def valid_submissions(cases) -> dict[int, Submission]:
    """The valid submission of each case's application, without PDF and snapshot; the grants of
    phase A and B are read from the snapshot's budget in the query (``grant_a``, ``grant_b``)."""
    application_ids = [c.application_id for c in cases]
    return {s.application_id: s for s in Submission.objects.filter(application_id__in=application_ids,
                                                                   withdrawn_at__isnull=True).defer("pdf", "snapshot")
            .annotate(grant_a=KT("snapshot__budget__grant_by_phase__A"), grant_b=KT("snapshot__budget__grant_by_phase__B"))}  # fmt: skip


def phase_start(submission: Submission | None) -> str:
    """The phase a project starts with: "A" (strategy) when it asks for a phase A grant, "B"
    (straight to implementation) when it asks for phase B only, "" when the budget has neither."""
    if submission is None:
        return ""

    def asks(value) -> bool:
        try:
            return value not in (None, "") and Decimal(str(value)) > 0
        except ArithmeticError:
            return False

    if asks(getattr(submission, "grant_a", None)):
        return "A"
    if asks(getattr(submission, "grant_b", None)):
        return "B"
    return ""


def call_cases(call: Call):
    return (ReviewCase.objects.filter(call=call)
            .select_related("application__organisation")
            .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.filter(removed_at__isnull=True)
                                       .select_related("reviewer")))
            .order_by("application__organisation__name", "pk"))  # fmt: skip


def pool(call: Call):
    return PoolMember.objects.filter(call=call).select_related("reviewer")


def reviewer_cases(call: Call, reviewer):
    """The reviewer's list: every case in review with names and organisations only, their
    declaration, whether assigned and their review."""
    cases = list(
        call_cases(call).exclude(
            state__in=[ReviewState.SUBMITTED, ReviewState.FORMAL_CHECK, ReviewState.INELIGIBLE]
        )
    )
    declarations = {
        d.case_id: d for d in ConflictDeclaration.objects.filter(case__call=call, reviewer=reviewer)
    }
    reviews = {r.case_id: r for r in Review.objects.filter(case__call=call, reviewer=reviewer)}
    rows = []
    for case in cases:
        assigned = any(a.reviewer_id == reviewer.pk for a in case.assignments.all())
        rows.append({"case": case, "declaration": declarations.get(case.pk), "assigned": assigned,
                     "review": reviews.get(case.pk)})  # fmt: skip
    return rows


@dataclass
class RankingRow:
    case: ReviewCase
    submission: Submission | None
    size_class: str
    state_code: str
    requested_grant: Decimal
    phase: str = ""
    reviews: list[Review] = field(default_factory=list)
    mean: Decimal | None = None
    spread: Decimal | None = None
    recommendations: dict[str, int] = field(default_factory=dict)
    reconciliation: str = ""
    rank: int = 0
    tied: bool = False


def ranking(call: Call, *, size_class: str = "", kind: str = "", state: str = "", review_state: str = "",
            phase: str = "", min_grant=None, max_grant=None, parts: bool = True) -> list[RankingRow]:  # fmt: skip
    """Every reviewed-or-later case with its submitted reviews and their parts. Constant queries:
    cases, submissions, reviews, scores (with groups and criteria), reconciliations."""
    # ``parts``: each review's criterion scores (the page opens every mean to them); callers
    # that need only the weighted scores (API, optimiser, statistics, protocol) skip them.
    reviews = Review.objects.filter(status=ReviewStatus.SUBMITTED).select_related("reviewer")
    if parts:
        reviews = reviews.prefetch_related(
            Prefetch("scores", queryset=ReviewScore.objects.select_related("group", "criterion"))
        )
    cases = list(
        ReviewCase.objects.filter(call=call)
        .exclude(state__in=[ReviewState.SUBMITTED, ReviewState.FORMAL_CHECK, ReviewState.INELIGIBLE])
        .select_related("application__organisation")
        .prefetch_related(
            Prefetch("reviews", queryset=reviews),
            Prefetch("reconciliations", queryset=Reconciliation.objects.order_by("opened_at", "pk")),
        )
    )  # fmt: skip
    submissions = valid_submissions(cases)
    rows = []
    for case in cases:
        submission = submissions.get(case.application_id)
        size = programme_size_class(submission)
        if size_class and size != size_class:
            continue
        if kind and case.application.organisation.kind != kind:
            continue
        if state and (submission is None or submission.state_code != state):
            continue
        if review_state and case.state != review_state:
            continue
        starts = phase_start(submission)
        if phase and starts != phase:
            continue
        grant = submission.requested_grant if submission else Decimal(0)
        if min_grant is not None and grant < min_grant:
            continue
        if max_grant is not None and grant > max_grant:
            continue
        case_reviews: list = list(case.reviews.all())
        scores = [r.weighted_score for r in case_reviews if r.weighted_score is not None]
        reconciliations = list(case.reconciliations.all())
        last = reconciliations[-1] if reconciliations else None
        rows.append(RankingRow(
            case=case, submission=submission, size_class=size, state_code=submission.state_code if submission else "",
            requested_grant=grant, phase=starts, reviews=case_reviews, mean=scoring.mean(scores), spread=scoring.spread(scores),
            recommendations=dict(Counter(r.recommendation for r in case_reviews)),
            reconciliation=("" if last is None else ("open" if last.closed_at is None else last.outcome)),
        ))  # fmt: skip
    rows.sort(
        key=lambda r: (
            r.mean is None,
            -(r.mean or 0),
            r.case.application.organisation.name,
            r.case.pk,
        )
    )
    counts = Counter(r.mean for r in rows if r.mean is not None)
    rank = 0
    previous = object()
    for position, row in enumerate(rows, 1):
        if row.mean != previous:
            rank = position
            previous = row.mean
        row.rank = rank
        row.tied = row.mean is not None and counts[row.mean] > 1
    return rows


def selection_runs(call: Call):
    return SelectionRun.objects.filter(call=call).select_related("actor")


def decided_cases(call: Call):
    return ReviewCase.objects.filter(call=call, state__in=DECIDED).select_related(
        "application__organisation", "model_project"
    )


def statistics(call: Call) -> dict:
    """Public counts after the decision: no reviewer identities, nothing about non-selected
    applicants beyond counts."""
    cases = list(ReviewCase.objects.filter(call=call).select_related("application__organisation"))
    submissions = valid_submissions(cases)
    by: dict[str, Counter[str]] = {"size_class": Counter(), "kind": Counter(), "state": Counter()}
    selected_by: dict[str, Counter[str]] = {
        "size_class": Counter(),
        "kind": Counter(),
        "state": Counter(),
    }
    for case in cases:
        submission = submissions.get(case.application_id)
        keys = {"size_class": programme_size_class(submission), "kind": case.application.organisation.kind,
                "state": submission.state_code if submission else ""}  # fmt: skip
        for name, key in keys.items():
            by[name][key] += 1
            if case.state == ReviewState.SELECTED:
                selected_by[name][key] += 1
    means = []
    for row in ranking(call, parts=False):
        if row.mean is not None:
            means.append(row.mean)
    bands: Counter[str] = Counter()
    for value in means:
        low = min(int(value), 4)
        bands[f"{low}–{low + 1}"] += 1
    return {
        "call": call.pk,
        "applications": len(cases),
        "formally_eligible": sum(1 for c in cases if c.state != ReviewState.INELIGIBLE and c.state != ReviewState.SUBMITTED
                                 and c.state != ReviewState.FORMAL_CHECK),
        "selected": sum(1 for c in cases if c.state == ReviewState.SELECTED),
        "waiting_list": sum(1 for c in cases if c.state == ReviewState.WAITING_LIST),
        "rejected": sum(1 for c in cases if c.state == ReviewState.REJECTED),
        "by": [{"dimension": name, "key": key, "applications": count, "selected": selected_by[name][key]}
               for name in by for key, count in sorted(by[name].items())],
        "score_bands": [{"band": band, "applications": bands[band]} for band in ["0–1", "1–2", "2–3", "3–4", "4–5"]],
    }  # fmt: skip


def anonymised_reviews(case: ReviewCase) -> list[dict]:
    """The submitted reviews' comments and summaries, numbered, without anything that names or
    identifies a reviewer (no names, no dates, no order by reviewer)."""
    reviews = (
        Review.objects.filter(case=case, status=ReviewStatus.SUBMITTED)
        .prefetch_related(Prefetch("scores", queryset=ReviewScore.objects.select_related("group", "criterion")))
        .order_by("pk")
    )  # fmt: skip
    out = []
    for number, review in enumerate(reviews, 1):
        comments = [{"title": s.criterion.title if s.criterion else s.group.title, "comment": s.comment}
                    for s in review.scores.all() if s.comment.strip()]  # fmt: skip
        out.append({"number": number, "summary": review.summary, "comments": comments})
    return out
