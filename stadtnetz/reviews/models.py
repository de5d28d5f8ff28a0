# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Review and selection of a call's submitted applications.

One ``ReviewCase`` per submitted application carries its review state; every change of state
appends a ``Transition`` (who, when, why). Everything else hangs off the case or the call.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadtnetz.programmes.models import Call, CriteriaGroup, Criterion
from stadtnetz.submissions.models import Application

USER = settings.AUTH_USER_MODEL
SCALE_MAX = 5


class ReviewState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    FORMAL_CHECK = "formal_check", _("formal check")
    INELIGIBLE = "ineligible", _("formally ineligible")
    IN_REVIEW = "in_review", _("in review")
    RECONCILIATION = "reconciliation", _("reconciliation")
    REVIEWED = "reviewed", _("reviewed")
    SELECTED = "selected", _("selected")
    WAITING_LIST = "waiting_list", _("waiting list")
    REJECTED = "rejected", _("rejected")


DECIDED = (ReviewState.SELECTED, ReviewState.WAITING_LIST, ReviewState.REJECTED)


class CallReviewSettings(models.Model):
    """How a call is reviewed. Created with defaults the first time the office opens the review."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="review_settings")
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=2
    )
    max_load = models.PositiveSmallIntegerField(
        _("maximum applications per reviewer"), null=True, blank=True,
        help_text=_("Empty: each reviewer gets the mean load, plus or minus one."),
    )  # fmt: skip
    reconciliation_threshold = models.DecimalField(
        _("reconciliation threshold (points)"), max_digits=4, decimal_places=2,
        default=Decimal("1.50"),
        help_text=_("Weighted scores of two reviewers further apart than this are reconciled."),
    )  # fmt: skip
    late_document_days = models.PositiveSmallIntegerField(
        _("late-document window (days after the deadline)"), default=30
    )
    comment_limit = models.PositiveIntegerField(_("character limit per comment"), default=2000)
    share_anonymised_comments = models.BooleanField(
        _("share anonymised review comments with applicants"), default=False
    )
    scale_anchors = models.JSONField(_("anchor texts of the levels 0 to 5"), default=list)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="review_settings_sane",
                condition=Q(reviewers_per_application__gte=1, reviewers_per_application__lte=10,
                            reconciliation_threshold__gte=0, comment_limit__gte=100),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class ChecklistItem(models.Model):
    """One item of a call's formal check (data with the call, not code)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="checklist_items")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("item"), max_length=300)

    class Meta:
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="unique_checklist_position")
        ]

    def __str__(self) -> str:
        return self.text


class ReviewCase(models.Model):
    """The review of one submitted application: its state and what was decided."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="review_case"
    )
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="review_cases")
    state = models.CharField(
        _("review state"), max_length=20, choices=ReviewState.choices, default=ReviewState.SUBMITTED
    )
    state_reason = models.TextField(_("reason"), blank=True, max_length=5000)
    waiting_rank = models.PositiveSmallIntegerField(
        _("place on the waiting list"), null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    model_project = models.OneToOneField(
        "projects.ModelProject", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="review_case", verbose_name=_("model project"),
    )  # fmt: skip
    main_field = models.CharField(
        _("main field of action"), max_length=40, blank=True,
        help_text=_("Set by the office; the automatic assignment looks for a reviewer with it."),
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["call", "pk"]
        constraints = [
            models.CheckConstraint(
                name="review_case_state_valid",
                condition=Q(state__in=[choice for choice, _label in ReviewState.choices]),
            ),
            models.CheckConstraint(
                name="waiting_rank_only_on_waiting_list",
                condition=Q(waiting_rank__isnull=True) | Q(state="waiting_list"),
            ),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Transition(models.Model):
    """Append-only: one change of a case's state."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=ReviewState.choices)
    to_state = models.CharField(max_length=20, choices=ReviewState.choices)
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class FormalCheck(models.Model):
    """One run of the formal check of an application (append-only)."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="formal_checks")
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    passed = models.BooleanField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class FormalCheckResult(models.Model):
    check_run = models.ForeignKey(FormalCheck, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["check_run", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["check_run", "item"], name="one_result_per_item"),
            models.CheckConstraint(
                name="failed_item_has_note", condition=Q(passed=True) | ~Q(note="")
            ),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class MissingDocument(models.Model):
    """A document the office named as missing in the formal check. The applicant's editors may
    upload it within the call's late-document window without reopening the application; the file
    is an attachment of the application (same checks and storage as every attachment)."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="missing_documents")
    name = models.CharField(_("document"), max_length=200)
    requested_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    attachment = models.OneToOneField(
        "submissions.Attachment", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="late_document",
    )  # fmt: skip
    provided_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    provided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="one_missing_document_per_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_provided(self) -> bool:
        return self.provided_at is not None


