# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads: a person's notifications (unread first), the unread count, e-mail choices."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils.functional import Promise

from . import registry
from .models import EventType, Notification, NotificationPreference

UNREAD_SHOWN_MAX = 99  # the header shows "99+" above this


def notification_list(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The recipient's notifications: unread first, then newest first."""
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return qs.order_by(unread.desc(), "-created_at", "-pk")


def notification_get(user, pk: int) -> Notification | None:
    """One of ``user``'s notifications; someone else's is None, as if it did not exist."""
    return Notification.objects.filter(recipient=user, pk=pk).first()


def unread_count(user) -> int:
    """One query, counting at most ``UNREAD_SHOWN_MAX + 1`` rows (the partial index helps)."""
    return (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .order_by()[: UNREAD_SHOWN_MAX + 1]
        .count()
    )


def unread_label(count: int) -> str:
    return f"{UNREAD_SHOWN_MAX}+" if count > UNREAD_SHOWN_MAX else str(count)


@dataclass(frozen=True)
class Choice:
    event_type: str
    label: str | Promise
    email: bool


def email_choices(user) -> list[Choice]:
    """Every event type with the person's e-mail choice (on unless switched off)."""
    off = set(
        NotificationPreference.objects.filter(user=user, email=False).values_list(
            "event_type", flat=True
        )
    )
    return [Choice(value, label, value not in off) for value, label in EventType.choices]


def due_dates(user) -> list[registry.DueDate]:
    return registry.due_dates_for(user)
