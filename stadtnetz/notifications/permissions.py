# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Only the recipient sees and marks a notification; only the owner sees their feed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stadtnetz.core.permissions import Decision, allow, deny, is_signed_in


def can_have_notifications(user) -> Decision:
    if not is_signed_in(user):
        return deny(_("Sign in to see your notifications."))
    return allow()


def can_view_notification(user, notification) -> Decision:
    """Someone else's notification is answered as missing (404) by the views and the API."""
    if not is_signed_in(user) or notification.recipient_id != user.pk:
        return deny(_("This notification is not addressed to you."))
    return allow()
