# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""What the grant app's authorization rows share: role sets, outcomes and the world.

The world: world.org holds a model project with an issued grant notice (world.notice), issued by
the programme office. Each area module may define ``extend(world)`` to add its own objects
(payment requests, reports, …); row functions call ``ensure(world)`` first."""

from __future__ import annotations

import importlib

from stadtnetz.core.tests.matrix import ROLES

OFFICE = {"programme_office", "staff"}
GRANTEE_VIEWERS = {"member", "editor", "org_admin"}
GRANTEE_WRITERS = {"editor", "org_admin"}
AREAS = ("authz_notice", "authz_payments", "authz_reports", "authz_budget")


def scoped(yes: set[str], visible: set[str] = frozenset(), yes_outcome="ok", anonymous="login"):
    """yes → yes_outcome, visible but not allowed → 403, not visible → 404."""
    return {
        role: yes_outcome if role in yes else "no" if role in visible else "gone" for role in ROLES
    } | {"anonymous": anonymous}


def ensure(world):
    if not hasattr(world, "notice"):
        extend_world(world)
    return world


def extend_world(world) -> None:
    from .factories import issued_notice

    if hasattr(world, "notice"):
        return
    world.notice = issued_notice(
        actor=world.users["programme_office"], organisation=world.org, title="Klingenstadt digital"
    )
    for name in AREAS:
        module = importlib.import_module(f"{__package__}.{name}")
        if hasattr(module, "extend"):
            module.extend(world)
