# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes for organisations, memberships and invitations."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadtnetz.core import versioning
from stadtnetz.core.links import absolute_url
from stadtnetz.core.mail import send_after_commit
from stadtnetz.core.text import unique_slug
from stadtnetz.municipalities.models import County, Municipality

from .models import (
    CooperationMember,
    HardshipRecord,
    Invitation,
    Membership,
    MembershipRequest,
    Organisation,
    OrganisationKind,
    RequestKind,
    RequestStatus,
    Role,
)
from .permissions import (
    can_claim,
    can_create_organisation,
    can_decide_request,
    can_request_membership,
    can_set_official_domains,
)

LAST_ADMIN_MESSAGE = gettext_lazy(
    "An organisation needs at least one administrator. Appoint another one first."
)


class OrganisationError(Exception):
    """A rule of organisations was broken; the message says which, for the user."""


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
        name=name.strip(), slug=unique_slug(name.strip(), model=Organisation, default="organisation"), kind=kind,
        municipality=municipality if kind == OrganisationKind.MUNICIPALITY else None,
        county=county if kind == OrganisationKind.COUNTY else None,
        description=description.strip(), website=website.strip(), email=email.strip(),
    )  # fmt: skip
    organisation.full_clean()
    organisation.save()
    seen: set[str] = set()
    for entry in members:
        place: Municipality | County | None = entry.municipality or entry.county
        key = place.ags if isinstance(place, Municipality) else getattr(place, "key", "")
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
    attempted: dict[str, object] = dict(values)
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
        raise OrganisationError(str(LAST_ADMIN_MESSAGE))


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


# --- Onboarding: claims and membership requests (issue 16, item 16) ---------------------------


def _mail(template: str, subject, recipients, context: dict) -> None:
    recipients = sorted({address for address in recipients if address})
    if recipients:
        send_after_commit(
            subject=subject,
            message=render_to_string(f"organisations/email/{template}.txt", context),
            recipients=recipients,
        )


def _clean_text(text: str, field: str, *, required_message=None) -> str:
    text = (text or "").strip()
    if required_message and not text:
        raise ValidationError({field: required_message})
    if len(text) > 1000:
        raise ValidationError({field: _("Please write at most 1,000 characters.")})
    return text


def _no_pending_request(actor, organisation: Organisation) -> None:
    if MembershipRequest.objects.filter(
        organisation=organisation, user=actor, status=RequestStatus.PENDING
    ).exists():
        raise OrganisationError(
            _("You have already asked to join %(organisation)s. Please wait for the decision.")
            % {"organisation": organisation.name}
        )


def _office_addresses() -> list[str]:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_programme_office=True, is_active=True)
        .values_list("email", flat=True)
    )


@transaction.atomic
def organisation_claim(
    *, actor, organisation: Organisation, message: str = ""
) -> MembershipRequest:
    """Claim a public body that has no administrator yet.

    With a confirmed address on one of its official domains the person becomes its first
    administrator at once (the domain is recorded); otherwise the claim waits for the programme
    office. The organisation row is locked, so two simultaneous claims cannot both succeed.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    decision = can_claim(actor, organisation)
    if not decision:
        raise OrganisationError(str(decision.reason))
    _no_pending_request(actor, organisation)
    message = _clean_text(message, "message")
    claim = MembershipRequest(
        organisation=organisation, user=actor, kind=RequestKind.CLAIM, message=message
    )
    domain = organisation.matching_domain(actor.email)
    if domain:
        claim.status, claim.role = RequestStatus.ACCEPTED, Role.ADMIN
        claim.verified_domain, claim.decided_at = domain, timezone.now()
    claim.full_clean()
    claim.save()
    if domain:
        Membership.objects.create(user=actor, organisation=organisation, role=Role.ADMIN)
        return claim
    _mail(
        "claim_new",
        _("Claim of %(organisation)s on Stadtnetz") % {"organisation": organisation.name},
        _office_addresses(),
        {"request": claim, "link": absolute_url(reverse("organisations:claims"))},
    )
    return claim


@transaction.atomic
def membership_request_create(
    *, actor, organisation: Organisation, message: str = ""
) -> MembershipRequest:
    """Ask the administrators of an organisation to let one join; they are told by mail."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    decision = can_request_membership(actor, organisation)
    if not decision:
        raise OrganisationError(str(decision.reason))
    _no_pending_request(actor, organisation)
    request = MembershipRequest(
        organisation=organisation, user=actor, kind=RequestKind.MEMBERSHIP,
        message=_clean_text(message, "message"),
    )  # fmt: skip
    request.full_clean()
    request.save()
    admins = Membership.objects.filter(organisation=organisation, role=Role.ADMIN).values_list(
        "user__email", flat=True
    )
    _mail(
        "membership_request_new",
        _("%(name)s asks to join %(organisation)s")
        % {"name": actor.display_name, "organisation": organisation.name},
        admins,
        {
            "request": request,
            "link": absolute_url(reverse("organisations:members", args=[organisation.slug])),
        },
    )
    return request


