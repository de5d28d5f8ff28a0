# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The application lifecycle as a table: state → action → (next state, who may trigger)."""

from __future__ import annotations

from .models import ApplicationStatus as S

# Both transitions also need the call to be open by the server clock (checked in the services).
TRANSITIONS = {
    S.DRAFT: {"submit": (S.SUBMITTED, "organisation editor")},
    S.WITHDRAWN: {"submit": (S.SUBMITTED, "organisation editor")},
    S.SUBMITTED: {"withdraw": (S.WITHDRAWN, "organisation editor")},
}


def allowed(status: str, action: str) -> bool:
    return action in TRANSITIONS.get(status, {})


def target(status: str, action: str) -> str:
    return TRANSITIONS[status][action][0]
