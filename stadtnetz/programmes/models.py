# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Funding programmes, their calls (rounds), the versioned application form and criteria."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.models import BaseModel

from .querysets import CallQuerySet


class Programme(BaseModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    funder = models.CharField(_("funder"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=10_000)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", args=[self.slug])


class CallStatus(models.TextChoices):
    UPCOMING = "upcoming", _("upcoming")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class DocumentType(models.TextChoices):
    """Kinds of documents an application carries; calls require some of them (issue 16 item 12).
    The reviews app's late-document window names missing documents with the same labels."""

    PROJECT_DESCRIPTION = "project_description", _("Project description")
    COUNCIL_RESOLUTION = "council_resolution", _("Council resolution")
    COST_ESTIMATE = "cost_estimate", _("Cost estimate")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent of a partner")
    HARDSHIP_PROOF = "hardship_proof", _("Proof of budgetary hardship")
    OTHER = "other", _("Other document")


def document_type_for(name: str) -> str:
    """The document type whose German or English label is ``name`` (e.g. a missing document the
    office named in the formal check), else "other"."""
    from django.utils import translation

    wanted = " ".join(str(name).split()).casefold()
    for language in ("de", "en"):
        with translation.override(language):
            for code, label in DocumentType.choices:
                if str(label).casefold() == wanted:
                    return code
    return DocumentType.OTHER


DEFAULT_DECLARATIONS = (
    # The declarations applicants know from federal forms (easy-Online): the call's own legal
    # text, in the language of the call, kept as data with it (decision 0067).
    "Die Angaben in diesem Antrag und seinen Anlagen sind vollständig und richtig.",
    "Uns ist bekannt, dass die Angaben zu Zweck, Finanzierung und Eigenanteil subventionserhebliche "
    "Tatsachen im Sinne des § 264 StGB sind und falsche oder unvollständige Angaben strafbar sein "
    "können.",
    "Mit dem Vorhaben wurde noch nicht begonnen; vor der Bewilligung werden keine ihm zuzurechnenden "
    "Lieferungs- oder Leistungsverträge geschlossen (kein vorzeitiger Maßnahmenbeginn).",
    "Wir haben die Hinweise zum Datenschutz zur Kenntnis genommen und sind mit der Verarbeitung der "
    "Antragsdaten zur Prüfung und Abwicklung der Förderung einverstanden.",
)


def default_declarations() -> list[str]:
    return list(DEFAULT_DECLARATIONS)


class Call(BaseModel):
    """One round ("Staffel") of a programme. The deadline is an aware moment, never a date."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="calls")
    code = models.SlugField(_("code"), max_length=80, unique=True)
    round_year = models.PositiveSmallIntegerField(_("round year"))
    title = models.CharField(_("title"), max_length=300)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(
        _("closes at"), help_text=_("The current deadline; extensions are recorded separately.")
    )
    eligible_kinds = models.JSONField(_("eligible organisation kinds"), default=list)
    funding_rate = models.DecimalField(
        _("funding rate (%)"), max_digits=5, decimal_places=2, default=Decimal("65.00")
    )
    hardship_rate = models.DecimalField(
        _("hardship funding rate (%)"), max_digits=5, decimal_places=2, default=Decimal("90.00")
    )
    max_grant_phase_a = models.DecimalField(
        _("maximum grant phase A (strategy), EUR"), max_digits=14, decimal_places=2
    )
    max_grant_phase_b = models.DecimalField(
        _("maximum grant phase B (implementation), EUR"), max_digits=14, decimal_places=2
    )
    max_duration_months = models.PositiveSmallIntegerField(_("maximum duration (months)"))
    source_note = models.TextField(_("sources"), blank=True, max_length=5000)
    declarations = models.JSONField(
        _("mandatory declarations"), default=default_declarations, blank=True,
        help_text=_("What the applicant's signatory confirms on submission, one text each."),
    )  # fmt: skip

    required_documents = models.JSONField(
        _("required documents"), default=list, blank=True,
        help_text=_("Document types every application must carry before it can be submitted."),
    )  # fmt: skip

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "pk"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(name="call_closes_after_opening", condition=Q(closes_at__gt=F("opens_at"))),
            models.CheckConstraint(
                name="call_rates_valid",
                condition=Q(funding_rate__gt=0, funding_rate__lte=100, hardship_rate__gte=F("funding_rate"),
                            hardship_rate__lte=100),
            ),
            models.CheckConstraint(
                name="call_maxima_positive", condition=Q(max_grant_phase_a__gte=0, max_grant_phase_b__gte=0)
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:call_detail", args=[self.pk])

    def status_at(self, moment) -> str:
        """Open from opens_at (inclusive) up to and including closes_at (see ADR 0051)."""
        if moment < self.opens_at:
            return CallStatus.UPCOMING
        if moment <= self.closes_at:
            return CallStatus.OPEN
        return CallStatus.CLOSED

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def get_status_display(self) -> str:
        return str(CallStatus(self.status).label)

    @property
    def is_open(self) -> bool:
        return self.status == CallStatus.OPEN

    def eligible_kind_labels(self) -> list[str]:
        from stadtnetz.organisations.models import OrganisationKind

        labels = dict(OrganisationKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.eligible_kinds]

    def required_document_labels(self) -> list[tuple[str, str]]:
        labels = dict(DocumentType.choices)
        return [(code, str(labels.get(code, code))) for code in self.required_documents]

    def has_submissions(self) -> bool:
        """Once an application was submitted, the rules it was submitted under are fixed.

        Read through the reverse relations (applications point at their call, submissions at
        their application), so programmes imports nothing of the submissions app above it."""
        return self.applications.filter(submissions__isnull=False).exists()

    def current_form(self) -> FormVersion | None:
        cached = self.__dict__.get("_current_form", False)
        if cached is False:
            cached = self.form_versions.order_by("-number").first()
            self.__dict__["_current_form"] = cached
        return cached


class DeadlineExtension(models.Model):
    """Append-only record of each change of a call's deadline."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="extensions")
    previous_closes_at = models.DateTimeField(_("previous deadline"))
    new_closes_at = models.DateTimeField(_("new deadline"))
    reason = models.CharField(_("reason"), max_length=500)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    extended_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["extended_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="extension_moves_deadline_later",
                condition=Q(new_closes_at__gt=F("previous_closes_at")),
            )
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class FormVersion(models.Model):
    """An immutable version of a call's application form. Editing the form adds a version."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="form_versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="unique_form_version")
        ]

    def __str__(self) -> str:
        return f"{self.call} v{self.number}"

    def as_data(self) -> list[dict]:
        return [section.as_data() for section in self.sections.all()]


class FormSection(models.Model):
    form = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True, max_length=5000)
    required = models.BooleanField(_("required"), default=True)
    char_limit = models.PositiveIntegerField(_("character limit"), default=5000)

    class Meta:
        ordering = ["form", "position"]
        constraints = [
            models.UniqueConstraint(fields=["form", "key"], name="unique_section_key"),
            models.CheckConstraint(
                name="section_limit_sane", condition=Q(char_limit__gte=1, char_limit__lte=100_000)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def as_data(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "guidance": self.guidance,
            "required": self.required,
            "char_limit": self.char_limit,
        }


class CriteriaGroup(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria_groups")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["call", "position"]
        constraints = [
            models.CheckConstraint(
                name="criteria_weight_range", condition=Q(weight__gte=0, weight__lte=100)
            )
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    group = models.ForeignKey(CriteriaGroup, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=500)
    # Reviewers may answer "not applicable"; such answers are left out of the weighted mean.
    allows_not_applicable = models.BooleanField(
        _("may be answered “not applicable”"), default=False
    )

    class Meta:
        ordering = ["group", "position"]

    def __str__(self) -> str:
        return self.title
