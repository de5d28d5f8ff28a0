# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The review thread through its services: formal check, pool, conflicts, assignment, reviews,
reconciliation, decision and model project; and the hostile inputs of issue 11."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from stadtnetz.organisations.models import Membership, Role
from stadtnetz.reviews import scoring, services, workflow
from stadtnetz.reviews.models import (
    Assignment,
    AuditEvent,
    ReviewCase,
    ReviewState,
    ReviewStatus,
    Transition,
)

from .conftest import full_scores, pass_all
from .factories import organisation_for

pytestmark = pytest.mark.django_db


def _ready(call, office, reviewers, *, n=2):
    """Every case passed, reviewers invited and declared no conflict."""
    cases = list(
        ReviewCase.objects.filter(call=call).select_related("application__organisation", "call")
    )
    for case in cases:
        pass_all(office, case)
    for reviewer in reviewers[:n]:
        services.pool_invite(actor=office, call=call, reviewer=reviewer)
        for case in cases:
            services.conflict_declare(actor=reviewer, case=case, conflicted=False)
    return cases


def test_review_open_is_idempotent_and_needs_the_deadline(call, applications, office):
    assert len(services.review_open(actor=office, call=call)) == 4
    assert len(services.review_open(actor=office, call=call)) == 4
    assert call.checklist_items.count() == 5
    from stadtnetz.programmes.tests.factories import make_call

    with pytest.raises(services.ReviewError, match="after the deadline"):
        services.review_open(actor=office, call=make_call())


def test_formal_check_failure_makes_ineligible_with_reason_and_mail(
    opened, office, applicant_editor, django_capture_on_commit_callbacks
):
    case = ReviewCase.objects.get(application__organisation__municipality__ags="05122000")
    items = list(opened.checklist_items.all())
    results = [services.ItemResult(i.pk, True) for i in items[1:]] + [
        services.ItemResult(items[0].pk, False, "")
    ]
    with pytest.raises(services.ReviewError) as error:
        services.formal_check_record(actor=office, case=case, results=results)
    assert f"note_{items[0].pk}" in error.value.message_dict
    case.refresh_from_db()
    assert (
        case.state == ReviewState.SUBMITTED and not case.formal_checks.exists()
    )  # nothing half-saved
    results[-1] = services.ItemResult(items[0].pk, False, "Ratsbeschluss fehlt")
    with django_capture_on_commit_callbacks(execute=True):
        services.formal_check_record(actor=office, case=case, results=results)
    case.refresh_from_db()
    assert case.state == ReviewState.INELIGIBLE and "Ratsbeschluss fehlt" in case.state_reason
    assert [t.to_state for t in case.transitions.all()] == ["formal_check", "ineligible"]
    assert all(t.actor == office for t in Transition.objects.filter(case=case))
    assert (
        mail.outbox[-1].to == [applicant_editor.email]
        and "Ratsbeschluss fehlt" in mail.outbox[-1].body
    )


def test_only_office_checks(opened, reviewers):
    case = ReviewCase.objects.first()
    with pytest.raises(PermissionDenied):
        pass_all(reviewers[0], case)


def test_automatic_conflicts_membership_municipality_county(opened, office, reviewers, registry):
    case_solingen = ReviewCase.objects.get(application__organisation__municipality__ags="05122000")
    reviewer = reviewers[0]
    Membership.objects.create(
        user=reviewer, organisation=case_solingen.application.organisation, role=Role.MEMBER
    )
    cases = list(ReviewCase.objects.select_related("application__organisation"))
    found = services.automatic_conflicts(reviewer, cases)
    assert found == {case_solingen.pk: "member of the applicant organisation"}
    # Same county: a reviewer working for another municipality in the county of Munich's neighbour.
    munich = ReviewCase.objects.get(application__organisation__municipality__ags="09162000")
    other = reviewers[1]
    from stadtnetz.municipalities.models import Municipality

    neighbour = Municipality.objects.filter(county__key="09184").first()  # Landkreis München
    if neighbour is not None:
        Membership.objects.create(
            user=other, organisation=organisation_for(neighbour.ags), role=Role.MEMBER
        )
        assert munich.pk not in services.automatic_conflicts(other, cases)  # different county key
    Membership.objects.create(
        user=other, organisation=munich.application.organisation, role=Role.EDITOR
    )
    assert services.automatic_conflicts(other, cases)[munich.pk]


