# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Organisations (the actors of the platform), their members and invitations."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.models import BaseModel
from stadtnetz.municipalities.models import County, Municipality


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    COUNTY = "county", _("County")
    COOPERATION = "cooperation", _("Inter-municipal cooperation")
    CONSULTANCY = "consultancy", _("Consultancy")
    PROGRAMME_OFFICE = "programme_office", _("Programme office")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association")

    @classmethod
    def public_bodies(cls) -> set[str]:
        return {cls.MUNICIPALITY, cls.COUNTY, cls.COOPERATION}


class Role(models.TextChoices):
    MEMBER = "member", _("Member (read)")
    EDITOR = "editor", _("Editor (write)")
    ADMIN = "admin", _("Administrator (manage members)")

    @classmethod
    def rank(cls, role: str) -> int:
        return {cls.MEMBER: 1, cls.EDITOR: 2, cls.ADMIN: 3}.get(role, 0)


class Organisation(BaseModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True,
        related_name="organisations", verbose_name=_("municipality"),
    )  # fmt: skip
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True,
        related_name="organisations", verbose_name=_("county"),
    )  # fmt: skip
    description = models.TextField(_("description"), blank=True, max_length=5000)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    official_domains = models.CharField(
        _("official email domains"),
        max_length=500,
        blank=True,
        help_text=_(
            "Comma-separated, for example “jena.de”. A person with a confirmed address on one of "
            "them (or a subdomain) may claim the organisation while it has no administrator."
        ),
    )
    # Optimistic lock of the edit form (core.versioning): counted up by every saved change.
    version = models.PositiveIntegerField(default=0)
    in_budgetary_hardship = models.BooleanField(
        _("in budgetary hardship"),
        default=False,
        help_text=_(
            "Municipalities in budgetary hardship (Haushaltsnotlage) can receive a higher "
            "funding rate."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                name="organisation_registry_link_matches_kind",
                condition=(
                    Q(kind="municipality", municipality__isnull=False, county__isnull=True)
                    | Q(kind="county", county__isnull=False, municipality__isnull=True)
                    | (
                        ~Q(kind__in=["municipality", "county"])
                        & Q(municipality__isnull=True, county__isnull=True)
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["municipality"], condition=Q(kind="municipality"),
                name="one_organisation_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["county"], condition=Q(kind="county"), name="one_organisation_per_county",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.slug])

    @property
    def is_public_body(self) -> bool:
        return self.kind in OrganisationKind.public_bodies()

    @property
    def email_domains(self) -> list[str]:
        """The domains that prove an address belongs to this public body: the official domains
        set by the programme office or staff, else the host of the stored website."""
        domains = [
            part.strip().lower().lstrip("@").rstrip(".")
            for part in self.official_domains.replace(";", ",").split(",")
        ]
        domains = [domain for domain in domains if "." in domain]
        if not domains and self.website:
            host = (urlsplit(self.website).hostname or "").lower()
            host = host.removeprefix("www.")
            if "." in host:
                domains = [host]
        return domains

    def matching_domain(self, email: str) -> str:
        """The official domain the address is on ("" when none): equal or a subdomain."""
        host = email.rpartition("@")[2].strip().lower().rstrip(".")
        for domain in self.email_domains:
            if host == domain or host.endswith("." + domain):
                return domain
        return ""


class HardshipRecord(models.Model):
    """Append-only history of the budgetary hardship flag: who set it, to what, when, why."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="hardship_records"
    )
    value = models.BooleanField(_("in budgetary hardship"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.value} ({self.changed_at:%Y-%m-%d})"


class CooperationMember(BaseModel):
    """A municipality or county taking part in an inter-municipal cooperation."""

    cooperation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="cooperation_members"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_lead = models.BooleanField(_("lead"), default=False)

    class Meta:
        ordering = ["-is_lead", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cooperation_member_is_municipality_or_county",
                condition=Q(municipality__isnull=False, county__isnull=True)
                | Q(municipality__isnull=True, county__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["cooperation", "municipality"], name="unique_cooperation_municipality"
            ),
            models.UniqueConstraint(
                fields=["cooperation", "county"], name="unique_cooperation_county"
            ),
            models.UniqueConstraint(
                fields=["cooperation"], condition=Q(is_lead=True), name="one_lead_per_cooperation"
            ),
        ]

    @property
    def entry(self):
        return self.municipality or self.county

    @property
    def key(self) -> str:
        return self.municipality.ags if self.municipality else self.county.key


class Membership(BaseModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_user"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["member", "editor", "admin"]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Invitation(BaseModel):
    """An emailed link that lets one person join an organisation with a role, until it expires."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def status(self) -> str:
        if self.accepted_at:
            return str(_("accepted"))
        if self.revoked_at:
            return str(_("revoked"))
        if self.expires_at <= timezone.now():
            return str(_("expired"))
        return str(_("pending"))


class RequestKind(models.TextChoices):
    CLAIM = "claim", _("Claim (first administrator)")
    MEMBERSHIP = "membership", _("Membership")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for a decision")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")


class MembershipRequest(BaseModel):
    """A person asks to join an organisation, or to claim a public body that has no administrator.

    Its admins decide membership requests; the programme office decides claims, unless the
    person's confirmed address is on an official domain of the organisation (then the claim is
    accepted at once and the domain recorded). Who decided, when and why is kept.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="membership_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_requests"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RequestKind.choices)
    message = models.TextField(_("your function and why"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, blank=True)
    verified_domain = models.CharField(
        _("confirmed by the email domain"), max_length=200, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], condition=Q(status="pending"),
                name="one_pending_request_per_person_and_organisation",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["claim", "membership"]), name="membership_request_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "refused"]),
                name="membership_request_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="decided_request_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(reason=""), name="refused_request_has_reason"
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.kind}, {self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING
