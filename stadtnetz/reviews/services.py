# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes of review and selection. Keyword-only, atomic, no request, no UI messages.

Refusals raise ``ReviewError`` (a ValidationError whose message dict names the field).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.core.links import absolute_url
from stadtnetz.organisations.models import Membership, Role
from stadtnetz.programmes.models import Call
from stadtnetz.submissions.models import ApplicationStatus

from . import permissions, scoring, workflow
from .models import (
    DECIDED,
    SCALE_MAX,
    Assignment,
    AssignmentSource,
    AuditEvent,
    CallReviewSettings,
    ChecklistItem,
    ConflictDeclaration,
    FormalCheck,
    FormalCheckResult,
    PoolMember,
    Recommendation,
    Reconciliation,
    ReconciliationMessage,
    ReconciliationOutcome,
    Review,
    ReviewCase,
    ReviewRevision,
    ReviewScore,
    ReviewState,
    ReviewStatus,
    SelectionRun,
    Transition,
)


class ReviewError(ValidationError):
    """A refused write; ``message_dict`` maps fields (or "__all__") to messages."""


def _refuse(message: str, field: str = "__all__"):
    raise ReviewError({field: [message]})


DEFAULT_CHECKLIST = [
    "Antragsteller ist eine förderfähige Art von Organisation",
    "Ratsbeschluss liegt bei (oder wird im Nachreichfenster nachgereicht)",
    "Beantragte Förderung liegt innerhalb der Höchstbeträge je Phase",
    "Nur ein Antrag je Antragsteller",
    "Fristgerecht eingereicht",
]
DEFAULT_ANCHORS = [
    "0 – nicht erkennbar",
    "1 – schwach",
    "2 – mit deutlichen Lücken",
    "3 – solide",
    "4 – gut",
    "5 – herausragend",
]


def _event(call, actor, kind: str, summary: str, case=None) -> None:
    AuditEvent.objects.create(call=call, case=case, actor=actor, kind=kind, summary=summary[:1000])


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


# --- transitions ---------------------------------------------------------------------------------


def case_transition(*, case: ReviewCase, action: str, actor, reason: str = "") -> ReviewCase:
    """The only writer of ``ReviewCase.state``: checks the workflow table, appends a record."""
    if not workflow.allowed(case.state, action):
        _refuse(
            _("This step is not possible in the state “%(state)s”.")
            % {"state": case.get_state_display()}
        )
    previous = case.state
    case.state = workflow.target(previous, action)
    case.state_reason = reason
    case.save(update_fields=["state", "state_reason", "updated_at"])
    Transition.objects.create(
        case=case, from_state=previous, to_state=case.state, actor=actor, reason=reason
    )
    return case


def _locked_case(case: ReviewCase) -> ReviewCase:
    return (
        ReviewCase.objects.select_for_update().select_related("application", "call").get(pk=case.pk)
    )


# --- formal check --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    item_id: int
    passed: bool
    note: str = ""


def _editor_emails(organisation) -> list[str]:
    emails = Membership.objects.filter(
        organisation=organisation, role__in=[Role.EDITOR, Role.ADMIN]
    ).values_list("user__email", flat=True)
    return sorted(set(filter(None, emails)))


