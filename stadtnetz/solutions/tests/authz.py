# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows of the solution catalog (see stadtnetz/core/tests/matrix.py)."""

from __future__ import annotations

from stadtnetz.core.tests.matrix import ORG_WRITERS, _all, _only, _signed_in
from stadtnetz.solutions.services import reuse_declare, solution_import

YML = b"""publiccodeYmlVersion: "0"
name: Matrix
url: https://example.org/matrix
"""


def extend_world(world):
    from datetime import date

    if hasattr(world, "solution"):
        return
    world.solution, _ = solution_import(repository_url="https://example.org/matrix", raw=YML)
    world.reuse = reuse_declare(
        solution=world.solution, organisation=world.org, actor=world.users["editor"],
        status="production", since=date(2025, 1, 1),
    )  # fmt: skip


def _w(w):
    """The world with this app's objects (built on first use: the matrix may not call
    extend_world itself)."""
    extend_world(w)
    return w


def _solution(w):
    return {"pk": _w(w).solution.pk}


ROWS = {
    "solutions:list": ("get", None, None, _all("ok")),
    "solutions:export": ("get", lambda w: {"fmt": "csv"}, None, _all("ok")),
    "solutions:detail": ("get", _solution, None, _all("ok")),
    "solutions:publiccode": ("get", _solution, None, _all("ok")),
    "solutions:reuse_declare": (
        "get",
        _solution,
        None,
        _only(ORG_WRITERS | {"other_editor", "consultant"}),
    ),
    "solutions:reuse_withdraw": (
        "post",
        lambda w: {"pk": _w(w).reuse.pk},
        {},
        _only(ORG_WRITERS, yes="go"),
    ),  # fmt: skip
    "solutions:publisher": (
        "get",
        lambda w: {"slug": _w(w).solution.publisher_slug},
        None,
        _all("ok"),
    ),
    "solutions:organisation_reuses": ("get", lambda w: {"slug": w.org.slug}, None, _all("ok")),
    "solutions:validate": ("get", None, None, _all("ok")),
    "solutions:editor": ("get", None, None, _all("ok")),
    "solutions:crawl_status": ("get", None, None, _only({"staff"})),
    "solutions:crawl_detail": (
        "get",
        lambda w: {"pk": 999999},
        None,
        {**_signed_in("no"), "staff": "gone"},
    ),
    "solutions:claim_decide": (
        "post",
        lambda w: {"pk": 999999},
        {"decision": "reject"},
        {**_signed_in("no"), "staff": "gone"},
    ),
    "api:list_solutions": ("get", None, None, _all("ok")),
    "api:get_solution": ("get", lambda w: {"solution_id": _w(w).solution.pk}, None, _all("ok")),
    "api:validate_publiccode": ("post_json", None, {"name": "x"}, _all("ok")),
    "api:list_reuses": ("get", lambda w: {"solution_id": _w(w).solution.pk}, None, _all("ok")),
    "api:declare_reuse": (
        "post_json",
        lambda w: {"solution_id": _w(w).solution.pk},
        {"organisation_id": 0, "status": "piloting", "since": "2025-01-01"},
        _signed_in("bad", anonymous="auth"),
    ),  # fmt: skip
    "api:withdraw_reuse": (
        "delete",
        lambda w: {"reuse_id": 999999},
        None,
        _signed_in("gone", anonymous="auth"),
    ),  # fmt: skip
}
