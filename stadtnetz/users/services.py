# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes for accounts: sign-up, email verification, profile, deletion, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, User

VERIFY_SALT = "stadtnetz.users.verify-email"
TOKEN_PREFIX = "snt_"


class TokenLimitReached(Exception):
    pass


def _email_taken(email: str, *, exclude: User | None = None) -> bool:
    qs = User.objects.filter(email__iexact=email)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


@transaction.atomic
def user_signup(
    *, username: str, email: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Create an account that must verify its email before signing in; sends the link."""
    email = User.objects.normalize_email(email.strip())
    if _email_taken(email):
        raise ValidationError({"email": _("An account with this email address already exists.")})
    user = User(
        username=username.strip(),
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # a simultaneous sign-up with the same name or address won the race
        raise ValidationError(
            {"email": _("An account with this email address already exists.")}
        ) from None
    transaction.on_commit(lambda: user_send_verification(user=user))
    return user


def verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)


def user_send_verification(*, user: User) -> None:
    link = settings.SITE_URL + reverse("users:verify", args=[verification_token(user)])
    context = {"user": user, "link": link, "days": settings.EMAIL_VERIFICATION_MAX_AGE // 86400}
    send_mail(
        subject=_("Confirm your email address for Stadtnetz"),
        message=render_to_string("users/email/verify.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


class VerificationError(Exception):
    pass


@transaction.atomic
def user_verify_email(*, token: str) -> User:
    """Mark the email as verified. Raises VerificationError for expired or forged links."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        raise VerificationError(
            _("This confirmation link has expired. Request a new one.")
        ) from None
    except signing.BadSignature:
        raise VerificationError(_("This confirmation link is invalid.")) from None
    user = User.objects.select_for_update().filter(pk=data.get("user")).first()
    if user is None or user.is_deleted or user.email.lower() != str(data.get("email", "")).lower():
        raise VerificationError(_("This confirmation link is invalid."))
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


@transaction.atomic
def user_update_profile(*, user: User, first_name: str, last_name: str, email: str) -> User:
    """Update the name; a changed email must be verified again."""
    email = User.objects.normalize_email(email.strip())
    if _email_taken(email, exclude=user):
        raise ValidationError({"email": _("An account with this email address already exists.")})
    changed_email = email.lower() != user.email.lower()
    user.first_name, user.last_name, user.email = first_name.strip(), last_name.strip(), email
    if changed_email:
        user.email_verified_at = None
    user.full_clean()
    user.save()
    if changed_email:
        transaction.on_commit(lambda: user_send_verification(user=user))
    return user


class AccountDeletionBlocked(Exception):
    """The person is the last administrator of an organisation that still has other members."""


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Remove personal data; the row stays so contributions show as "deleted user".

    Refused while the person is the last administrator of an organisation with other members:
    they appoint a successor first, so no organisation is left without anyone to manage it.
    """
    from stadtnetz.organisations.selectors import organisations_left_without_admin
    from stadtnetz.organisations.services import memberships_remove_all_for_user

    orphaned = organisations_left_without_admin(user)
    if orphaned:
        raise AccountDeletionBlocked(
            _(
                "You are the last administrator of %(names)s. Appoint another administrator "
                "there first, then delete your account."
            )
            % {"names": ", ".join(organisation.name for organisation in orphaned)}
        )
    memberships_remove_all_for_user(user=user)
    user.api_tokens.all().delete()
    user.username = f"deleted-{user.pk}-{secrets.token_hex(4)}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_programme_office = False
    user.is_reviewer = False
    user.email_verified_at = None
    user.deleted_at = timezone.now()
    user.save()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


@transaction.atomic
def api_token_create(*, user: User, name: str) -> IssuedToken:
    name = name.strip()[:100] or _("API token")
    active = user.api_tokens.filter(revoked_at__isnull=True).count()
    if active >= settings.API_TOKEN_MAX_PER_USER:
        raise TokenLimitReached(
            _("You have reached the limit of %(count)d active tokens. Revoke one first.")
            % {"count": settings.API_TOKEN_MAX_PER_USER}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[: len(TOKEN_PREFIX) + 6], key_hash=_hash(secret)
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def api_token_authenticate(secret: str) -> User | None:
    """The active user behind a bearer token, or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
