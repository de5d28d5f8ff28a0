# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows of the grant app: statements and change requests (merged in authz.py; the
world is built in authz_common.py, this module adds a draft and a submitted statement and a
submitted change request).

Members of the funded organisation read, its editors and administrators write (members and the
office get 403 on the grantee's forms), the programme office reviews and decides (the grantee
gets 403), everyone else 404; anonymous people are sent to sign in (the API answers 401)."""

from __future__ import annotations

from .authz_common import GRANTEE_VIEWERS, GRANTEE_WRITERS, OFFICE, ensure, scoped

READERS = OFFICE | GRANTEE_VIEWERS


def extend(world) -> None:
    from stadtnetz.grants.services import changes, reports
    from stadtnetz.grants.services.notice import LineInput
    from stadtnetz.grants.services.reports import ExpenditureInput

    from .factories import BUDGET, YEAR

    notice, editor = world.notice, world.users["editor"]
    interim = list(notice.reports.filter(kind="interim").order_by("period_year"))
    world.report_draft = reports.report_open(actor=editor, report=interim[0])
    submitted = reports.report_save(
        actor=editor, report=interim[1],
        answers={"sachstand": "Läuft.", "abweichungen": "Keine.", "ausblick": "Weiter."},
        expenditures=[ExpenditureInput("B", YEAR + 1, "personnel", "1000")],
    )  # fmt: skip
    world.report_submitted = reports.report_submit(actor=editor, report=submitted)
    cells = {(p, y, c): a for p, y, c, a in BUDGET} | {
        ("B", YEAR + 1, "personnel"): "200000",
        ("B", YEAR + 2, "personnel"): "400000",
    }
    world.change = changes.change_request_create(
        actor=editor, notice=notice, kind="budget", reason="Verschiebung",
        lines=[LineInput(p, y, c, a) for (p, y, c), a in cells.items()],
    )  # fmt: skip


def _project(w):
    return {"slug": ensure(w).notice.project.slug}


def _draft(w):
    return {**_project(w), "report_pk": w.report_draft.pk}


def _submitted(w):
    return {**_project(w), "report_pk": ensure(w).report_submitted.pk}


def _change(w):
    return {**_project(w), "change_pk": ensure(w).change.pk}


def _api_project(w):
    return {"project_id": ensure(w).notice.project_id}


API_READERS = {**scoped(READERS), "anonymous": "auth"}

ROWS = {
    "grants:report_list": ("get", _project, None, scoped(READERS)),
    "grants:report_detail": ("get", _draft, None, scoped(READERS)),
    "grants:report_edit": ("get", _draft, None, scoped(GRANTEE_WRITERS, READERS)),
    "grants:report_edit#post": ("post", _draft, {"action": "save"},
                                scoped(GRANTEE_WRITERS, READERS, yes_outcome="go")),
    "grants:report_review": ("post", _submitted, {"decision": "accept"},
                             scoped(OFFICE, READERS, yes_outcome="go")),
    "grants:change_list": ("get", _project, None, scoped(READERS)),
    "grants:change_new": ("get", _project, None, scoped(GRANTEE_WRITERS, READERS)),
    # An empty form: refused at the field (400) for the grantee's editors.
    "grants:change_new#post": ("post", _project, {}, scoped(GRANTEE_WRITERS, READERS, yes_outcome="bad")),
    "grants:change_detail": ("get", _change, None, scoped(READERS)),
    "grants:change_decide": ("post", _change, {"decision": "refuse", "reason": "Nein"},
                             scoped(OFFICE, READERS, yes_outcome="go")),
    "grants:change_withdraw": ("post", _change, {}, scoped(GRANTEE_WRITERS, READERS, yes_outcome="go")),
    # The API: the same rules; anonymous callers get 401.
    "api:project_reports": ("get", _api_project, None, API_READERS),
    "api:report_get": ("get", lambda w: {"report_id": ensure(w).report_draft.pk}, None, API_READERS),
    "api:report_draft": ("post_json", lambda w: {"report_id": ensure(w).report_draft.pk}, {"version": 0},
                         {**scoped(GRANTEE_WRITERS, READERS), "anonymous": "auth"}),
    # Submitting the empty draft is refused at the fields (400) for the grantee's editors.
    "api:report_submit": ("post_json", lambda w: {"report_id": ensure(w).report_draft.pk}, {},
                          {**scoped(GRANTEE_WRITERS, READERS, yes_outcome="bad"), "anonymous": "auth"}),
    "api:report_review": ("post_json", lambda w: {"report_id": ensure(w).report_submitted.pk}, {"decision": "accept"},
                          {**scoped(OFFICE, READERS), "anonymous": "auth"}),
    "api:project_change_requests": ("get", _api_project, None, API_READERS),
    # A budget change without lines: refused at the field (400) for the grantee's editors.
    "api:change_request_file": ("post_json", _api_project, {"kind": "budget", "reason": "x"},
                                {**scoped(GRANTEE_WRITERS, READERS, yes_outcome="bad"), "anonymous": "auth"}),
    "api:change_request_get": ("get", lambda w: {"change_id": ensure(w).change.pk}, None, API_READERS),
    "api:change_request_decide": ("post_json", lambda w: {"change_id": ensure(w).change.pk},
                                  {"decision": "refuse", "reason": "Nein"}, {**scoped(OFFICE, READERS), "anonymous": "auth"}),
    "api:change_request_withdraw": ("post_json", lambda w: {"change_id": ensure(w).change.pk}, {},
                                    {**scoped(GRANTEE_WRITERS, READERS), "anonymous": "auth"}),
}  # fmt: skip
