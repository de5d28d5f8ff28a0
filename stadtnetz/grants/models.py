# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The funded life of a model project after the award (issue 12).

A grant notice (Zuwendungsbescheid) is issued from a selected application. It carries the
approved plan as numbered versions (version 1 at award; each approved change request adds one,
the previous stays visible), the conditions (Nebenbestimmungen) and the reporting schedule.
Payment requests (Mittelabruf), interim and final statements (Zwischennachweis,
Verwendungsnachweis) and change requests (Änderungsantrag) hang off the notice; every state
change of them is an appended event row that is never updated.

Money is Decimal with two places; the funding rate is a percentage (65.00 or 90.00).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.models import BaseModel

MONEY = {"max_digits": 14, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


class Phase(models.TextChoices):
    A = "A", _("Phase A (strategy)")
    B = "B", _("Phase B (implementation)")


class AppendOnly(models.Model):
    """An event row: written once, never changed (state history)."""

    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(_("note"), blank=True, max_length=5000)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows are append-only")


class GrantSettings(models.Model):
    """Post-award settings of a call (defaults follow the federal rules)."""

    call = models.OneToOneField(
        "programmes.Call", on_delete=models.CASCADE, related_name="grant_settings"
    )
    payment_window_weeks = models.PositiveSmallIntegerField(
        _("payment window (weeks)"),
        default=6,
        help_text=_("Funds may be requested for expenditure due within this many weeks."),
    )
    interim_due_months = models.PositiveSmallIntegerField(
        _("interim statement due (months after the year's end)"), default=4
    )
    final_due_months = models.PositiveSmallIntegerField(
        _("final statement due (months after the project's end)"), default=6
    )

    class Meta:
        verbose_name = _("grant settings")
        verbose_name_plural = _("grant settings")

    def __str__(self) -> str:
        return f"GrantSettings {self.call_id}"


class GrantNotice(BaseModel):
    """The Zuwendungsbescheid of one model project."""

    project = models.OneToOneField(
        "projects.ModelProject", on_delete=models.PROTECT, related_name="grant_notice"
    )
    application = models.OneToOneField(
        "submissions.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_notice",
    )
    reference = models.CharField(_("file reference"), max_length=40, unique=True)
    funding_rate = models.DecimalField(_("funding rate (%)"), max_digits=5, decimal_places=2)
    hardship = models.BooleanField(_("budgetary hardship (higher rate)"), default=False)
    starts_in_phase = models.CharField(
        _("starts in phase"), max_length=1, choices=Phase.choices, default=Phase.A
    )
    period_start = models.DateField(_("project period from"))
    period_end = models.DateField(_("project period until"))
    allow_parallel_payment_requests = models.BooleanField(
        _("several open payment requests allowed"), default=False
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    pdf = models.BinaryField(_("notice as PDF"), blank=True, default=b"")
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["reference"]
        verbose_name = _("grant notice")
        verbose_name_plural = _("grant notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="grant_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(funding_rate__gt=0) & Q(funding_rate__lte=100),
                name="grant_rate_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class GrantCondition(models.Model):
    """One Nebenbestimmung of the notice, as text."""

    notice = models.ForeignKey(GrantNotice, on_delete=models.CASCADE, related_name="conditions")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("condition"), max_length=5000)

    class Meta:
        ordering = ["notice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "position"], name="one_condition_per_pos")
        ]

    def __str__(self) -> str:
        return f"GrantCondition {self.notice_id}/{self.position}"


class PlanVersion(models.Model):
    """One version of the approved plan; the highest number is in force."""

    notice = models.ForeignKey(GrantNotice, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    change_request = models.OneToOneField(
        "ChangeRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_version",
    )
    period_end = models.DateField(_("project period until"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["notice", "number"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="one_plan_version_number")
        ]

    def __str__(self) -> str:
        return f"PlanVersion {self.notice_id}/{self.number}"


class PlanLine(models.Model):
    """Approved eligible costs and grant of one category in one year of one phase."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="lines")
    phase = models.CharField(_("phase"), max_length=1, choices=Phase.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=12)  # submissions.CostCategory
    eligible_costs = models.DecimalField(_("eligible costs (EUR)"), **MONEY)
    grant = models.DecimalField(_("grant (EUR)"), **MONEY)

    class Meta:
        ordering = ["version", "phase", "year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "phase", "year", "category"], name="one_plan_line_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(eligible_costs__gte=0) & Q(grant__gte=0),
                name="plan_line_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(grant__lte=models.F("eligible_costs")),
                name="plan_line_grant_within_costs",
            ),
        ]

    def __str__(self) -> str:
        return f"PlanLine {self.version_id} {self.phase}/{self.year}/{self.category}"


class StrategyState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    CHANGES_REQUESTED = "changes", _("changes requested")


class StrategyDocument(models.Model):
    """The strategy that ends phase A: uploaded by the municipality, approved by the office.

    The file is stored like an application attachment (private, sniffed)."""

    notice = models.ForeignKey(GrantNotice, on_delete=models.CASCADE, related_name="strategies")
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300, unique=True)
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        _("state"), max_length=10, choices=StrategyState.choices, default=StrategyState.SUBMITTED
    )
    decided_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True, max_length=5000)

    class Meta:
        ordering = ["notice", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="approved", approved_on__isnull=False) | ~Q(state="approved"),
                name="strategy_approved_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"StrategyDocument {self.pk}"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    REACHED = "reached", _("reached")
    LATE = "late", _("late")
    DROPPED = "dropped", _("dropped")


class Milestone(BaseModel):
    """A milestone of a measure in the work plan. Overdue = planned/late and due before today."""

    measure = models.ForeignKey(
        "projects.Measure", on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True, max_length=5000)
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=500)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="reached") | Q(reached_on__isnull=False),
                name="milestone_reached_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PaymentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    CHECKED = "checked", _("checked (first approval)")
    RELEASED = "released", _("released (second approval)")
    PAID = "paid", _("paid")
    CHANGES_REQUESTED = "changes", _("changes requested")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_PAYMENT_STATES = ("draft", "submitted", "checked", "released", "changes")


class PaymentRequest(BaseModel):
    """A Mittelabruf: funds for expenditure due within the call's payment window."""

    notice = models.ForeignKey(
        GrantNotice, on_delete=models.PROTECT, related_name="payment_requests"
    )
    number = models.PositiveIntegerField(_("number"))
    phase = models.CharField(_("phase"), max_length=1, choices=Phase.choices)
    year = models.PositiveSmallIntegerField(_("budget year"))
    due_by = models.DateField(_("expenditure due by"))
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.DRAFT
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    checked_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["notice", "number"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="one_payment_number"),
            models.CheckConstraint(
                condition=Q(released_by__isnull=True)
                | Q(checked_by__isnull=True)
                | ~Q(released_by=models.F("checked_by")),
                name="payment_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"PaymentRequest {self.notice_id}/{self.number}"


class PaymentLine(models.Model):
    """Eligible expenditure of one budget category and the grant requested for it."""

    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=12)
    expenditure = models.DecimalField(_("eligible expenditure (EUR)"), **MONEY)
    grant = models.DecimalField(_("requested grant (EUR)"), **MONEY)

    class Meta:
        ordering = ["request", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "category"], name="one_payment_line_per_cat"
            ),
            models.CheckConstraint(
                condition=Q(expenditure__gt=0) & Q(grant__gte=0), name="payment_line_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"PaymentLine {self.request_id}/{self.category}"


class PaymentEvent(AppendOnly):
    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=PaymentStatus.choices)

    class Meta(AppendOnly.Meta):
        pass

    def __str__(self) -> str:
        return f"PaymentEvent {self.request_id} {self.status}"


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("interim statement (Zwischennachweis)")
    FINAL = "final", _("final statement of use (Verwendungsnachweis)")


class ReportStatus(models.TextChoices):
    DUE = "due", _("due")
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    CHANGES_REQUESTED = "changes", _("changes requested")
    ACCEPTED = "accepted", _("accepted")


class ReportSection(models.Model):
    """A text section of a report form; forms are data per call and report kind."""

    call = models.ForeignKey(
        "programmes.Call", on_delete=models.CASCADE, related_name="report_sections"
    )
    kind = models.CharField(_("report kind"), max_length=10, choices=ReportKind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True, max_length=5000)
    required = models.BooleanField(_("required"), default=True)
    char_limit = models.PositiveIntegerField(_("character limit"), default=5000)

    class Meta:
        ordering = ["call", "kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind", "key"], name="one_report_section_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class Report(BaseModel):
    """One scheduled statement: interim (per budget year) or final."""

    notice = models.ForeignKey(GrantNotice, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    period_year = models.PositiveSmallIntegerField(_("year reported"), null=True, blank=True)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["notice", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "kind", "period_year"], name="one_report_per_period"
            ),
            models.UniqueConstraint(
                fields=["notice"], condition=Q(kind="final"), name="one_final_report"
            ),
        ]

    def __str__(self) -> str:
        return f"Report {self.notice_id} {self.kind} {self.period_year or ''}".strip()


class ReportExpenditure(models.Model):
    """Numerical statement: expenditure actually spent per category and year."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="expenditures")
    phase = models.CharField(_("phase"), max_length=1, choices=Phase.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=12)
    amount = models.DecimalField(_("spent (EUR)"), **MONEY)

    class Meta:
        ordering = ["report", "phase", "year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "phase", "year", "category"], name="one_expenditure_per_cell"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="expenditure_not_negative"),
        ]

    def __str__(self) -> str:
        return f"ReportExpenditure {self.report_id}"


class ReportContract(models.Model):
    """A contract awarded with the grant (list of contracts of the final statement)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="contracts")
    contractor = models.CharField(_("contractor"), max_length=300)
    subject = models.CharField(_("subject"), max_length=500)
    amount = models.DecimalField(_("amount (EUR)"), **MONEY)
    awarded_on = models.DateField(_("awarded on"))
    procedure = models.CharField(_("award procedure"), max_length=200, blank=True)

    class Meta:
        ordering = ["report", "awarded_on", "pk"]

    def __str__(self) -> str:
        return self.subject


class ReportEvent(AppendOnly):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=ReportStatus.choices)

    class Meta(AppendOnly.Meta):
        pass

    def __str__(self) -> str:
        return f"ReportEvent {self.report_id} {self.status}"