def _mail_applicant(case: ReviewCase, template: str, subject: str, **context) -> None:
    recipients = _editor_emails(case.application.organisation)
    if not recipients:
        return
    body = render_to_string(template, {"case": case, "application": case.application,
                                       "site_url": absolute_url(), **context})  # fmt: skip
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@transaction.atomic
def formal_check_record(*, actor, case: ReviewCase, results: Iterable[ItemResult]) -> FormalCheck:
    """Record pass/fail per checklist item. All passed → in review; any failed → ineligible."""
    permissions.can_manage_review(actor, case.call).enforce()
    case = _locked_case(case)
    items = {item.pk: item for item in case.call.checklist_items.all()}
    given = {r.item_id: r for r in results}
    errors: dict[str, list[str]] = {}
    for item_id in items:
        if item_id not in given:
            errors[f"item_{item_id}"] = [_("Mark this item as passed or failed.")]
        elif not given[item_id].passed and not given[item_id].note.strip():
            errors[f"note_{item_id}"] = [
                _("Say why this item failed; the applicant is told the reason.")
            ]
        elif len(given[item_id].note) > 1000:
            errors[f"note_{item_id}"] = [_("At most 1,000 characters.")]
    unknown = set(given) - set(items)
    if unknown:
        errors["__all__"] = [_("Unknown checklist items.")]
    if errors:
        raise ReviewError(errors)
    if case.state == ReviewState.SUBMITTED:
        case_transition(
            case=case, action="start_check", actor=actor, reason=_("Formal check started")
        )
    elif case.state == ReviewState.INELIGIBLE:
        case_transition(case=case, action="recheck", actor=actor, reason=_("Formal check repeated"))
    elif case.state != ReviewState.FORMAL_CHECK:
        _refuse(_("The formal check of this application is finished."))
    passed = all(given[i].passed for i in items)
    check = FormalCheck.objects.create(case=case, actor=actor, passed=passed)
    for item_id, item in items.items():
        FormalCheckResult.objects.create(check_run=check, item=item, passed=given[item_id].passed,
                                         note=given[item_id].note.strip())  # fmt: skip
    if passed:
        case_transition(
            case=case, action="pass_check", actor=actor, reason=_("All checklist items passed")
        )
    else:
        reason = "; ".join(
            f"{items[i].text}: {given[i].note.strip()}" for i in items if not given[i].passed
        )
        case_transition(case=case, action="fail_check", actor=actor, reason=reason)
        transaction.on_commit(lambda: _mail_applicant(
            case, "reviews/email/ineligible.txt",
            _("Your application “%(title)s” is formally ineligible") % {"title": case.application.title},
            reason=reason,
        ))  # fmt: skip
    return check


# --- reviewer pool and conflicts -------------------------------------------------------------------


@transaction.atomic
def pool_invite(*, actor, call: Call, reviewer, expertise: Sequence[str] = ()) -> PoolMember:
    permissions.can_manage_review(actor, call).enforce()
    if not (reviewer.is_active and reviewer.is_reviewer):
        _refuse(_("Only accounts with the reviewer role can be invited."), "reviewer")
    member, created = PoolMember.objects.get_or_create(
        call=call, reviewer=reviewer, defaults={"invited_by": actor, "expertise": list(expertise)}
    )
    if created:
        _event(
            call,
            actor,
            "invite",
            _("%(name)s invited as reviewer") % {"name": reviewer.display_name},
        )
    return member


def _places_of_reviewer(reviewer) -> tuple[set[int], set[str], set[str]]:
    """Organisations, municipality AGS and county keys the reviewer belongs to."""
    orgs, municipalities, counties = set(), set(), set()
    for m in Membership.objects.filter(user=reviewer).select_related(
        "organisation__municipality", "organisation__county"
    ):
        org = m.organisation
        orgs.add(org.pk)
        if org.municipality_id:
            municipalities.add(org.municipality.ags)
            if org.municipality.county_id:
                counties.add(org.municipality.county_key)
        if org.county_id:
            counties.add(org.county.key)
    return orgs, municipalities, counties


def _places_of_applicant(organisation) -> tuple[set[str], set[str]]:
    municipalities, counties = set(), set()
    if organisation.municipality_id:
        municipalities.add(organisation.municipality.ags)
        if organisation.municipality.county_id:
            counties.add(organisation.municipality.county_key)
    if organisation.county_id:
        counties.add(organisation.county.key)
    for member in organisation.cooperation_members.select_related("municipality__county", "county"):
        if member.municipality_id:
            municipalities.add(member.municipality.ags)
            if member.municipality.county_id:
                counties.add(member.municipality.county_key)
        if member.county_id:
            counties.add(member.county.key)
    return municipalities, counties


