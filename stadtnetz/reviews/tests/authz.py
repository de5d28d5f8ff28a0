# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows for review and selection.

The world has a closed call with two cases: the municipality's own application (reviewed by the
reviewer and selected) and a second one in review with the reviewer's draft. Only the programme
office (and staff) run the review; the reviewer sees the call's list, the case assigned to them
and their own review; the applicant's editors see the decision letter; everyone else gets a 404
(the review's existence stays hidden). A URL that accepts GET and POST has a row for each: the
POST rows are keyed "name#post" (test_authz_methods.py fails when a reviews view or API
operation accepts a method without a row).
"""

from __future__ import annotations

from stadtnetz.core.tests.matrix import ROLES

OFFICE = {"programme_office", "staff"}


def _scoped(yes: set[str], visible: set[str] = frozenset(), yes_outcome="ok", anonymous="login"):
    """yes → yes_outcome, visible but not allowed → 403, not visible → 404."""
    return {
        role: yes_outcome if role in yes else "no" if role in visible else "gone" for role in ROLES
    } | {"anonymous": anonymous}


def _all_method():
    return dict.fromkeys(ROLES, "method")


def _call(w):
    return {"call_pk": ensure(w).review_call.pk}


def _open_case(w):
    return {"case_pk": ensure(w).open_case.pk}


def _decided(w):
    return {"case_pk": ensure(w).decided_case.pk}


ROWS = {
    # The pure solver: programme office only; nothing is stored, so every row may run it.
    "api:solve_selection": ("post_json", None, {"candidates": [], "constraints": {"budget": "0"}},
                            {**_scoped(OFFICE, {"member", "editor", "org_admin", "consultant", "other_editor", "reviewer"}), "anonymous": "auth"}),
    "reviews:call_review": ("get", _call, None, _scoped(OFFICE | {"reviewer"})),
    "reviews:pool": ("get", _call, None, _scoped(OFFICE)),
    "reviews:review_settings": ("get", _call, None, _scoped(OFFICE)),
    "reviews:assignment": ("get", _call, None, _scoped(OFFICE)),
    "reviews:ranking": ("get", _call, None, _scoped(OFFICE)),
    "reviews:selection": ("get", _call, None, _scoped(OFFICE)),
    "reviews:selection_run": ("get", lambda w: {**_call(w), "run_pk": w.run.pk}, None, _scoped(OFFICE)),
    "reviews:protocol": ("get", _call, None, _scoped(OFFICE)),
    # Not yet public (one case is still in review): only the office; 404 for everyone else.
    "reviews:statistics": ("get", _call, None, _scoped(OFFICE, anonymous="gone")),
    "reviews:statistics_csv": ("get", _call, None, _scoped(OFFICE, anonymous="gone")),
    "reviews:statistics_json": ("get", _call, None, _scoped(OFFICE, anonymous="gone")),
    "reviews:case_detail": ("get", _open_case, None, _scoped(OFFICE | {"reviewer"})),
    "reviews:formal_check": ("get", _open_case, None, _scoped(OFFICE)),
    "reviews:declare": ("post", _open_case, {"conflicted": "no"}, _scoped({"reviewer"}, yes_outcome="go")),
    "reviews:review_start": ("post", _open_case, {}, _scoped({"reviewer"}, yes_outcome="go")),
    "reviews:reconciliation_message": ("post", _open_case, {"text": "Hallo"}, _scoped(OFFICE | {"reviewer"}, yes_outcome="go")),
    "reviews:reconciliation_resolve": ("post", _open_case, {"outcome": "confirmed", "reason": "x"},
                                       _scoped(OFFICE, {"reviewer"}, yes_outcome="go")),
    "reviews:decision": ("get", _decided, None, _scoped(OFFICE)),
    # The applicant's page of its case and the late-document window. The decided case belongs to
    # the matrix organisation: its editors and admins see the page; an upload to a decided case
    # is refused at the field (400); the office may look but never uploads for the applicant.
    "reviews:applicant_case": ("get", _decided, None, _scoped(OFFICE | {"editor", "org_admin"})),
    "reviews:late_document_upload": ("post", lambda w: {**_decided(w), "document_pk": w.missing_document.pk}, {},
                                     _scoped({"editor", "org_admin"}, OFFICE, yes_outcome="bad")),
    "reviews:late_documents_request": ("post", _open_case, {"names": "Ratsbeschluss"},
                                       _scoped(OFFICE, yes_outcome="bad")),
    "reviews:decision_letter": ("get", _decided, None, _scoped(OFFICE | {"editor", "org_admin"})),
    "reviews:review_edit": ("get", lambda w: {"review_pk": ensure(w).review_draft.pk}, None, _scoped(OFFICE | {"reviewer"})),
    "reviews:review_reopen": ("post", lambda w: {"review_pk": ensure(w).submitted_review.pk}, {"reason": "x"},
                              _scoped(OFFICE, {"reviewer"}, yes_outcome="go")),
    # The POST of the pages that also answer GET. Empty or incomplete forms: the office gets the
    # page again with the errors (400) or, where nothing is missing, is sent on (302).
    "reviews:call_review#post": ("post", _call, {}, _scoped(OFFICE, {"reviewer"}, yes_outcome="go")),
    "reviews:review_settings#post": ("post", _call, {}, _scoped(OFFICE, yes_outcome="bad")),
    "reviews:pool#post": ("post", _call, {"expertise": ""}, _scoped(OFFICE, yes_outcome="bad")),
    "reviews:assignment#post": ("post", _call, {}, _scoped(OFFICE, yes_outcome="bad")),
    "reviews:selection#post": ("post", _call, {}, _scoped(OFFICE, yes_outcome="bad")),
    "reviews:formal_check#post": ("post", _open_case, {}, _scoped(OFFICE, yes_outcome="bad")),
    "reviews:decision#post": ("post", _decided, {"reason": ""}, _scoped(OFFICE, yes_outcome="bad")),
    "reviews:review_edit#post": ("post", lambda w: {"review_pk": ensure(w).review_draft.pk}, {},
                                 _scoped({"reviewer"}, OFFICE, yes_outcome="go")),
    # API (bearer token for every signed-in role). PUT rows: the matrix client has no PUT; these
    # rows check the paths answer other methods with 405; PUT is tested in test_api.py.
    "api:review_state": ("get", lambda w: {"call_id": ensure(w).review_call.pk}, None,
                         _scoped(OFFICE | {"reviewer"}, anonymous="auth")),
    "api:declare_conflict": ("post_json", lambda w: {"application_id": ensure(w).open_case.application_id}, {},
                             _all_method()),
    "api:declare_conflict#put": ("put_json", lambda w: {"application_id": ensure(w).open_case.application_id},
                                 {"conflicted": False}, _scoped({"reviewer"}, anonymous="auth")),
    "api:propose_assignment": ("post_json", lambda w: {"call_id": ensure(w).review_call.pk}, {},
                               _scoped(OFFICE, anonymous="auth")),
    "api:add_assignment": ("post_json", lambda w: {"call_id": ensure(w).review_call.pk},
                           {"application_id": 0, "reviewer_id": 0}, _scoped(OFFICE, yes_outcome="bad", anonymous="auth")),
    "api:get_review": ("get", lambda w: {"review_id": ensure(w).review_draft.pk}, None,
                       _scoped(OFFICE | {"reviewer"}, anonymous="auth")),
    "api:put_review": ("post_json", lambda w: {"review_id": ensure(w).review_draft.pk}, {}, _all_method()),
    # PUT the draft: only its reviewer (an empty body changes nothing and answers 200); for
    # everyone else, the office included, the draft does not exist (404).
    "api:put_review#put": ("put_json", lambda w: {"review_id": ensure(w).review_draft.pk}, {},
                           _scoped({"reviewer"}, anonymous="auth")),
    "api:submit_review": ("post_json", lambda w: {"review_id": ensure(w).review_draft.pk}, {},
                          _scoped({"reviewer"}, yes_outcome="bad", anonymous="auth")),
    "api:ranking": ("get", lambda w: {"call_id": ensure(w).review_call.pk}, None, _scoped(OFFICE, anonymous="auth")),
    "api:create_selection_run": ("post_json", lambda w: {"call_id": ensure(w).review_call.pk}, {"budget": "-1"},
                                 _scoped(OFFICE, yes_outcome="bad", anonymous="auth")),
}  # fmt: skip


def ensure(world):
    if not hasattr(world, "review_call"):
        extend_world(world)
    return world


def extend_world(world) -> None:
    from stadtnetz.reviews import services
    from stadtnetz.reviews.models import MissingDocument, ReviewCase, SelectionRun

    from .factories import closed_call, organisation_for, submitted

    if hasattr(world, "review_call"):
        return
    office = world.users["programme_office"]
    reviewer = world.users["reviewer"]
    call = closed_call(title="Auswahlaufruf")
    own = submitted(call, world.org, title="Klingenstadt vernetzt")
    other = submitted(call, organisation_for("09162000"), title="München digital")
    services.review_open(actor=office, call=call)
    current = services.review_settings(call)
    current.reviewers_per_application = 1
    current.save()
    services.pool_invite(actor=office, call=call, reviewer=reviewer)
    cases = {}
    for application in (own, other):
        case = ReviewCase.objects.select_related("application__organisation", "call").get(
            application=application
        )
        items = [services.ItemResult(i.pk, True) for i in call.checklist_items.all()]
        services.formal_check_record(actor=office, case=case, results=items)
        services.conflict_declare(actor=reviewer, case=case, conflicted=False)
        services.assignment_add(actor=office, case=case, reviewer=reviewer)
        cases[application.pk] = case
    review = services.review_get_or_create(reviewer=reviewer, case=cases[own.pk])
    services.review_save(actor=reviewer, review=review, comments={}, recommendation="fund",
                         scores={item["key"]: "4" for item in services.review_items(call)})  # fmt: skip
    world.submitted_review = services.review_submit(actor=reviewer, review=review)
    world.decided_case = services.decision_record(actor=office, case=cases[own.pk], outcome="selected",
                                                  reason="Überzeugend")  # fmt: skip
    world.missing_document = MissingDocument.objects.create(case=world.decided_case, name="Ratsbeschluss",
                                                            requested_by=office)  # fmt: skip
    world.open_case = cases[other.pk]
    world.review_draft = services.review_get_or_create(reviewer=reviewer, case=world.open_case)
    world.run = SelectionRun.objects.create(call=call, actor=office, constraints={"budget": "1"}, candidates=[],
                                            solver="test", status="infeasible", reason="test")  # fmt: skip
    world.review_call = call
