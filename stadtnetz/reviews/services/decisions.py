# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The jury's decision per application; selected applications become model projects."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.municipalities.models import PlaceCategory
from stadtnetz.organisations.selectors import place_category

from .. import permissions, workflow
from ..models import (
    ReviewCase,
    ReviewState,
)
from .common import (
    ReviewError,
    _locked_case,
    _mail_applicant,
    _refuse,
    case_transition,
)

# --- decisions -------------------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *, actor, case: ReviewCase, outcome: str, reason: str, waiting_rank: int | None = None
) -> ReviewCase:
    """Record the jury's decision (selected / waiting list / rejected) with the reason for the
    applicant. Selected applications become model projects in ``projects``."""
    from stadtnetz.projects.services import model_project_create_for_selection

    from .. import selectors

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
    if errors or action is None:
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
        category = selectors.programme_size_class(submission)
        if not category:  # no stored category: the organisation's, else a small town
            place = place_category(case.application.organisation)
            category = (place.programme if place else PlaceCategory.SMALL_TOWN).value
        project = model_project_create_for_selection(call=case.call, organisation=case.application.organisation,
                                                     name=case.application.title, category=category)  # fmt: skip
        case.model_project = project
        case.save(update_fields=["model_project", "updated_at"])
    transaction.on_commit(lambda: _mail_applicant(
        case, "reviews/email/decision.txt",
        _("Decision on your application “%(title)s”") % {"title": case.application.title},
    ))  # fmt: skip
    return case
