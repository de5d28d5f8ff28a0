# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows of the grant app: budget, open-source obligation, office dashboard (merged
in authz.py; the world is built there).

The budget and the obligation page: the programme office and every member of the funded
organisation; anyone else gets a 404 (the grant's existence stays hidden). Saying whether a
measure produces software: the organisation's editors and administrators and the office (a
member sees the page: 403). Recording an exception: the office only. The office dashboard and
its export: the office only (403 for everyone else signed in)."""

from __future__ import annotations

from .authz_common import GRANTEE_VIEWERS, GRANTEE_WRITERS, OFFICE, ensure, scoped

SIGNED_IN_OTHERS = {"member", "editor", "org_admin", "consultant", "other_editor", "reviewer"}


def extend(world) -> None:
    from stadtnetz.projects.models import Measure

    world.software_measure = Measure.objects.create(
        project=world.notice.project, title="Stadt-App", description="Eine App.",
        status="in_progress", repository_url="https://gitlab.example/stadt/app",
    )  # fmt: skip


def _slug(w):
    return {"slug": ensure(w).notice.project.slug}


def _measure(w):
    return {**_slug(w), "measure_pk": ensure(w).software_measure.pk}


VIEWERS = OFFICE | GRANTEE_VIEWERS

ROWS = {
    "grants:budget": ("get", _slug, None, scoped(VIEWERS)),
    "grants:budget_export": ("get", lambda w: {**_slug(w), "fmt": "csv"}, None, scoped(VIEWERS)),
    "grants:obligations": ("get", _slug, None, scoped(VIEWERS)),
    "grants:software_flag": ("post", _measure, {"produces_software": "no"},
                             scoped(OFFICE | GRANTEE_WRITERS, {"member"}, yes_outcome="go")),
    "grants:measure_repository": ("post", _measure,
                                  {"repository_url": "https://gitlab.example/stadt/app2"},
                                  scoped(OFFICE | GRANTEE_WRITERS, {"member"}, yes_outcome="go")),
    "grants:obligation_exception": ("post", _measure, {"reason": "Sicherheitskritisch"},
                                    scoped(OFFICE, GRANTEE_VIEWERS, yes_outcome="go")),
    "grants:office": ("get", None, None, scoped(OFFICE, SIGNED_IN_OTHERS)),
    "grants:office_export": ("get", None, None, scoped(OFFICE, SIGNED_IN_OTHERS)),
    "api:project_budget": ("get", lambda w: {"project_id": ensure(w).notice.project_id}, None,
                           scoped(VIEWERS, anonymous="auth")),
}  # fmt: skip
