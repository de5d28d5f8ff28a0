# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The shape every permission function returns, and platform-wide role checks."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise


@dataclass(frozen=True)
class Decision:
    """The answer of a policy function: allowed or not, and why (shown to the user)."""

    allowed: bool
    reason: str | Promise = ""

    def __bool__(self) -> bool:
        return self.allowed

    def enforce(self) -> None:
        """Raise PermissionDenied with the reason when not allowed."""
        if not self.allowed:
            raise PermissionDenied(str(self.reason))


def allow(reason: str | Promise = "") -> Decision:
    return Decision(True, reason)


def deny(reason: str | Promise) -> Decision:
    return Decision(False, reason)


def is_signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_staff(user) -> bool:
    return is_signed_in(user) and bool(user.is_staff)


def is_programme_office(user) -> bool:
    return is_signed_in(user) and (bool(user.is_programme_office) or bool(user.is_staff))


def is_reviewer(user) -> bool:
    return is_signed_in(user) and bool(user.is_reviewer)
