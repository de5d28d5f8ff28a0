# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Saved assessments of organisations: answers with evidence, scores, append-only status history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.models import BaseModel
from stadtnetz.organisations.models import Organisation


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


class Assessment(BaseModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessments",
        verbose_name=_("organisation"),
    )  # fmt: skip
    questionnaire_version = models.CharField(_("questionnaire version"), max_length=20)
    questionnaire_major = models.PositiveSmallIntegerField(_("major version"))
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    overall_stage = models.CharField(_("overall stage"), max_length=3, blank=True)
    overall_index = models.DecimalField(
        _("overall index"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    # peer-group context at the time of completion (not scored; B7)
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    size_class = models.CharField(_("size class"), max_length=20, blank=True)
    state_code = models.CharField(_("state"), max_length=2, blank=True)
    evidenced_share = models.DecimalField(
        _("share of upper-stage answers with evidence"), max_digits=4, decimal_places=3,
        null=True, blank=True,
    )  # fmt: skip

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "completed"]), name="assessment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(completed_at__isnull=False),
                name="completed_assessment_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "questionnaire_major", "size_class"])]

    def __str__(self) -> str:
        return f"{self.organisation} {self.assessed_on:%Y-%m-%d} ({self.questionnaire_version})"

    def get_absolute_url(self) -> str:
        return reverse("assessments:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(_("question"), max_length=3)
    option = models.CharField(_("answer"), max_length=7)
    evidence_url = models.URLField(_("evidence: web address"), max_length=500, blank=True)
    evidence_decision = models.CharField(
        _("evidence: council decision"), max_length=500, blank=True
    )
    evidence_document = models.CharField(_("evidence: document"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.option}"

    @property
    def evidence(self) -> dict[str, str]:
        fields = {
            "url": self.evidence_url,
            "decision": self.evidence_decision,
            "document": self.evidence_document,
        }
        return {key: value for key, value in fields.items() if value}


class DimensionScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="dimension_scores"
    )
    dimension = models.CharField(_("dimension"), max_length=1)
    stage = models.CharField(_("stage"), max_length=3, blank=True)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="one_score_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.stage or '-'} ({self.score})"


class StatusRecord(models.Model):
    """Append-only: who moved an assessment into which status, when."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="status_records"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.status} at {self.at:%Y-%m-%d %H:%M}"


class Sharing(BaseModel):
    """What an organisation lets others see of its maturity (opt-in only, docs/decisions/0013-opt-in-ranking-and-learning-partners.md).

    Without a row nothing is shared beyond the anonymous aggregates of groups of at least the
    minimum size. ``named_in_ranking``: its latest result appears by name in the public ranking.
    ``learning_partner``: others one stage below in a dimension are pointed to it and its projects.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="assessment_sharing"
    )
    named_in_ranking = models.BooleanField(_("named in the public ranking"), default=False)
    learning_partner = models.BooleanField(_("offered as a learning partner"), default=False)

    class Meta:
        verbose_name = _("sharing of assessment results")

    def __str__(self) -> str:
        return (
            f"{self.organisation}: ranking={self.named_in_ranking} partner={self.learning_partner}"
        )


class SharingRecord(models.Model):
    """Append-only: every change of an organisation's consent, with who and when."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessment_sharing_records"
    )
    named_in_ranking = models.BooleanField()
    learning_partner = models.BooleanField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation_id} at {self.at:%Y-%m-%d %H:%M}"


class EvidenceDocument(models.Model):
    """A document that backs an answer (a council decision, a strategy, a report), stored under
    MEDIA_ROOT/private and served only to those who may see the assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="evidence_documents"
    )
    question = models.CharField(_("question"), max_length=3)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["question", "uploaded_at", "pk"]
        verbose_name = _("evidence document")

    def __str__(self) -> str:
        return f"{self.question}: {self.name}"
