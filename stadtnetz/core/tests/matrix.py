# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Building blocks for the authorization matrix.

Every app contributes its rows in ``stadtnetz/<app>/tests/authz.py``::

    from stadtnetz.core.tests.matrix import _all, _only, _signed_in

    ROWS = {"app:name": (method, kwargs_builder or None, data or None, expected_per_role)}

    def extend_world(world):  # optional: create the objects the rows need
        world.call = ...

``world`` holds ``users`` (role → user), ``org`` (a municipality organisation with member,
editor and admin), ``bearer`` (role → API token) and whatever earlier apps added. Methods:
"get", "post", "delete", "post_json", "put_json", "patch_json". A URL that accepts more than one
method has one row per method; the further rows are keyed "name#method" ("reviews:pool#post"). Outcomes: see STATUS and ``outcome`` in
test_authorization_matrix.py ("ok", "go", "login", "no", "bad", "gone", "method", "auth", "empty").
"""

from __future__ import annotations

ROLES = ["anonymous", "member", "editor", "org_admin", "consultant", "other_editor", "reviewer",
         "programme_office", "staff"]  # fmt: skip


def _all(outcome):
    return dict.fromkeys(ROLES, outcome)


def _signed_in(outcome, anonymous="login"):
    return {**_all(outcome), "anonymous": anonymous}


def _only(allowed: set[str], yes="ok", no="no", anonymous="login"):
    return {role: (yes if role in allowed else no) for role in ROLES} | {"anonymous": anonymous}


ORG_MANAGERS = {"org_admin", "programme_office", "staff"}
ORG_VIEWERS = {"member", "editor", "org_admin", "programme_office", "staff"}

STATUS = {"ok": 200, "bad": 400, "no": 403, "gone": 404, "method": 405, "auth": 401, "empty": 204}
ORG_WRITERS = {"editor", "org_admin"}
