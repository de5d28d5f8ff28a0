# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes for organisations, memberships and invitations."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stadtnetz.core import versioning
from stadtnetz.core.links import absolute_url
from stadtnetz.core.mail import send_after_commit
from stadtnetz.municipalities.models import County, Municipality

from .models import (
    CooperationMember,
    HardshipRecord,
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)
from .permissions import can_create_organisation


class OrganisationError(Exception):
    """A rule of organisations was broken; the message says which, for the user."""


def _unique_slug(name: str) -> str:
    base = slugify(name.replace("ß", "ss"))[:70] or "organisation"
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@dataclass(frozen=True)
class CooperationEntry:
    municipality: Municipality | None = None
    county: County | None = None
    is_lead: bool = False


@transaction.atomic
def organisation_create(
    *,
    actor,
    kind: str,
    name: str,
    municipality: Municipality | None = None,
    county: County | None = None,
    members: Sequence[CooperationEntry] = (),
    description: str = "",
    website: str = "",
    email: str = "",
) -> Organisation:
    """Create an organisation. The creator of a non-public body becomes its administrator."""
    can_create_organisation(actor, kind).enforce()
    if kind == OrganisationKind.COOPERATION:
        if len(members) < 2:
            raise OrganisationError(
                _("A cooperation needs at least two municipalities or counties.")
            )
        if sum(1 for member in members if member.is_lead) != 1:
            raise OrganisationError(_("A cooperation needs exactly one lead member."))
    elif members:
        raise OrganisationError(_("Only cooperations have member municipalities."))
    if kind == OrganisationKind.MUNICIPALITY and municipality is not None:
        name = name.strip() or municipality.name
        if Organisation.objects.filter(kind=kind, municipality=municipality).exists():
            raise OrganisationError(_("This municipality is already on Stadtnetz."))
    if kind == OrganisationKind.COUNTY and county is not None:
        name = name.strip() or county.name
        if Organisation.objects.filter(kind=kind, county=county).exists():
            raise OrganisationError(_("This county is already on Stadtnetz."))
    organisation = Organisation(
        name=name.strip(), slug=_unique_slug(name.strip()), kind=kind,
        municipality=municipality if kind == OrganisationKind.MUNICIPALITY else None,
        county=county if kind == OrganisationKind.COUNTY else None,
        description=description.strip(), website=website.strip(), email=email.strip(),
    )  # fmt: skip
    organisation.full_clean()
    organisation.save()
    seen: set[str] = set()
    for entry in members:
        key = entry.municipality.ags if entry.municipality else entry.county.key
        if key in seen:
            raise OrganisationError(_("%(key)s is listed twice.") % {"key": key})
        seen.add(key)
        CooperationMember.objects.create(
            cooperation=organisation, municipality=entry.municipality, county=entry.county,
            is_lead=entry.is_lead,
        )  # fmt: skip
    if kind not in OrganisationKind.public_bodies() and kind != OrganisationKind.PROGRAMME_OFFICE:
        Membership.objects.create(user=actor, organisation=organisation, role=Role.ADMIN)
    return organisation


