# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes for accounts: sign-up, email verification, profile, deletion, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.core.links import absolute_url
from stadtnetz.core.mail import send_now

from .models import ApiToken, TokenScope, User

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
) -> User | None:
    """Create an account that must verify its email before signing in; sends the link.

    A taken address is not revealed to whoever signs up: nothing is created, the page looks the
    same, and the owner of the address is told instead (returns None then).
    """
    email = User.objects.normalize_email(email.strip())
    owner = User.objects.filter(email__iexact=email).first()
    if owner is not None:
        transaction.on_commit(lambda: _send_address_in_use(owner=owner, action="signup"))
        return None
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


def verification_token(user: User, email: str | None = None) -> str:
    return signing.dumps({"user": user.pk, "email": email or user.email}, salt=VERIFY_SALT)


def user_send_verification(*, user: User, email: str | None = None) -> None:
    """Send the confirmation link for the account's address, or for a pending new one."""
    address = email or user.email
    link = absolute_url(reverse("users:verify", args=[verification_token(user, address)]))
    context = {
        "user": user, "link": link, "days": settings.EMAIL_VERIFICATION_MAX_AGE // 86400,
        "change": bool(email),
    }  # fmt: skip
    send_now(
        subject=_("Confirm your email address for Stadtnetz"),
        message=render_to_string("users/email/verify.txt", context),
        recipients=[address],
    )


def _send_address_in_use(*, owner: User, action: str) -> None:
    """Tell the owner of an address that someone tried to register it or move an account to it."""
    context = {"user": owner, "action": action, "site_url": absolute_url()}
    send_now(
        subject=_("Someone tried to use your email address on Stadtnetz"),
        message=render_to_string("users/email/address_in_use.txt", context),
        recipients=[owner.email],
    )


def _send_email_change_notice(*, user: User, old_email: str, new_email: str) -> None:
    context = {"user": user, "new_email": new_email, "site_url": absolute_url()}
    send_now(
        subject=_("Your Stadtnetz email address is about to change"),
        message=render_to_string("users/email/email_change_notice.txt", context),
        recipients=[old_email],
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
    address = str(data.get("email", "")).lower()
    if user is None or user.is_deleted:
        raise VerificationError(_("This confirmation link is invalid."))
    if user.pending_email and user.pending_email.lower() == address:
        # A changed address takes over only now, and only if nobody took it meanwhile.
        if _email_taken(user.pending_email, exclude=user):
            user.pending_email = ""
            user.save(update_fields=["pending_email"])
            raise VerificationError(_("This confirmation link is invalid."))
        user.email, user.pending_email = user.pending_email, ""
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email", "pending_email", "email_verified_at"])
        return user
    if user.email.lower() != address:
        raise VerificationError(_("This confirmation link is invalid."))
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def email_change_requested(user: User, email: str) -> bool:
    return User.objects.normalize_email(email.strip()).lower() != user.email.lower()


@transaction.atomic
def user_update_profile(
    *, user: User, first_name: str, last_name: str, email: str, current_password: str = ""
) -> User:
    """Update the name; a new email address needs the current password and confirmation.

    The old address stays the account's address (for sign-in notices and password resets) until
    the link sent to the new one is opened; the old address is told about the change. A new
    address that another account uses is not revealed: the page says the same, and that
    account's owner is told instead.
    """
    email = User.objects.normalize_email(email.strip())
    changed_email = email.lower() != user.email.lower()
    if changed_email and not user.check_password(current_password or ""):
        raise ValidationError(
            {"current_password": _("Enter your current password to change the email address.")}
        )
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.full_clean()
    user.save(update_fields=["first_name", "last_name"])
    if not changed_email:
        return user
    owner = User.objects.filter(email__iexact=email).exclude(pk=user.pk).first()
    if owner is not None:
        transaction.on_commit(lambda: _send_address_in_use(owner=owner, action="change"))
        return user
    old_email = user.email
    user.pending_email = email
    user.save(update_fields=["pending_email"])
    transaction.on_commit(lambda: user_send_verification(user=user, email=email))
    if old_email:
        transaction.on_commit(
            lambda: _send_email_change_notice(user=user, old_email=old_email, new_email=email)
        )
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
    # Notifications hold names and titles written for this person; the feed address is theirs.
    user.notifications.all().delete()
    user.notification_preferences.all().delete()
    user.calendar_feeds.all().delete()
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


class TokenNotAllowed(Exception):
    pass


@transaction.atomic
def api_token_create(
    *, user: User, name: str, scope: str = TokenScope.WRITE, expires_in_days: int | None = None
) -> IssuedToken:
    """Issue a token; it expires after ``expires_in_days`` (default API_TOKEN_DEFAULT_DAYS)."""
    name = name.strip()[:100] or _("API token")
    if scope not in TokenScope.values:
        raise TokenNotAllowed(_("Unknown scope."))
    days = settings.API_TOKEN_DEFAULT_DAYS if expires_in_days is None else expires_in_days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise TokenNotAllowed(
            _("A token is valid for 1 to %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS}
        )
    active = (
        user.api_tokens.filter(revoked_at__isnull=True)
        .exclude(expires_at__lte=timezone.now())
        .count()
    )
    if active >= settings.API_TOKEN_MAX_PER_USER:
        raise TokenLimitReached(
            _("You have reached the limit of %(count)d active tokens. Revoke one first.")
            % {"count": settings.API_TOKEN_MAX_PER_USER}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[: len(TOKEN_PREFIX) + 6], key_hash=_hash(secret),
        scope=scope,
    )  # fmt: skip
    token.expires_at = token.created_at + timedelta(days=days)
    token.save(update_fields=["expires_at"])
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every active token of the person (after a password change or reset)."""
    return user.api_tokens.filter(revoked_at__isnull=True).update(
        revoked_at=timezone.now(), updated_at=timezone.now()
    )


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def api_token_lookup(secret: str) -> ApiToken | None:
    """The active, unexpired token with this secret of an active user, or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True)
        .exclude(expires_at__lte=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


def api_token_may_write(token: ApiToken) -> bool:
    return token.scope == TokenScope.WRITE and token.user.email_verified


def api_token_use(secret: str) -> ApiToken | None:
    """The usable token behind a bearer secret (its use is noted at most once a minute)."""
    token = api_token_lookup(secret)
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_token_authenticate(secret: str) -> User | None:
    """The active user behind a bearer token, or None."""
    token = api_token_use(secret)
    return token.user if token is not None else None


def user_set_language(*, user: User, language: str) -> bool:
    """Remember the language a person chose, for the mails and notifications sent to them."""
    if language not in dict(settings.LANGUAGES) or user.language == language:
        return False
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return True