def test_assignment_refuses_conflicts_and_undeclared(opened, office, reviewers):
    case = ReviewCase.objects.first()
    pass_all(office, case)
    reviewer = reviewers[0]
    with pytest.raises(services.ReviewError, match="not in the reviewer pool"):
        services.assignment_add(actor=office, case=case, reviewer=reviewer)
    services.pool_invite(actor=office, call=opened, reviewer=reviewer)
    with pytest.raises(services.ReviewError, match="not yet declared"):
        services.assignment_add(actor=office, case=case, reviewer=reviewer)
    services.conflict_declare(
        actor=reviewer, case=case, conflicted=True, note="Früherer Arbeitgeber"
    )
    with pytest.raises(services.ReviewError, match="declared a conflict"):
        services.assignment_add(actor=office, case=case, reviewer=reviewer)
    assert not Assignment.objects.exists()
    Membership.objects.create(
        user=reviewer, organisation=case.application.organisation, role=Role.MEMBER
    )
    services.conflict_declare(actor=reviewer, case=case, conflicted=False)
    with pytest.raises(services.ReviewError, match="Conflict of interest: member"):
        services.assignment_add(actor=office, case=case, reviewer=reviewer)


def test_declaring_a_conflict_after_assignment_unassigns(opened, office, reviewers):
    cases = _ready(opened, office, reviewers)
    assignment = services.assignment_add(actor=office, case=cases[0], reviewer=reviewers[0])
    result = services.conflict_declare(actor=reviewers[0], case=cases[0], conflicted=True)
    assert result.unassigned
    assignment.refresh_from_db()
    assert assignment.removed_at and "conflict" in assignment.removed_reason
    assert AuditEvent.objects.filter(kind="unassign").exists()


def test_non_reviewer_cannot_be_invited(opened, office, make_user):
    with pytest.raises(services.ReviewError, match="reviewer role"):
        services.pool_invite(actor=office, call=opened, reviewer=make_user("plain"))


def test_load_limit_refuses(opened, office, reviewers):
    cases = _ready(opened, office, reviewers)
    settings = services.review_settings(opened)
    settings.max_load = 1
    settings.save()
    services.assignment_add(actor=office, case=cases[0], reviewer=reviewers[0])
    with pytest.raises(services.ReviewError, match="limit 1"):
        services.assignment_add(actor=office, case=cases[1], reviewer=reviewers[0])


def test_weighted_score_excludes_not_applicable():
    # group 1 (weight 40): 5; group 2 (weight 60): 4 and n/a → 4; (40·5 + 60·4)/100 = 4.40
    assert scoring.weighted_score(
        [(1, Decimal(40), 5), (2, Decimal(60), 4), (2, Decimal(60), None)]
    ) == Decimal("4.40")
    # counting n/a as 0 would give 40·5 + 60·2 = 3.20: never
    assert scoring.weighted_score([(2, Decimal(60), None)]) is None
    assert scoring.mean([Decimal("4.40"), Decimal("3.35")]) == Decimal("3.88")  # 3.875 half up
    assert scoring.spread([Decimal("4.40"), Decimal("1.00")]) == Decimal("3.40")