class ChangeKind(models.TextChoices):
    BUDGET = "budget", _("shift money between categories or years")
    PERIOD = "period", _("extend the project period")
    MILESTONES = "milestones", _("change milestones")


class ChangeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ChangeRequest(BaseModel):
    """An Änderungsantrag. ``proposed_lines`` is the whole proposed plan (list of
    {phase, year, category, eligible_costs, grant} with decimal strings) for a budget change;
    ``milestone_changes`` a list of {id, due_on, status, title} for a milestone change."""

    notice = models.ForeignKey(
        GrantNotice, on_delete=models.PROTECT, related_name="change_requests"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ChangeKind.choices)
    reason = models.TextField(_("reason"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.SUBMITTED
    )
    proposed_lines = models.JSONField(default=list, blank=True)
    proposed_period_end = models.DateField(_("new end of the period"), null=True, blank=True)
    milestone_changes = models.JSONField(default=list, blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=5000)

    class Meta:
        ordering = ["notice", "created_at", "pk"]

    def __str__(self) -> str:
        return f"ChangeRequest {self.pk}"


class SoftwareObligation(models.Model):
    """Whether a measure produces software, and the office's recorded exception (if any) to the
    rule that its repository must be published before the final statement."""

    measure = models.OneToOneField(
        "projects.Measure", on_delete=models.CASCADE, related_name="software_obligation"
    )
    produces_software = models.BooleanField(_("produces software"), default=True)
    exception_reason = models.TextField(_("exception recorded by the office"), blank=True)
    exception_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exception_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("open-source obligation")

    def __str__(self) -> str:
        return f"SoftwareObligation {self.measure_id}"


class ObligationAction(models.TextChoices):
    FLAG_SET = "flag", _("software flag set")
    EXCEPTION = "exception", _("exception recorded")
    EXCEPTION_WITHDRAWN = "withdrawn", _("exception withdrawn")
    REPOSITORY = "repository", _("repository address set")


class ObligationEvent(AppendOnly):
    """History of a measure's open-source obligation: who said it produces software (or not),
    who recorded or withdrew the office's exception, with the reason."""

    measure = models.ForeignKey(
        "projects.Measure", on_delete=models.CASCADE, related_name="obligation_events"
    )
    action = models.CharField(max_length=10, choices=ObligationAction.choices)
    produces_software = models.BooleanField(null=True, blank=True)

    class Meta(AppendOnly.Meta):
        pass

    def __str__(self) -> str:
        return f"ObligationEvent {self.measure_id} {self.action}"