def automatic_conflicts(reviewer, cases: Iterable[ReviewCase]) -> dict[int, str]:
    """case id → reason, for every case the reviewer is automatically conflicted on."""
    orgs, r_municipalities, r_counties = _places_of_reviewer(reviewer)
    member_orgs_of_cooperations: dict[int, set[int]] = {}
    found: dict[int, str] = {}
    for case in cases:
        organisation = case.application.organisation
        if organisation.pk in orgs:
            found[case.pk] = _("member of the applicant organisation")
            continue
        a_municipalities, a_counties = _places_of_applicant(organisation)
        if organisation.kind == "cooperation":
            if organisation.pk not in member_orgs_of_cooperations:
                from stadtnetz.organisations.models import Organisation

                member_orgs_of_cooperations[organisation.pk] = set(
                    Organisation.objects.filter(municipality__ags__in=a_municipalities).values_list(
                        "pk", flat=True
                    )
                ) | set(
                    Organisation.objects.filter(
                        county__key__in=a_counties, kind="county"
                    ).values_list("pk", flat=True)
                )
            if member_orgs_of_cooperations[organisation.pk] & orgs:
                found[case.pk] = _("member of an organisation in the cooperation")
                continue
        if a_municipalities & r_municipalities:
            found[case.pk] = _("same municipality")
        elif a_counties & r_counties:
            found[case.pk] = _("same county")
    return found


@dataclass
class DeclarationResult:
    declaration: ConflictDeclaration
    unassigned: bool = False


@transaction.atomic
def conflict_declare(
    *, actor, case: ReviewCase, conflicted: bool, note: str = ""
) -> DeclarationResult:
    """The reviewer's own declaration. Declaring a conflict on an assigned case unassigns it."""
    permissions.can_declare(actor, case).enforce()
    if len(note) > 500:
        _refuse(_("At most 500 characters."), "note")
    case = _locked_case(case)
    if case.state in DECIDED:
        _refuse(_("This application has been decided; declarations are closed."))
    declaration, created = ConflictDeclaration.objects.update_or_create(
        case=case,
        reviewer=actor,
        defaults={"conflicted": conflicted, "note": note.strip(), "declared_at": timezone.now()},
    )
    summary = (
        _("%(name)s declared a conflict") if conflicted else _("%(name)s declared no conflict")
    ) % {"name": actor.display_name}
    _event(case.call, actor, "declaration", summary, case=case)
    unassigned = False
    if conflicted:
        active = Assignment.objects.filter(
            case=case, reviewer=actor, removed_at__isnull=True
        ).first()
        if active is not None:
            _remove(active, actor, _("Reviewer declared a conflict of interest"))
            unassigned = True
    return DeclarationResult(declaration, unassigned)


# --- assignment ------------------------------------------------------------------------------------