class PoolMember(models.Model):
    """A reviewer invited to review for a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewer_pool")
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="review_pools")
    expertise = models.JSONField(_("expertise tags"), default=list, blank=True)
    invited_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["call", "reviewer__last_name", "reviewer__username"]
        constraints = [models.UniqueConstraint(fields=["call", "reviewer"], name="one_pool_entry")]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class ConflictDeclaration(models.Model):
    """What a reviewer declared about one application (the current answer; changes in the log)."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="declarations")
    reviewer = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    conflicted = models.BooleanField(_("conflict of interest"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "reviewer"], name="one_declaration_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class AssignmentSource(models.TextChoices):
    AUTOMATIC = "automatic", _("automatic proposal, confirmed")
    MANUAL = "manual", _("manual")


class Assignment(models.Model):
    """A reviewer assigned to a case. Removing it keeps the row (removed_at, reason)."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="review_assignments")
    source = models.CharField(max_length=10, choices=AssignmentSource.choices)
    assigned_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removed_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["case", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "reviewer"], condition=Q(removed_at__isnull=True),
                name="one_active_assignment",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Recommendation(models.TextChoices):
    FUND = "fund", _("fund")
    FUND_WITH_CONDITIONS = "conditions", _("fund with conditions")
    DO_NOT_FUND = "no", _("do not fund")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")


class Review(models.Model):
    """One reviewer's review of one application. Submitted reviews are frozen until reopened."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=12, choices=Recommendation.choices, blank=True
    )
    summary = models.TextField(_("summary"), blank=True, max_length=5000)
    weighted_score = models.DecimalField(
        _("weighted score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "reviewer"], name="one_review_per_reviewer"),
            models.CheckConstraint(
                name="submitted_review_complete",
                condition=Q(status="draft")
                | (~Q(recommendation="") & Q(submitted_at__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED


class ReviewScore(models.Model):
    """The score of one criterion (or of a group without criteria: criterion empty)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    group = models.ForeignKey(CriteriaGroup, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "group__position", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "group", "criterion"], name="one_score_per_item",
                                    nulls_distinct=False),
            models.CheckConstraint(name="score_in_scale", condition=Q(value__isnull=True) | Q(value__lte=SCALE_MAX)),
            models.CheckConstraint(name="na_has_no_value", condition=Q(not_applicable=False) | Q(value__isnull=True)),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class ReviewRevision(models.Model):
    """Append-only: the content of a submitted review when the office reopened it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="revisions")
    snapshot = models.JSONField()
    reopened_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    reopened_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=1000)

    class Meta:
        ordering = ["reopened_at", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class ReconciliationOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("scores confirmed")
    REVISED = "revised", _("scores revised")


class Reconciliation(models.Model):
    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="reconciliations")
    opened_at = models.DateTimeField(default=timezone.now)
    trigger = models.CharField(max_length=500)
    outcome = models.CharField(max_length=10, choices=ReconciliationOutcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True, max_length=5000)
    closed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(closed_at__isnull=True),
                                    name="one_open_reconciliation"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class ReconciliationMessage(models.Model):
    reconciliation = models.ForeignKey(
        Reconciliation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("message"), max_length=5000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class SelectionRun(models.Model):
    """One run of the optimiser: everything that went in and came out (append-only)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="selection_runs")
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    constraints = models.JSONField()
    candidates = models.JSONField()
    solver = models.CharField(max_length=100)
    status = models.CharField(max_length=20)
    objective = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    selected = models.JSONField(default=list)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict)
    greedy_selected = models.JSONField(default=list)
    greedy_objective = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class AuditEvent(models.Model):
    """Append-only log of a call's review: invitations, declarations, assignments, reopenings."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="review_events")
    case = models.ForeignKey(
        ReviewCase, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=30)
    summary = models.CharField(max_length=1000)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"