def test_review_thread_reconciliation_decision_model_project(
    opened, office, reviewers, django_capture_on_commit_callbacks
):
    cases = _ready(opened, office, reviewers)
    case = cases[0]
    for reviewer in reviewers[:2]:
        services.assignment_add(actor=office, case=case, reviewer=reviewer)
    r1 = services.review_get_or_create(reviewer=reviewers[0], case=case)
    r2 = services.review_get_or_create(reviewer=reviewers[1], case=case)
    services.review_save(actor=reviewers[0], review=r1, scores=full_scores(opened, "5"), comments={},
                         recommendation="fund", summary="Stark")  # fmt: skip
    high = services.review_submit(actor=reviewers[0], review=r1)
    assert high.weighted_score == Decimal("5.00")
    assert (
        services.review_submit(actor=reviewers[0], review=r1).submitted_at == high.submitted_at
    )  # idempotent
    with pytest.raises(services.ReviewError, match="frozen"):
        services.review_save(actor=reviewers[0], review=r1, scores={}, comments={})
    services.review_save(actor=reviewers[1], review=r2, scores=full_scores(opened, "1"), comments={},
                         recommendation="no", summary="Schwach")  # fmt: skip
    services.review_submit(actor=reviewers[1], review=r2)
    case.refresh_from_db()
    assert case.state == ReviewState.RECONCILIATION
    reconciliation = case.reconciliations.get()
    assert (
        "4.00 points" in reconciliation.trigger
        and "recommendations disagree" in reconciliation.trigger
    )
    services.reconciliation_message_add(
        actor=reviewers[1], reconciliation=reconciliation, text="Ich bleibe dabei."
    )
    with pytest.raises(services.ReviewError, match="reason"):
        services.reconciliation_resolve(
            actor=office, reconciliation=reconciliation, outcome="confirmed", reason=" "
        )
    services.reconciliation_resolve(
        actor=office, reconciliation=reconciliation, outcome="confirmed", reason="Begründet"
    )
    case.refresh_from_db()
    assert case.state == ReviewState.REVIEWED
    # Reopen keeps history.
    services.review_reopen(actor=office, review=r2, reason="Tippfehler")
    r2.refresh_from_db()
    assert (
        r2.status == ReviewStatus.DRAFT and r2.revisions.get().snapshot["weighted_score"] == "1.00"
    )
    case.refresh_from_db()
    assert case.state == ReviewState.IN_REVIEW
    services.review_save(actor=reviewers[1], review=r2, scores=full_scores(opened, "4"), comments={},
                         recommendation="fund", summary="Doch gut")  # fmt: skip
    services.review_submit(actor=reviewers[1], review=r2)
    case.refresh_from_db()
    assert case.state == ReviewState.REVIEWED  # 5.00 vs 4.00, same recommendation: no new flag
    with pytest.raises(services.ReviewError) as error:
        services.decision_record(actor=office, case=case, outcome="selected", reason="")
    assert "reason" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_record(
            actor=office, case=case, outcome="selected", reason="Überzeugendes Konzept"
        )
    case.refresh_from_db()
    assert case.state == ReviewState.SELECTED
    project = case.model_project
    assert project.call == opened and project.organisation == case.application.organisation
    assert project.category == "grossstadt"
    assert "Decision on your application" in mail.outbox[-1].subject
    with pytest.raises(services.ReviewError):
        services.review_reopen(actor=office, review=r2, reason="zu spät")


def test_review_input_refused_at_the_field(opened, office, reviewers):
    cases = _ready(opened, office, reviewers)
    services.assignment_add(actor=office, case=cases[0], reviewer=reviewers[0])
    review = services.review_get_or_create(reviewer=reviewers[0], case=cases[0])
    keys = [item["key"] for item in services.review_items(opened)]
    for bad in ("6", "-1", "abc", "2.5", True):
        with pytest.raises(services.ReviewError) as error:
            services.review_save(
                actor=reviewers[0], review=review, scores={keys[0]: bad}, comments={}
            )
        assert f"score_{keys[0]}" in error.value.message_dict
    with pytest.raises(services.ReviewError, match="not applicable"):
        services.review_save(actor=reviewers[0], review=review, scores={keys[0]: "na"}, comments={})
    with pytest.raises(services.ReviewError) as error:
        services.review_save(
            actor=reviewers[0], review=review, scores={keys[0]: "3"}, comments={keys[0]: "x" * 2001}
        )
    assert f"comment_{keys[0]}" in error.value.message_dict
    assert not review.scores.exists()  # nothing half-saved
    services.review_save(actor=reviewers[0], review=review, scores={keys[0]: "3"}, comments={})
    with pytest.raises(services.ReviewError) as error:
        services.review_submit(actor=reviewers[0], review=review)
    assert set(error.value.message_dict) == {
        f"score_{keys[1]}",
        f"score_{keys[2]}",
        "recommendation",
    }
    # Another reviewer (not assigned) cannot write it.
    with pytest.raises(PermissionDenied):
        services.review_save(actor=reviewers[1], review=review, scores={}, comments={})


