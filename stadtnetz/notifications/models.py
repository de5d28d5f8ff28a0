# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""In-app notifications, the e-mail choice per event type, and the private calendar feed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """Every event the platform tells people about (texts in ``events.py``)."""

    REPORT_DUE_30 = "report_due_30", _("Report due in 30 days")
    REPORT_DUE_7 = "report_due_7", _("Report due in 7 days")
    REPORT_OVERDUE = "report_overdue", _("Report overdue")
    PAYMENT_SECOND_APPROVAL = "payment_second_approval", _("Payment request awaits second approval")
    CHANGE_REQUESTED = "change_requested", _("Changes requested by the programme office")
    CHANGE_REQUEST_DECIDED = "change_request_decided", _("Change request decided")
    GRANT_NOTICE_ISSUED = "grant_notice_issued", _("Grant notice issued")
    REVIEW_ASSIGNED = "review_assigned", _("Application assigned for review")
    CALL_CLOSING_SOON = "call_closing_soon", _("Call closing soon (saved drafts)")


class Notification(models.Model):
    """One message to one person, written in their language when it was created.

    ``dedupe_key`` (unique per recipient when set) makes a repeated reminder scan harmless.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event_type = models.CharField(_("event"), max_length=40, choices=EventType.choices)
    subject = models.CharField(_("subject line"), max_length=200)
    body = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_dedupe_per_recipient",
            ),
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="/"), name="notification_url_is_a_path"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Whether a person gets e-mail for one event type; without a row, e-mail is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event_type = models.CharField(_("event"), max_length=40, choices=EventType.choices)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_type"], name="notification_preference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type}: {'on' if self.email else 'off'}"


class CalendarFeed(models.Model):
    """A person's private iCalendar feed of due dates (decision 0070).

    The secret in the URL is an HMAC of the server's secret key over ``salt``; only its SHA-256
    hash is stored, so a copy of the database alone opens no feed, while the owner can see the
    URL again on their page. Revoking keeps the row (``revoked_at``); a new feed gets a new salt.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    salt = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_active_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"calendar feed of user {self.user_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