EDITABLE = ("name", "description", "website", "email")


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    name: str,
    description: str,
    website: str,
    email: str,
    base_version: int | None = None,
    in_budgetary_hardship: bool | None = None,
) -> Organisation:
    """Change the organisation's profile. With ``base_version`` (the edit form's) a change saved
    since then, the hardship flag included, raises StaleVersion and nothing is written; the form's
    ``in_budgetary_hardship`` (set afterwards by organisation_set_hardship) is compared too."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    values = {"name": name.strip(), "description": description.strip(),
              "website": website.strip(), "email": email.strip()}  # fmt: skip
    attempted = dict(values)
    if in_budgetary_hardship is not None:
        attempted["in_budgetary_hardship"] = in_budgetary_hardship
    versioning.check_version(
        base_version=base_version, current_version=locked.version, attempted=attempted,
        current=lambda: {n: getattr(locked, n) for n in (*EDITABLE, "in_budgetary_hardship")},
    )  # fmt: skip
    changed = any(getattr(locked, n) != v for n, v in values.items())
    for field, value in values.items():
        setattr(locked, field, value)
    locked.full_clean()
    if changed:
        locked.version += 1
    locked.save()  # the locked row: a stale ``organisation`` must not write back other fields
    for field in (*EDITABLE, "version", "updated_at"):
        setattr(organisation, field, getattr(locked, field))
    return organisation


@transaction.atomic
def organisation_set_hardship(
    *, organisation: Organisation, actor, value: bool, note: str = ""
) -> Organisation:
    """Set the budgetary hardship flag; every change is recorded with who, when and why."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.in_budgetary_hardship == value:
        return locked
    locked.in_budgetary_hardship = value
    locked.version += 1  # an open edit form is stale now (core.versioning)
    locked.save(update_fields=["in_budgetary_hardship", "version", "updated_at"])
    HardshipRecord.objects.create(
        organisation=locked, value=value, note=note.strip()[:500], changed_by=actor
    )
    organisation.in_budgetary_hardship, organisation.version = value, locked.version
    return locked


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    link: str


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, actor, email: str, role: str
) -> IssuedInvitation:
    """Invite a person by email; the link expires after INVITATION_VALID_DAYS days."""
    email = email.strip()
    if role not in Role.values:
        raise OrganisationError(_("Unknown role."))
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise OrganisationError(_("A person with this email address is already a member."))
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=now, updated_at=now)  # fmt: skip
    secret = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation, email=email, role=role, token_hash=_hash(secret),
        invited_by=actor, expires_at=now + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )  # fmt: skip
    invitation.full_clean()
    invitation.save()
    link = absolute_url(reverse("organisations:invitation", args=[secret]))
    context = {"invitation": invitation, "link": link, "inviter": actor}
    send_after_commit(
        subject=_("Invitation to %(organisation)s on Stadtnetz")
        % {"organisation": organisation.name},
        message=render_to_string("organisations/email/invitation.txt", context),
        recipients=[email],
    )
    return IssuedInvitation(invitation=invitation, link=link)


def invitation_for_secret(secret: str) -> Invitation | None:
    if not secret or len(secret) > 100:
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=_hash(secret))
        .first()
    )


@transaction.atomic
def invitation_accept(*, secret: str, user) -> Membership:
    invitation = invitation_for_secret(secret)
    if invitation is None:
        raise OrganisationError(_("This invitation link is invalid."))
    return invitation_accept_pending(invitation=invitation, user=user)


@transaction.atomic
def invitation_accept_pending(*, invitation: Invitation, user) -> Membership:
    """Accept an invitation the person found on their start page (no link needed): it is bound
    to their confirmed address all the same."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.revoked_at is not None:
        raise OrganisationError(_("This invitation has been withdrawn."))
    if invitation.accepted_at is not None:
        raise OrganisationError(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise OrganisationError(
            _("This invitation has expired. Ask the organisation for a new one.")
        )
    if not user.email_verified or user.email.lower() != invitation.email.lower():
        raise OrganisationError(
            _(
                "This invitation was sent to %(email)s. Sign in with the account that uses this "
                "confirmed address."
            )
            % {"email": invitation.email}
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created and Role.rank(invitation.role) > Role.rank(membership.role):
        membership.role = invitation.role
        membership.save(update_fields=["role", "updated_at"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
    return invitation


def _ensure_admin_remains(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(organisation=membership.organisation, role=Role.ADMIN)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise OrganisationError(
            _("An organisation needs at least one administrator. Appoint another one first.")
        )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    if role not in Role.values:
        raise OrganisationError(_("Unknown role."))
    _ensure_admin_remains(membership, role)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    _ensure_admin_remains(membership, None)
    membership.delete()


@transaction.atomic
def memberships_remove_all_for_user(*, user) -> int:
    """Used when an account is deleted: the person leaves every organisation."""
    deleted, _details = Membership.objects.filter(user=user).delete()
    return deleted


def membership_add(*, organisation: Organisation, user, role: str) -> Membership:
    """Directly add a member (staff tooling and demo data); invitations are the normal way."""
    try:
        with transaction.atomic():
            membership, _created = Membership.objects.update_or_create(
                user=user, organisation=organisation, defaults={"role": role}
            )
    except IntegrityError as error:  # pragma: no cover - guarded by the unique constraint
        raise ValidationError(str(error)) from None
    return membership