def test_not_applicable_allowed_where_the_criterion_says_so(opened, office, reviewers):
    cases = _ready(opened, office, reviewers)
    services.assignment_add(actor=office, case=cases[0], reviewer=reviewers[0])
    review = services.review_get_or_create(reviewer=reviewers[0], case=cases[0])
    items = services.review_items(opened)
    scores = {item["key"]: ("na" if item["allows_na"] else "4") for item in items}
    services.review_save(
        actor=reviewers[0], review=review, scores=scores, comments={}, recommendation="fund"
    )
    review = services.review_submit(actor=reviewers[0], review=review)
    assert review.weighted_score == Decimal("4.00")


def test_workflow_table_has_no_dead_ends():
    for state in ReviewState.values:
        if state not in ("selected", "waiting_list", "rejected"):
            assert workflow.actions(state), state


def _reviewed_all(call, office, reviewers, values):
    cases = _ready(call, office, reviewers, n=1)
    services.review_settings(call).__class__.objects.filter(call=call).update(
        reviewers_per_application=1
    )
    for case, value in zip(cases, values, strict=True):
        services.assignment_add(actor=office, case=case, reviewer=reviewers[0])
        review = services.review_get_or_create(reviewer=reviewers[0], case=case)
        services.review_save(actor=reviewers[0], review=review, comments={}, recommendation="fund",
                             scores=full_scores(call, str(value)))  # fmt: skip
        services.review_submit(actor=reviewers[0], review=review)
    return cases


def test_selection_run_optimal_pins_and_infeasible(opened, office, reviewers):
    from stadtnetz.reviews.models import SelectionRun

    cases = _reviewed_all(opened, office, reviewers, [5, 4, 3, 2])
    # Each requests 1,000,000 EUR; budget for two.
    run = services.selection_run(actor=office, call=opened, constraints={"budget": "2000000.00"})
    assert run.status == "optimal" and run.objective == Decimal("9.00")
    assert sorted(run.selected) == sorted([cases[0].application_id, cases[1].application_id])
    assert run.greedy_selected and run.solver
    pinned = services.selection_run(
        actor=office,
        call=opened,
        constraints={
            "budget": "2000000.00",
            "pins": {str(cases[3].application_id): {"pin": "include", "reason": "Region"}},
        },
    )
    assert cases[3].application_id in pinned.selected and pinned.objective == Decimal("7.00")
    infeasible = services.selection_run(
        actor=office,
        call=opened,
        constraints={"budget": "1000000.00", "min_per_size_class": {"grossstadt": 3}},
    )
    assert infeasible.status == "infeasible" and infeasible.reason
    assert SelectionRun.objects.count() == 3
    assert not ReviewCase.objects.filter(
        state__in=["selected", "waiting_list", "rejected"]
    ).exists()


def test_assignment_proposal_respects_conflicts_and_is_confirmed(opened, office, reviewers):
    cases = _ready(opened, office, reviewers, n=3)
    services.conflict_declare(actor=reviewers[0], case=cases[0], conflicted=True)
    proposal = services.assignment_propose(call=opened)
    assert proposal.status == "optimal", proposal.reason
    assert (cases[0].pk, reviewers[0].pk) not in proposal.pairs
    assert len(proposal.pairs) == len(cases) * 2
    created = services.assignment_confirm(actor=office, call=opened, pairs=proposal.pairs)
    assert len(created) == 8 and all(
        a.source == "automatic" and a.assigned_by == office for a in created
    )
    loads = [
        Assignment.objects.filter(reviewer=r, removed_at__isnull=True).count()
        for r in reviewers[:3]
    ]
    assert max(loads) - min(loads) <= 1
    # Only two reviewers without conflict for a case that needs three: not coverable, said why.
    services.review_settings(opened).__class__.objects.filter(call=opened).update(
        reviewers_per_application=3
    )
    services.conflict_declare(actor=reviewers[1], case=cases[1], conflicted=True)
    proposal = services.assignment_propose(call=opened)
    assert proposal.status == "infeasible" and cases[1].pk in proposal.uncovered