def _load_limit(call: Call, n_cases: int, n_reviewers: int) -> int:
    current = review_settings(call)
    if current.max_load:
        return current.max_load
    if not n_reviewers:
        return 0
    total = n_cases * current.reviewers_per_application
    return -(-total // n_reviewers) + 1  # ceil(mean) + 1


def assignable_problem(
    case: ReviewCase, reviewer, *, load: int | None = None, limit: int | None = None
) -> str:
    """Why this reviewer cannot be assigned this case ("" if they can)."""
    if case.state not in (ReviewState.IN_REVIEW,):
        return _("Only applications in review can be assigned.")
    if not PoolMember.objects.filter(call_id=case.call_id, reviewer=reviewer).exists():
        return _("%(name)s is not in the reviewer pool of this call.") % {
            "name": reviewer.display_name
        }
    declaration = ConflictDeclaration.objects.filter(case=case, reviewer=reviewer).first()
    if declaration is None:
        return _("%(name)s has not yet declared conflicts for this application.") % {
            "name": reviewer.display_name
        }
    if declaration.conflicted:
        return _("%(name)s declared a conflict of interest.") % {"name": reviewer.display_name}
    automatic = automatic_conflicts(reviewer, [case])
    if automatic:
        return _("Conflict of interest: %(reason)s.") % {"reason": automatic[case.pk]}
    if load is not None and limit is not None and load >= limit:
        return _("%(name)s already has %(n)d applications (limit %(limit)d).") % {
            "name": reviewer.display_name,
            "n": load,
            "limit": limit,
        }
    return ""


def _active_load(call: Call, reviewer) -> int:
    return Assignment.objects.filter(
        case__call=call, reviewer=reviewer, removed_at__isnull=True
    ).count()


@transaction.atomic
def assignment_add(
    *, actor, case: ReviewCase, reviewer, source: str = AssignmentSource.MANUAL
) -> Assignment:
    permissions.can_manage_review(actor, case.call).enforce()
    case = _locked_case(case)
    if Assignment.objects.filter(case=case, reviewer=reviewer, removed_at__isnull=True).exists():
        _refuse(_("%(name)s is already assigned.") % {"name": reviewer.display_name}, "reviewer")
    n_cases = (
        ReviewCase.objects.filter(call=case.call)
        .exclude(
            state__in=[ReviewState.SUBMITTED, ReviewState.FORMAL_CHECK, ReviewState.INELIGIBLE]
        )
        .count()
    )
    limit = _load_limit(case.call, n_cases, PoolMember.objects.filter(call=case.call).count())
    problem = assignable_problem(
        case, reviewer, load=_active_load(case.call, reviewer), limit=limit
    )
    if problem:
        _refuse(problem, "reviewer")
    assignment = Assignment.objects.create(
        case=case, reviewer=reviewer, source=source, assigned_by=actor
    )
    _event(case.call, actor, "assign", _("%(name)s assigned to “%(title)s” (%(source)s)") % {
        "name": reviewer.display_name, "title": case.application.title, "source": assignment.get_source_display()}, case=case)  # fmt: skip
    return assignment


def _remove(assignment: Assignment, actor, reason: str) -> None:
    assignment.removed_at = timezone.now()
    assignment.removed_by = actor
    assignment.removed_reason = reason[:500]
    assignment.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    Review.objects.filter(
        case=assignment.case, reviewer=assignment.reviewer, status=ReviewStatus.DRAFT
    ).delete()
    _event(assignment.case.call, actor, "unassign", _("%(name)s unassigned from “%(title)s”: %(reason)s") % {
        "name": assignment.reviewer.display_name, "title": assignment.case.application.title, "reason": reason},
        case=assignment.case)  # fmt: skip


@transaction.atomic
def assignment_remove(*, actor, assignment: Assignment, reason: str) -> None:
    permissions.can_manage_review(actor, assignment.case.call).enforce()
    if not reason.strip():
        _refuse(_("Say why the reviewer is removed."), "reason")
    if assignment.removed_at is not None:
        return
    if Review.objects.filter(
        case=assignment.case, reviewer=assignment.reviewer, status=ReviewStatus.SUBMITTED
    ).exists():
        _refuse(_("The review is already submitted; reopen it instead."))
    _remove(assignment, actor, reason.strip())


@dataclass
class Proposal:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (case id, reviewer id)
    status: str = "optimal"
    reason: str = ""
    uncovered: dict[int, str] = field(default_factory=dict)  # case id → why
    solver: str = ""


def assignment_propose(*, call: Call) -> Proposal:
    """An exact, balanced assignment from the solver module for the office to confirm."""
    from . import solver_bridge

    try:
        return solver_bridge.propose_assignment(call)
    except solver_bridge.SolverUnavailable as error:
        return Proposal(status="unavailable", reason=str(error))


@transaction.atomic
def assignment_confirm(*, actor, call: Call, pairs: Sequence[tuple[int, int]]) -> list[Assignment]:
    """Apply a proposal pair by pair with the same checks as a manual assignment."""
    from stadtnetz.users.models import User

    permissions.can_manage_review(actor, call).enforce()
    cases = {
        c.pk: c
        for c in ReviewCase.objects.filter(call=call).select_related(
            "application__organisation", "call"
        )
    }
    users = {u.pk: u for u in User.objects.filter(pk__in={r for _c, r in pairs})}
    created = []
    for case_id, reviewer_id in pairs:
        if case_id not in cases or reviewer_id not in users:
            _refuse(_("The proposal names an unknown application or reviewer."))
        if Assignment.objects.filter(
            case_id=case_id, reviewer_id=reviewer_id, removed_at__isnull=True
        ).exists():
            continue
        created.append(assignment_add(actor=actor, case=cases[case_id], reviewer=users[reviewer_id],
                                      source=AssignmentSource.AUTOMATIC))  # fmt: skip
    return created


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
    scores = [r.weighted_score for r in submitted]
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


# --- selection runs --------------------------------------------------------------------------------

SIZE_CLASSES = ("grossstadt", "mittelstadt", "kleinstadt", "landkreis", "kooperation")


def _decimal(value, field: str, errors: dict) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        errors[field] = [_("Enter an amount in euros, e.g. 25000000.00.")]
        return None
    if not number.is_finite():
        errors[field] = [_("Enter an amount in euros, e.g. 25000000.00.")]
        return None
    return number


def _count(value, field: str, errors: dict) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not (
        isinstance(value, int) or (isinstance(value, str) and value.isdigit())
    ):
        errors[field] = [_("Enter a whole number of 0 or more.")]
        return None
    return int(value)


def selection_constraints_clean(
    raw: Mapping, *, candidate_ids: Iterable[int], states: Iterable[str]
) -> dict:
    """Check the jury's constraints; every problem is named at its field. Returns plain JSON."""
    errors: dict[str, list[str]] = {}
    known_ids = set(candidate_ids)
    known_states = set(states)
    budget = (
        _decimal(raw.get("budget"), "budget", errors)
        if raw.get("budget") not in (None, "")
        else None
    )
    if raw.get("budget") in (None, ""):
        errors["budget"] = [_("Set the total budget.")]
    elif budget is not None and budget < 0:
        errors["budget"] = [_("The budget cannot be negative.")]
    clean: dict = {"budget": str(budget) if budget is not None else None}
    for name in ("min_per_size_class", "max_per_size_class"):
        values = raw.get(name) or {}
        out = {}
        for key, value in values.items():
            if key not in SIZE_CLASSES:
                errors[f"{name}.{key}"] = [_("Unknown size class “%(key)s”.") % {"key": key}]
                continue
            count = _count(value, f"{name}.{key}", errors)
            if count is not None:
                out[key] = count
        clean[name] = out
    for key in set(clean["min_per_size_class"]) & set(clean["max_per_size_class"]):
        if clean["min_per_size_class"][key] > clean["max_per_size_class"][key]:
            errors[f"max_per_size_class.{key}"] = [_("The maximum is below the minimum.")]
    for name in ("max_per_state", "min_states"):
        value = _count(raw.get(name), name, errors)
        if value is not None:
            clean[name] = value
    if raw.get("min_score") not in (None, ""):
        score = _decimal(raw.get("min_score"), "min_score", errors)
        if score is not None and not (0 <= score <= SCALE_MAX):
            errors["min_score"] = [_("Enter a score from 0 to %(max)d.") % {"max": SCALE_MAX}]
        elif score is not None:
            clean["min_score"] = str(score)
    for code in raw.get("states") or []:
        if code not in known_states:
            errors["states"] = [_("Unknown state “%(code)s”.") % {"code": code}]
    pins = {}
    for key, pin in (raw.get("pins") or {}).items():
        try:
            application_id = int(key)
        except (TypeError, ValueError):
            application_id = None
        if application_id not in known_ids:
            errors[f"pins.{key}"] = [
                _("Application %(id)s is not among the candidates.") % {"id": key}
            ]
            continue
        kind = pin.get("pin") if isinstance(pin, Mapping) else pin
        reason = (pin.get("reason", "") if isinstance(pin, Mapping) else "").strip()
        if kind not in ("include", "exclude"):
            errors[f"pins.{key}"] = [_("A pin is “include” or “exclude”.")]
        elif not reason:
            errors[f"pins.{key}"] = [_("Give a reason for the pin.")]
        else:
            pins[str(application_id)] = {"pin": kind, "reason": reason[:500]}
    clean["pins"] = pins
    if errors:
        raise ReviewError(errors)
    return clean


def selection_candidates(call: Call) -> list[dict]:
    """Reviewed applications (not in reconciliation) as solver candidates."""
    from . import selectors

    candidates = []
    for row in selectors.ranking(call):
        if row.case.state not in (ReviewState.REVIEWED, *DECIDED) or row.mean is None:
            continue
        candidates.append({"id": row.case.application_id, "score": str(row.mean), "cost": str(row.requested_grant),
                           "size_class": row.size_class, "state": row.state_code,
                           "name": row.case.application.organisation.name})  # fmt: skip
    return candidates


def greedy_top(candidates: Sequence[dict], n: int) -> list[int]:
    ordered = sorted(candidates, key=lambda c: (-Decimal(c["score"]), c["id"]))
    return [c["id"] for c in ordered[:n]]


@transaction.atomic
def selection_run(*, actor, call: Call, constraints: Mapping) -> SelectionRun:
    """Run the exact optimiser on the reviewed applications and store the run (also when
    infeasible; a run is never a decision)."""
    from . import solver_bridge

    permissions.can_manage_review(actor, call).enforce()
    candidates = selection_candidates(call)
    if not candidates:
        _refuse(_("No reviewed applications to select from yet."))
    from stadtnetz.municipalities.models import State

    clean = selection_constraints_clean(constraints, candidate_ids=[c["id"] for c in candidates],
                                        states=State.objects.values_list("code", flat=True))  # fmt: skip
    try:
        result = solver_bridge.solve_selection(candidates, clean)
    except solver_bridge.SolverUnavailable as error:
        _refuse(str(error))
    greedy = result.details.pop("greedy_selected", None)
    greedy_objective = result.details.pop("greedy_objective", None)
    if greedy is None and result.status == "optimal":
        greedy = greedy_top(candidates, len(result.selected))
    scores = {c["id"]: Decimal(c["score"]) for c in candidates}
    run = SelectionRun.objects.create(
        call=call, actor=actor, constraints=clean, candidates=candidates, solver=result.solver,
        status=result.status, objective=result.objective, selected=sorted(result.selected), reason=result.reason,
        details=result.details, greedy_selected=greedy or [],
        greedy_objective=Decimal(greedy_objective) if greedy_objective else (
            sum((scores[i] for i in greedy), Decimal(0)) if greedy else None),
    )  # fmt: skip
    _event(
        call,
        actor,
        "selection_run",
        _("Selection run %(pk)d: %(status)s") % {"pk": run.pk, "status": run.status},
    )
    return run


# --- decisions -------------------------------------------------------------------------------------

PROJECT_CATEGORY = {"grossstadt": "grossstadt", "mittelstadt": "mittelstadt", "kleinstadt": "kleinstadt",
                    "landkreis": "landkreis", "kooperation": "kooperation"}  # fmt: skip


@transaction.atomic
def decision_record(
    *, actor, case: ReviewCase, outcome: str, reason: str, waiting_rank: int | None = None
) -> ReviewCase:
    """Record the jury's decision (selected / waiting list / rejected) with the reason for the
    applicant. Selected applications become model projects in ``projects``."""
    from stadtnetz.projects.services import model_project_create_for_selection

    from . import selectors

    permissions.can_manage_review(actor, case.call).enforce()
    case = _locked_case(case)
    action = workflow.DECISION_ACTIONS.get(outcome)
    errors: dict[str, list[str]] = {}
    if action is None:
        errors["outcome"] = [_("Choose selected, waiting list or rejected.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reason the applicant will read.")]
    elif len(reason) > 5000:
        errors["reason"] = [_("At most 5,000 characters (now %(n)d).") % {"n": len(reason)}]
    if outcome == "waiting_list" and not waiting_rank:
        errors["waiting_rank"] = [_("Give the place on the waiting list (1 is first).")]
    if errors:
        raise ReviewError(errors)
    if not workflow.allowed(case.state, action):
        _refuse(
            _("Only reviewed applications can be decided (this one is “%(state)s”).")
            % {"state": case.get_state_display()}
        )
    if (
        outcome == "waiting_list"
        and ReviewCase.objects.filter(
            call=case.call, state=ReviewState.WAITING_LIST, waiting_rank=waiting_rank
        )
        .exclude(pk=case.pk)
        .exists()
    ):
        _refuse(
            _("Place %(n)d on the waiting list is taken.") % {"n": waiting_rank}, "waiting_rank"
        )
    case.waiting_rank = waiting_rank if outcome == "waiting_list" else None
    case.decided_at = timezone.now()
    case.save(update_fields=["waiting_rank", "decided_at", "updated_at"])
    case_transition(case=case, action=action, actor=actor, reason=reason.strip())
    if outcome == "selected" and case.model_project_id is None:
        submission = selectors.valid_submissions([case]).get(case.application_id)
        category = PROJECT_CATEGORY.get(selectors.programme_size_class(submission), "")
        if not category:
            category = (
                "kooperation"
                if case.application.organisation.kind == "cooperation"
                else "kleinstadt"
            )
        project = model_project_create_for_selection(call=case.call, organisation=case.application.organisation,
                                                     name=case.application.title, category=category)  # fmt: skip
        case.model_project = project
        case.save(update_fields=["model_project", "updated_at"])
    transaction.on_commit(lambda: _mail_applicant(
        case, "reviews/email/decision.txt",
        _("Decision on your application “%(title)s”") % {"title": case.application.title},
    ))  # fmt: skip
    return case