def _locked_pending(membership_request: MembershipRequest) -> MembershipRequest:
    locked = (
        MembershipRequest.objects.select_for_update()
        .select_related("organisation", "user")
        .get(pk=membership_request.pk)
    )
    if not locked.is_pending:
        raise OrganisationError(_("This request has already been decided."))
    return locked


@transaction.atomic
def membership_request_accept(
    *, actor, membership_request: MembershipRequest, role: str = Role.MEMBER
) -> Membership:
    """Accept: a claim makes the person the first administrator; a membership request gives the
    role the administrator chose. The person is told by mail."""
    can_decide_request(actor, membership_request).enforce()
    locked = _locked_pending(membership_request)
    organisation = Organisation.objects.select_for_update().get(pk=locked.organisation_id)
    if locked.kind == RequestKind.CLAIM:
        role = Role.ADMIN
        if Membership.objects.filter(organisation=organisation, role=Role.ADMIN).exists():
            raise OrganisationError(
                _(
                    "%(organisation)s has an administrator by now: refuse this claim, and the "
                    "person can ask the administrators to join."
                )
                % {"organisation": organisation.name}
            )
    elif role not in Role.values:
        raise ValidationError({"role": _("Please choose a valid role.")})
    membership, created = Membership.objects.get_or_create(
        user=locked.user, organisation=organisation, defaults={"role": role}
    )
    if not created and Role.rank(role) > Role.rank(membership.role):
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    locked.status, locked.role = RequestStatus.ACCEPTED, role
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.save(update_fields=["status", "role", "decided_by", "decided_at", "updated_at"])
    _mail(
        "membership_request_decided",
        _("Your request for %(organisation)s was accepted") % {"organisation": organisation.name},
        [locked.user.email],
        {"request": locked, "link": absolute_url(locked.organisation.get_absolute_url())},
    )
    membership_request.status = locked.status
    return membership


@transaction.atomic
def membership_request_refuse(
    *, actor, membership_request: MembershipRequest, reason: str
) -> MembershipRequest:
    """Refuse with a reason the person reads in the mail and on their start page."""
    can_decide_request(actor, membership_request).enforce()
    reason = _clean_text(
        reason, "reason", required_message=_("Please give the reason for the refusal.")
    )
    locked = _locked_pending(membership_request)
    locked.status, locked.reason = RequestStatus.REFUSED, reason
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
    _mail(
        "membership_request_decided",
        _("Your request for %(organisation)s was refused")
        % {"organisation": locked.organisation.name},
        [locked.user.email],
        {"request": locked, "link": absolute_url(locked.organisation.get_absolute_url())},
    )
    membership_request.status = locked.status
    return locked


_DOMAIN = re.compile(r"(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


@transaction.atomic
def organisation_set_official_domains(
    *, actor, organisation: Organisation, domains: str
) -> Organisation:
    """Set the official e-mail domains of a public body ("jena.de, stadt-jena.de")."""
    can_set_official_domains(actor, organisation).enforce()
    cleaned: list[str] = []
    for part in (domains or "").replace(";", ",").replace("\n", ",").split(","):
        domain = part.strip().lower().lstrip("@").rstrip(".")
        if not domain:
            continue
        if not _DOMAIN.fullmatch(domain):
            raise ValidationError(
                {"official_domains": _("“%(domain)s” is not a domain such as jena.de.")
                 % {"domain": part.strip()[:100]}}
            )  # fmt: skip
        if domain not in cleaned:
            cleaned.append(domain)
    if len(cleaned) > 10:
        raise ValidationError({"official_domains": _("Please name at most ten domains.")})
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    locked.official_domains = ", ".join(cleaned)
    locked.full_clean()
    locked.save(update_fields=["official_domains", "updated_at"])
    organisation.official_domains = locked.official_domains
    return locked
