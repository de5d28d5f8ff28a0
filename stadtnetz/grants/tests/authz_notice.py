# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows of the grant app: notice, strategy, work plan (merged in authz.py; the
world is built in authz_common.py, ``extend`` adds this area's objects).

The grant and everything below it is seen by the programme office and the funded organisation's
members (member, editor, admin); everyone else gets a 404 (the grant's existence stays hidden).
Writing for the grantee (strategy upload, milestones) is for its editors and admins: members and
the office see the page but get 403. Issuing the notice and deciding the strategy is the office's;
the grantee gets 403 where it sees the grant. Empty forms answer 400 (nothing is saved)."""

from __future__ import annotations

import datetime as dt

from .authz_common import GRANTEE_VIEWERS, GRANTEE_WRITERS, OFFICE, ensure, scoped

VIEWERS = OFFICE | GRANTEE_VIEWERS
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def extend(world) -> None:
    from stadtnetz.grants.services.strategy import strategy_upload
    from stadtnetz.projects.models import Measure

    from .factories import selected_case

    world.notice_case = selected_case(organisation=world.org, title="Klingenstadt smart")
    world.strategy = strategy_upload(actor=world.users["editor"], notice=world.notice,
                                     name="Strategie.pdf", data=PDF)  # fmt: skip
    measure = Measure.objects.create(project=world.notice.project, title="Datenplattform",
                                     description="x", status="planned")  # fmt: skip
    from stadtnetz.grants.models import Milestone

    world.milestone = Milestone.objects.create(measure=measure, title="Ausschreibung",
                                               due_on=world.notice.period_start + dt.timedelta(days=30))  # fmt: skip


def _slug(w):
    return {"slug": ensure(w).notice.project.slug}


def _case(w):
    return {"case_pk": ensure(w).notice_case.pk}


def _strategy(w):
    return {**_slug(w), "pk": ensure(w).strategy.pk}


def _milestone(w):
    return {**_slug(w), "pk": ensure(w).milestone.pk}


def _project(w):
    return {"project_id": ensure(w).notice.project_id}


def _api_milestone(w):
    return {**_project(w), "milestone_id": ensure(w).milestone.pk}


ROWS = {
    "grants:notice_create": ("get", _case, None, scoped(OFFICE)),
    "grants:notice_create#post": ("post", _case, {}, scoped(OFFICE, yes_outcome="bad")),
    "grants:grant": ("get", _slug, None, scoped(VIEWERS)),
    "grants:notice_pdf": ("get", _slug, None, scoped(VIEWERS)),
    "grants:plan_version": ("get", lambda w: {**_slug(w), "number": 1}, None, scoped(VIEWERS)),
    "grants:strategy": ("get", _slug, None, scoped(VIEWERS)),
    "grants:strategy#post": ("post", _slug, {}, scoped(GRANTEE_WRITERS, VIEWERS, yes_outcome="bad")),
    "grants:strategy_file": ("get", _strategy, None, scoped(VIEWERS)),
    "grants:strategy_decide": ("get", _strategy, None, scoped(OFFICE, VIEWERS)),
    "grants:strategy_decide#post": ("post", _strategy, {}, scoped(OFFICE, VIEWERS, yes_outcome="bad")),
    "grants:milestones": ("get", _slug, None, scoped(VIEWERS)),
    "grants:milestones#post": ("post", _slug, {}, scoped(GRANTEE_WRITERS, VIEWERS, yes_outcome="bad")),
    "grants:milestone_edit": ("get", _milestone, None, scoped(GRANTEE_WRITERS, VIEWERS)),
    "grants:milestone_edit#post": ("post", _milestone, {}, scoped(GRANTEE_WRITERS, VIEWERS, yes_outcome="bad")),
    # API (bearer token for every signed-in role; anonymous: 401). The POST names a measure that is
    # not the project's: the writers get 400 at the field, nothing is saved.
    "api:grant_detail": ("get", _project, None, scoped(VIEWERS, anonymous="auth")),
    "api:milestone_list": ("get", _project, None, scoped(VIEWERS, anonymous="auth")),
    "api:milestone_create": ("post_json", _project, {"measure_id": 999999, "title": "x", "due_on": "2030-01-01"},
                             scoped(GRANTEE_WRITERS, VIEWERS, yes_outcome="bad", anonymous="auth")),
    "api:milestone_patch": ("patch_json", _api_milestone, {"version": 0, "title": "Ausschreibung"},
                            scoped(GRANTEE_WRITERS, VIEWERS, anonymous="auth")),
}  # fmt: skip
