# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The lifecycle of a saved assessment as a table: status → allowed next statuses.

A completed assessment is final: a later assessment is a new record (history stays readable and
comparable). Who may trigger a transition: editors of the organisation (permissions.py).
"""

from .models import Status

TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.COMPLETED},
    Status.COMPLETED: set(),
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, set())
