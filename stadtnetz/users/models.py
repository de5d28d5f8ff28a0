# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Accounts with platform roles, and personal API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.models import BaseModel


class User(AbstractUser):
    """A person. Platform roles are flags; organisation roles are memberships."""

    email = models.EmailField(_("email address"), blank=True)
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)
    pending_email = models.EmailField(
        _("new email address (not yet confirmed)"),
        blank=True,
        help_text=_("Replaces the email address once its owner opens the confirmation link."),
    )
    is_programme_office = models.BooleanField(
        _("programme office"),
        default=False,
        help_text=_("Runs funding programmes: opens calls, organises review, monitors projects."),
    )
    is_reviewer = models.BooleanField(
        _("reviewer"), default=False, help_text=_("May be assigned applications to review.")
    )
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Mails and notifications are written in this language."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_case_insensitive",
            )
        ]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def display_name(self) -> str:
        if self.is_deleted:
            return str(_("deleted user"))
        return self.get_full_name() or self.username

    def get_short_name(self) -> str:
        return self.first_name or self.username


class TokenScope(models.TextChoices):
    READ = "read", _("read only")
    WRITE = "write", _("read and write")


class ApiToken(BaseModel):
    """A personal API token. Only its SHA-256 hash is stored; the secret is shown once.

    A token expires (``expires_at``), is revoked with every password change or reset, and may
    only write when its scope is ``write`` and its owner's email address is confirmed.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    scope = models.CharField(
        _("scope"), max_length=5, choices=TokenScope.choices, default=TokenScope.WRITE
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired
