# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The review lifecycle of an application as a table: state → action → (next state, who).

Every transition is carried out by ``services.case_transition``, which checks this table and
appends a ``Transition`` record (who, when, why). Nothing else changes ``ReviewCase.state``.
"""

from __future__ import annotations

from .models import ReviewState as S

OFFICE = "programme office"
SYSTEM = "system (on the last submitted review)"

TRANSITIONS: dict[str, dict[str, tuple[str, str]]] = {
    S.SUBMITTED: {"start_check": (S.FORMAL_CHECK, OFFICE)},
    S.FORMAL_CHECK: {"pass_check": (S.IN_REVIEW, OFFICE), "fail_check": (S.INELIGIBLE, OFFICE)},
    S.INELIGIBLE: {"recheck": (S.FORMAL_CHECK, OFFICE)},
    S.IN_REVIEW: {"flag": (S.RECONCILIATION, SYSTEM), "complete": (S.REVIEWED, SYSTEM)},
    S.RECONCILIATION: {"resolve": (S.REVIEWED, OFFICE)},
    S.REVIEWED: {
        "reopen_review": (S.IN_REVIEW, OFFICE),
        "flag": (S.RECONCILIATION, SYSTEM),
        "select": (S.SELECTED, OFFICE),
        "wait": (S.WAITING_LIST, OFFICE),
        "reject": (S.REJECTED, OFFICE),
    },
    # A decision can be corrected until the call's results are published (a new record each time).
    S.SELECTED: {"wait": (S.WAITING_LIST, OFFICE), "reject": (S.REJECTED, OFFICE)},
    S.WAITING_LIST: {"select": (S.SELECTED, OFFICE), "reject": (S.REJECTED, OFFICE),
                     "wait": (S.WAITING_LIST, OFFICE)},
    S.REJECTED: {"select": (S.SELECTED, OFFICE), "wait": (S.WAITING_LIST, OFFICE)},
}  # fmt: skip

DECISION_ACTIONS = {"selected": "select", "waiting_list": "wait", "rejected": "reject"}


def allowed(state: str, action: str) -> bool:
    return action in TRANSITIONS.get(state, {})


def target(state: str, action: str) -> str:
    return TRANSITIONS[state][action][0]


def actions(state: str) -> list[str]:
    return list(TRANSITIONS.get(state, {}))
