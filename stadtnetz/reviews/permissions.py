# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Who may do what in review and selection. Pages, API and templates ask these.

* The programme office sees and manages everything of the calls' review.
* A reviewer sees a call's list of applications (names and organisations only) once invited to
  its pool, and an application's content only when assigned, not conflicted and declared.
* Applicants never see reviewer identities or individual reviews; only the decision letter.

Someone who may not learn that a thing exists gets a 404 (callers raise it on a denial that
``hides``); otherwise a 403 with the reason.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stadtnetz.core.permissions import (
    Decision,
    allow,
    deny,
    is_programme_office,
    is_reviewer,
    is_signed_in,
)
from stadtnetz.organisations.permissions import can_write_for

from .models import DECIDED, Assignment, ConflictDeclaration, PoolMember, Review, ReviewCase


def can_manage_review(user, call) -> Decision:
    if is_programme_office(user):
        return allow()
    return deny(_("Only the programme office runs the review of a call."))


def in_pool(user, call) -> bool:
    if not is_reviewer(user):
        return False
    cache = user.__dict__.setdefault("_review_pools", {})
    if call.pk not in cache:
        cache[call.pk] = PoolMember.objects.filter(call=call, reviewer=user).exists()
    return cache[call.pk]


def can_view_call_review(user, call) -> Decision:
    """The call's review overview: the office; reviewers of its pool see their own part."""
    if is_programme_office(user) or in_pool(user, call):
        return allow()
    return deny(_("Only the programme office and the call's reviewers see its review."))


def can_declare(user, case: ReviewCase) -> Decision:
    if in_pool(user, case.call):
        return allow()
    return deny(_("Only reviewers of this call declare conflicts."))


def is_assigned(user, case: ReviewCase) -> bool:
    if not is_signed_in(user):
        return False
    return Assignment.objects.filter(case=case, reviewer=user, removed_at__isnull=True).exists()


def can_view_case_content(user, case: ReviewCase) -> Decision:
    """Application content: the office; assigned reviewers who declared no conflict."""
    if is_programme_office(user):
        return allow()
    if in_pool(user, case.call) and is_assigned(user, case):
        declared = ConflictDeclaration.objects.filter(
            case=case, reviewer=user, conflicted=False
        ).exists()
        if declared:
            return allow()
    return deny(_("This application is not visible to you."))


def can_write_review(user, review: Review) -> Decision:
    """Only the reviewer, while assigned and not conflicted, and before the decision."""
    if review.reviewer_id != getattr(user, "pk", None) or not can_view_case_content(
        user, review.case
    ):
        return deny(_("This review is not visible to you."))
    if review.case.state in DECIDED:
        return deny(_("This application has been decided."))
    return allow()


def can_view_review(user, review: Review) -> Decision:
    """The office; the author; other assigned reviewers of the case after submitting their own."""
    if is_programme_office(user):
        return allow()
    if review.reviewer_id == getattr(user, "pk", None) and can_view_case_content(user, review.case):
        return allow()
    if can_view_case_content(user, review.case):
        own_submitted = Review.objects.filter(
            case=review.case, reviewer=user, status="submitted"
        ).exists()
        if own_submitted and review.is_submitted:
            return allow()
        return deny(_("Other reviews are shown once your own review is submitted."))
    return deny(_("This review is not visible to you."))


def can_take_part_in_reconciliation(user, case: ReviewCase) -> Decision:
    if is_programme_office(user) or can_view_case_content(user, case):
        return allow()
    return deny(_("Only the application's reviewers and the programme office take part."))


def can_view_decision_letter(user, case: ReviewCase) -> Decision:
    if case.state not in DECIDED:
        return deny(_("No decision has been recorded yet."))
    if is_programme_office(user) or can_write_for(user, case.application.organisation):
        return allow()
    return deny(_("Only the applicant's editors see the decision letter."))


def can_view_statistics(user, call) -> Decision:
    """Public once every reviewed application of the call is decided."""
    if (
        call.review_cases.exists()
        and not call.review_cases.exclude(state__in=[*DECIDED, "ineligible"]).exists()
    ):
        return allow()
    if is_programme_office(user):
        return allow(_("Not yet public: only the programme office sees these figures."))
    return deny(_("The statistics are published after the decision."))


def can_view_applicant_case(user, case: ReviewCase) -> Decision:
    """The applicant's page of a case (requested documents, decision): the applicant's editors;
    the office sees it as the applicant does."""
    if is_programme_office(user) or can_write_for(user, case.application.organisation):
        return allow()
    return deny(_("Only the applicant's editors see this page."))


def can_upload_late_document(user, case: ReviewCase) -> Decision:
    """Only the applicant's editors upload requested documents (not the office, not reviewers)."""
    if can_write_for(user, case.application.organisation):
        return allow()
    return deny(_("Only editors of the applicant organisation upload its documents."))


def can_view_shared_comments(user, case: ReviewCase) -> Decision:
    """Anonymised review comments: only after the decision, only if the call shares them, only
    for the applicant's editors (and the office, which sees everything anyway)."""
    if case.state not in DECIDED:
        return deny(_("Review comments are shared after the decision."))
    settings = getattr(case.call, "review_settings", None)
    if settings is None or not settings.share_anonymised_comments:
        return deny(_("This call does not share review comments with applicants."))
    if is_programme_office(user) or can_write_for(user, case.application.organisation):
        return allow()
    return deny(_("Only the applicant's editors see the review comments."))
