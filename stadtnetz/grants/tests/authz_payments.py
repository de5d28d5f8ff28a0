# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows of the grant app: payments (merged in authz.py; the world is built there).

``extend(world)`` adds three payment requests to the world's notice (parallel requests allowed):
no. 1 a draft, no. 2 submitted, no. 3 checked by the world's programme officer. The funded
organisation's members read, its editors and administrators write, the programme office acts;
everyone else gets 404. The release of no. 3 shows four eyes in the matrix: the programme officer
who checked it is refused (400), the staff member (a second person of the office) releases it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from stadtnetz.core.tests.matrix import ROLES

from .authz_common import GRANTEE_VIEWERS, GRANTEE_WRITERS, OFFICE, ensure, scoped

YEAR = dt.date.today().year
SOON = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
VISIBLE = OFFICE | GRANTEE_VIEWERS
NOT_WRITERS = VISIBLE - GRANTEE_WRITERS
GRANTEE_ONLY = GRANTEE_VIEWERS - GRANTEE_WRITERS


def _page(w):
    return {"slug": ensure(w).notice.project.slug}


def _draft(w):
    return {**_page(w), "number": ensure(w).payment_draft.number}


def _submitted(w):
    return {**_page(w), "number": ensure(w).payment_submitted.number}


def _checked(w):
    return {**_page(w), "number": ensure(w).payment_checked.number}


def _project(w):
    return {"project_id": ensure(w).notice.project_id}


def _api(builder, action=None):
    def kwargs(w):
        found = {"request_id": getattr(ensure(w), builder).pk}
        return found | ({"action": action} if action else {})

    return kwargs


BAD_BODY = {"phase": "A", "year": YEAR, "due_by": SOON, "amounts": {"personnel": "-1"}}

ROWS = {
    "grants:payment_list": ("get", _page, None, scoped(VISIBLE)),
    "grants:payment_new": ("get", _page, None, scoped(GRANTEE_WRITERS, NOT_WRITERS)),
    # An empty form: the page again with the errors at the fields (400).
    "grants:payment_new#post": ("post", _page, {}, scoped(GRANTEE_WRITERS, NOT_WRITERS, yes_outcome="bad")),
    "grants:payment_detail": ("get", _draft, None, scoped(VISIBLE)),
    "grants:payment_edit": ("get", _draft, None, scoped(GRANTEE_WRITERS, NOT_WRITERS)),
    "grants:payment_edit#post": ("post", _draft, {}, scoped(GRANTEE_WRITERS, NOT_WRITERS, yes_outcome="bad")),
    "grants:payment_submit": ("post", _draft, {}, scoped(GRANTEE_WRITERS, NOT_WRITERS, yes_outcome="go")),
    "grants:payment_withdraw": ("post", _draft, {}, scoped(GRANTEE_WRITERS, NOT_WRITERS, yes_outcome="go")),
    "grants:payment_check": ("post", _submitted, {}, scoped(OFFICE, GRANTEE_VIEWERS, yes_outcome="go")),
    "grants:payment_request_changes": ("post", _submitted, {"reason": "Beleg fehlt"},
                                       scoped(OFFICE, GRANTEE_VIEWERS, yes_outcome="go")),
    # Four eyes: no. 3 was checked by the programme officer; staff is the second person.
    "grants:payment_release": ("post", _checked, {},
                               scoped(OFFICE, GRANTEE_VIEWERS, yes_outcome="go") | {"programme_office": "bad"}),
    # Not released yet: paying is refused at the field (400).
    "grants:payment_pay": ("post", _submitted, {"paid_on": ""}, scoped(OFFICE, GRANTEE_VIEWERS, yes_outcome="bad")),
    # API (bearer token for every signed-in role).
    "api:list_payment_requests": ("get", _project, None, scoped(VISIBLE, anonymous="auth")),
    "api:create_payment_request": ("post_json", _project, BAD_BODY,
                                       scoped(GRANTEE_WRITERS, NOT_WRITERS, yes_outcome="bad", anonymous="auth")),
    "api:get_payment_request": ("get", _api("payment_draft"), None, scoped(VISIBLE, anonymous="auth")),
    # The request's path answers GET and PUT; POST there is 405 for everyone.
    "api:update_payment_request": ("post_json", _api("payment_draft"), {}, dict.fromkeys(ROLES, "method")),
    "api:update_payment_request#put": ("put_json", _api("payment_draft"), {**BAD_BODY, "version": 0},
                                    scoped(GRANTEE_WRITERS, NOT_WRITERS, yes_outcome="bad", anonymous="auth")),
    "api:payment_request_action": ("post_json", _api("payment_submitted", "check"), {},
                                   scoped(OFFICE, GRANTEE_VIEWERS, anonymous="auth")),
}  # fmt: skip


def extend(world) -> None:
    from ..services import payments

    if hasattr(world, "payment_draft"):
        return
    notice = world.notice
    notice.allow_parallel_payment_requests = True
    notice.save(update_fields=["allow_parallel_payment_requests"])
    editor = world.users["editor"]
    officer = world.users["programme_office"]
    due = timezone.localdate() + dt.timedelta(days=7)

    def draft(amount):
        return payments.payment_save(actor=editor, notice=notice, phase="A", year=YEAR,
                                     due_by=due, amounts={"personnel": amount})  # fmt: skip

    world.payment_draft = draft("1000")
    world.payment_submitted = payments.payment_submit(actor=editor, request=draft("2000"))
    checked = payments.payment_submit(actor=editor, request=draft("3000"))
    world.payment_checked = payments.payment_check(actor=officer, request=checked)
