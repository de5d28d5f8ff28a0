# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The unread count in the header: one query, only when a signed-in person's page shows it."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from . import selectors


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def label() -> str:
        count = selectors.unread_count(user)
        return selectors.unread_label(count) if count else ""

    return {"notifications_unread": SimpleLazyObject(label)}
