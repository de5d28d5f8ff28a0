# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Applications for calls: answers, budget, attachments, collaborators, submissions and receipts."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.models import BaseModel
from stadtnetz.municipalities.models import PlaceCategory
from stadtnetz.organisations.models import Organisation
from stadtnetz.programmes.models import Call, DocumentType


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Phase(models.TextChoices):
    A = "A", _("Phase A (strategy)")
    B = "B", _("Phase B (implementation)")


class CostCategory(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    MATERIAL = "material", _("Material costs")
    INVESTMENT = "investment", _("Investments")
    THIRD_PARTY = "third_party", _("Third-party services")
    OTHER = "other", _("Other")


class Application(BaseModel):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    title = models.CharField(_("project title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    starts_on = models.DateField(_("planned start"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True
    )
    # Optimistic lock of title, start and duration (core.versioning), like each section's version.
    details_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The funding side of the plan (decision 0062): the grant follows from costs × rate; the
    # rest of each phase is paid by third parties (these amounts) and the applicant's own funds.
    third_party_funds_a = models.DecimalField(
        _("third-party funds phase A (EUR)"), max_digits=14, decimal_places=2, default=0
    )
    third_party_funds_b = models.DecimalField(
        _("third-party funds phase B (EUR)"), max_digits=14, decimal_places=2, default=0
    )
    # The binding signature (decision 0067): an administrator of the organisation names the
    # authorised signatory and confirms the call's declarations. Any later change of the content
    # clears it, so what is signed is what is submitted.
    signatory_name = models.CharField(_("authorised signatory"), max_length=200, blank=True)
    signatory_function = models.CharField(
        _("function of the signatory"), max_length=200, blank=True
    )
    confirmed_declarations = models.JSONField(_("confirmed declarations"), default=list, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="one_application_per_organisation_and_call"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "withdrawn"]),
                name="application_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(third_party_funds_a__gte=0, third_party_funds_b__gte=0),
                name="application_third_party_funds_not_negative",
            ),
        ]

    @property
    def is_signed(self) -> bool:
        """Signed for the call's current declarations (a changed text needs a new signature)."""
        return bool(self.signed_at and self.signatory_name and self.signatory_function
                    and self.confirmed_declarations == list(self.call.declarations))  # fmt: skip

    def hardship_request(self):
        """The newest hardship request (cached), or None."""
        if "_hardship_request" not in self.__dict__:
            self.__dict__["_hardship_request"] = self.hardship_requests.order_by(
                "-requested_at", "-pk"
            ).first()
        return self.__dict__["_hardship_request"]

    def third_party_funds(self) -> dict[str, Decimal]:
        return {"A": self.third_party_funds_a, "B": self.third_party_funds_b}

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("submissions:application_detail", args=[self.pk])

    @property
    def deadline_passed(self) -> bool:
        return timezone.now() > self.call.closes_at

    @property
    def is_editable(self) -> bool:
        """Sections, budget and files can change: not submitted and the deadline not passed."""
        return self.status != ApplicationStatus.SUBMITTED and not self.deadline_passed


class StatusRecord(models.Model):
    """Append-only lifecycle history of an application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_records"
    )
    status = models.CharField(max_length=10, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class SectionAnswer(models.Model):
    """The current text of one form section, with an optimistic-locking version number."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    key = models.SlugField(max_length=50)
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "key"], name="one_answer_per_section")
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class SectionRevision(models.Model):
    """Every saved version of a section (append-only): who, what, when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="revisions")
    key = models.SlugField(max_length=50)
    version = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "key", "version"], name="unique_section_revision"
            )
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    phase = models.CharField(_("phase"), max_length=1, choices=Phase.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=12, choices=CostCategory.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["phase", "year", "category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0, amount__lte=1_000_000_000), name="budget_amount_range"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="budget_year_range"
            ),
            models.CheckConstraint(
                condition=Q(
                    category__in=["personnel", "material", "investment", "third_party", "other"]
                ),
                name="budget_category_valid",
            ),
            models.CheckConstraint(condition=Q(phase__in=["A", "B"]), name="budget_phase_valid"),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class CollaboratorRight(models.TextChoices):
    EDIT = "edit", _("edit and comment")
    COMMENT = "comment", _("comment only")


class Collaborator(models.Model):
    """An external person invited to one application (e.g. a consultant), revocable at any time."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="collaborators"
    )
    email = models.EmailField(_("email address"))
    right = models.CharField(_("right"), max_length=10, choices=CollaboratorRight.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="collaborations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.user_id is not None and self.revoked_at is None

    @property
    def status(self) -> str:
        if self.revoked_at:
            return str(_("revoked"))
        if self.accepted_at:
            return str(_("active"))
        if self.expires_at <= timezone.now():
            return str(_("expired"))
        return str(_("invited"))


class Comment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    section_key = models.SlugField(max_length=50)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Attachment(models.Model):
    """A file stored under MEDIA_ROOT/private (never served by the web server directly)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    document_type = models.CharField(
        _("document type"), max_length=30, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Submission(models.Model):
    """One submitted version: frozen snapshot, PDF, and the receipt (number, moment, PDF hash)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="submissions"
    )
    version = models.PositiveIntegerField()
    receipt_number = models.CharField(_("receipt number"), max_length=40, unique=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    snapshot = models.JSONField()
    pdf = models.BinaryField(null=True, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, db_index=True, blank=True)
    total_costs = models.DecimalField(max_digits=14, decimal_places=2)
    requested_grant = models.DecimalField(max_digits=14, decimal_places=2)
    organisation_kind = models.CharField(max_length=20)
    size_class = models.CharField(max_length=20, blank=True, choices=PlaceCategory.choices)
    state_code = models.CharField(max_length=2, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["application", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "version"], name="unique_submission_version"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_valid_submission",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number

    def get_absolute_url(self) -> str:
        return reverse("submissions:receipt", args=[self.application_id, self.version])

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None

    @property
    def pdf_ready(self) -> bool:
        return bool(self.pdf_sha256)


class HardshipState(models.TextChoices):
    PENDING = "pending", _("waiting for the programme office")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


class HardshipRequest(models.Model):
    """A request for the hardship funding rate with its proof; the programme office decides
    (decision 0068). Until a request is approved, the call's normal funding rate applies."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="hardship_requests"
    )
    proof = models.ForeignKey(
        Attachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=2000)
    state = models.CharField(
        _("status"), max_length=10, choices=HardshipState.choices, default=HardshipState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("reason for the decision"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "approved", "refused"]),
                name="hardship_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(state="pending") | Q(decided_at__isnull=False),
                name="hardship_decision_has_moment",
            ),
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(decision_note=""),
                name="hardship_refusal_has_reason",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state__in=["pending", "approved"]),
                name="one_open_hardship_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class ChangeEvent(models.Model):
    """The history of an application (append-only): who did what, when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20)
    summary = models.CharField(max_length=500)
    section_key = models.CharField(max_length=50, blank=True)
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"
