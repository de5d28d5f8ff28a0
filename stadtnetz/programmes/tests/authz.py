# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows for programmes and calls: public reads, programme-office writes."""

from __future__ import annotations

from stadtnetz.core.tests.matrix import _all, _only

from .factories import make_call

OFFICE = {"programme_office", "staff"}

ROWS = {
    "programmes:programme_list": ("get", None, None, _all("ok")),
    "programmes:programme_create": ("get", None, None, _only(OFFICE)),
    "programmes:programme_detail": (
        "get",
        lambda w: {"slug": ensure(w).call.programme.slug},
        None,
        _all("ok"),
    ),
    "programmes:call_create": (
        "get",
        lambda w: {"slug": ensure(w).call.programme.slug},
        None,
        _only(OFFICE),
    ),
    "programmes:call_list": ("get", None, None, _all("ok")),
    "programmes:call_detail": ("get", lambda w: {"pk": ensure(w).call.pk}, None, _all("ok")),
    "programmes:call_edit": ("get", lambda w: {"pk": ensure(w).call.pk}, None, _only(OFFICE)),
    "programmes:call_extend": ("get", lambda w: {"pk": ensure(w).call.pk}, None, _only(OFFICE)),
    "programmes:call_form_edit": ("get", lambda w: {"pk": ensure(w).call.pk}, None, _only(OFFICE)),
    "programmes:call_criteria_edit": (
        "get",
        lambda w: {"pk": ensure(w).call.pk},
        None,
        _only(OFFICE),
    ),
    "programmes:call_calendar": ("get", None, None, _all("ok")),
    "api:list_calls": ("get", None, None, _all("ok")),
    "api:get_call": ("get", lambda w: {"call_id": ensure(w).call.pk}, None, _all("ok")),
}


def ensure(world):
    """Build this app's part of the world once (whether or not the matrix calls extend_world)."""
    if not hasattr(world, "call"):
        extend_world(world)
    return world


def extend_world(world) -> None:
    if hasattr(world, "call"):
        return
    world.call = make_call(title="Offener Aufruf")
    world.call_submitted = make_call(title="Zweiter Aufruf")
    world.call_empty = make_call(title="Dritter Aufruf")
