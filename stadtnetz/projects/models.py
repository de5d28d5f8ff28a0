# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Model projects, their phases, measures (with KPIs), lessons, and the append-only edit history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.models import BaseModel
from stadtnetz.municipalities.models import County, Municipality, PlaceCategory, State
from stadtnetz.organisations.models import Organisation

from .querysets import LessonQuerySet, MeasureQuerySet, ModelProjectQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2}


class ProgrammeCategory(models.TextChoices):
    """The category the programme used at selection: municipalities.PlaceCategory folded by
    ``PlaceCategory.programme`` (rural municipalities compete as small towns)."""

    LARGE_CITY = PlaceCategory.LARGE_CITY.value, _("Large city")
    MEDIUM_TOWN = PlaceCategory.MEDIUM_TOWN.value, _("Medium-sized town")
    SMALL_TOWN = PlaceCategory.SMALL_TOWN.value, _("Small town or rural municipality")
    COUNTY = PlaceCategory.COUNTY.value, _("County")
    COOPERATION = PlaceCategory.COOPERATION.value, _("Cooperation")


class LocationBasis(models.TextChoices):
    MUNICIPALITY = "municipality", _("coordinates of the municipality")
    MEAN_OF_MEMBERS = "members", _("mean of the member municipalities' coordinates")
    NONE = "none", _("no coordinates (no member could be resolved in the registry)")


class PopulationBasis(models.TextChoices):
    REGISTRY = "registry", _("municipality registry")
    REGISTRY_SUM = "registry_sum", _("sum of the registry figures of all members")
    SOURCE = "source", _("figure stated by the source")
    NONE = "none", _("unknown")


class StartedWith(models.TextChoices):
    STRATEGY = "strategy", _("with the strategy (phase A)")
    IMPLEMENTATION = "implementation", _("directly with implementation (phase B)")


class Provenance(models.TextChoices):
    EDITOR = "editor", _("entered on Stadtnetz")
    IMPORT = "import", _("imported from public sources")


class ModelProject(BaseModel):
    """One funded model project of one round, run by one organisation."""

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    round_year = models.PositiveSmallIntegerField(
        _("round"), validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    # The call of the round; linked by the import when the programmes app has the round's call.
    call = models.ForeignKey(
        "programmes.Call", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="model_projects", verbose_name=_("call"),
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="model_projects",
        verbose_name=_("organisation"),
    )  # fmt: skip
    category = models.CharField(
        _("category at selection"), max_length=20, choices=ProgrammeCategory.choices
    )
    kind_as_listed = models.CharField(_("kind as listed by the source"), max_length=200)
    states = models.ManyToManyField(State, related_name="model_projects", verbose_name=_("states"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_basis = models.CharField(
        _("population basis"), max_length=20, choices=PopulationBasis.choices,
        default=PopulationBasis.NONE,
    )  # fmt: skip
    stated_population = models.PositiveIntegerField(
        _("population stated by the source"), null=True, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    location_basis = models.CharField(
        _("location basis"), max_length=20, choices=LocationBasis.choices,
        default=LocationBasis.NONE,
    )  # fmt: skip
    source_urls = models.TextField(_("sources"), blank=True)
    # Written by the project's editors; the import never overwrites these.
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    website = models.URLField(_("website"), blank=True)
    strategy_url = models.URLField(_("strategy document"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    # The profile from profiles.csv (stadtnetz import-project-knowledge); see decision 0035.
    motto = models.CharField(_("motto"), max_length=300, blank=True)
    funding_federal = models.DecimalField(
        _("federal funding (EUR)"), null=True, blank=True, **MONEY
    )
    funding_rate = models.DecimalField(
        _("funding rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    total_budget = models.DecimalField(_("total budget (EUR)"), null=True, blank=True, **MONEY)
    started_with = models.CharField(
        _("started"), max_length=20, choices=StartedWith.choices, blank=True
    )
    own_fields_of_action = models.CharField(
        _("the project's own fields of action"), max_length=500, blank=True
    )
    profile_source_urls = models.TextField(_("sources of the profile"), blank=True)
    profile_notes = models.TextField(_("notes on the sources"), blank=True, max_length=5000)
    # The values the last import wrote; a field that differs from them was changed by an editor.
    imported_values = models.JSONField(default=dict, blank=True)

    objects = ModelProjectQuerySet.as_manager()

    class Meta:
        ordering = ["round_year", "name"]
        verbose_name = _("model project")
        verbose_name_plural = _("model projects")
        constraints = [
            models.UniqueConstraint(fields=["round_year", "name"], name="project_unique_in_round"),
            models.CheckConstraint(
                condition=Q(round_year__gte=2019) & Q(round_year__lte=2100),
                name="project_round_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.round_year})"

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.slug])

    @property
    def profile_sources(self) -> list[str]:
        return [url.strip() for url in self.profile_source_urls.split(" ; ") if url.strip()]

    @property
    def own_fields_of_action_list(self) -> list[str]:
        return [name.strip() for name in self.own_fields_of_action.split(" ; ") if name.strip()]

    @property
    def official_key(self) -> str:
        """AGS of a municipality, 5-digit key of a county, empty for a cooperation."""
        organisation = self.organisation
        if organisation.municipality_id:
            return organisation.municipality.ags
        if organisation.county_id:
            return organisation.county.key
        return ""


class ListedMember(BaseModel):
    """A member of a cooperation as the source names it, and the registry entry it resolved to.

    Names that could not be resolved stay here with neither key set and are shown as such.
    """

    project = models.ForeignKey(ModelProject, on_delete=models.CASCADE, related_name="listed")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("name as listed"), max_length=200)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="listed_member_position"),
            models.CheckConstraint(
                condition=Q(municipality__isnull=True) | Q(county__isnull=True),
                name="listed_member_one_entry",
            ),
        ]

    @property
    def resolved(self) -> bool:
        return self.municipality_id is not None or self.county_id is not None


class Phase(models.TextChoices):
    A = "A", _("Phase A (strategy)")
    B = "B", _("Phase B (implementation)")


class PhaseStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")
    SKIPPED = "skipped", _("skipped")


class ProjectPhase(BaseModel):
    project = models.ForeignKey(ModelProject, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("phase"), max_length=1, choices=Phase.choices)
    status = models.CharField(_("status"), max_length=10, choices=PhaseStatus.choices)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(_("budget (EUR)"), null=True, blank=True, **MONEY)
    grant = models.DecimalField(_("grant (EUR)"), null=True, blank=True, **MONEY)

    class Meta:
        ordering = ["phase"]
        constraints = [
            models.UniqueConstraint(fields=["project", "phase"], name="one_record_per_phase"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(grant__isnull=True)
                | Q(budget__isnull=True)
                | Q(grant__lte=models.F("budget")),
                name="phase_grant_within_budget",
            ),
            models.CheckConstraint(
                condition=(Q(budget__isnull=True) | Q(budget__gte=0))
                & (Q(grant__isnull=True) | Q(grant__gte=0)),
                name="phase_money_not_negative",
            ),
        ]


class FieldOfAction(models.Model):
    """The controlled list of fields of action (Handlungsfelder); see docs/projects.md."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")

    def __str__(self) -> str:
        return str(_(self.name))


class SpatialEffect(models.TextChoices):
    WHOLE_AREA = "whole_area", _("whole municipality or county")
    DISTRICT = "district", _("district or neighbourhood")
    SITE = "site", _("single site")
    REGION = "region", _("regional, beyond the municipality")
    NONE = "none", _("no spatial reference (purely digital or organisational)")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CONTINUED = "continued", _("continued after the funding")
    STOPPED = "stopped", _("stopped")
    UNKNOWN = "unknown", _("not stated by the source")


class Measure(BaseModel):
    project = models.ForeignKey(ModelProject, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=20_000)
    fields_of_action = models.ManyToManyField(
        FieldOfAction, related_name="measures", verbose_name=_("fields of action")
    )
    spatial_effect = models.CharField(
        _("spatial effect"), max_length=20, choices=SpatialEffect.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    # The field listed first by the (editorial) classification; grouping on the project page.
    primary_field = models.ForeignKey(
        FieldOfAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("primary field of action"),
    )  # fmt: skip
    field_of_action_label = models.CharField(
        _("the project's own field of action"), max_length=200, blank=True
    )
    repository_url = models.URLField(_("repository"), max_length=500, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    provenance = models.CharField(
        _("provenance"), max_length=10, choices=Provenance.choices, default=Provenance.EDITOR
    )
    # Optimistic lock of the edit form (core.versioning): counted up by every saved change.
    version = models.PositiveIntegerField(default=0)
    # The measure's name in the imported file (its identity there) and the values last imported.
    import_key = models.CharField(max_length=300, blank=True)
    imported_values = models.JSONField(default=dict, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(_("budget (EUR)"), null=True, blank=True, **MONEY)
    solutions = models.ManyToManyField(
        "solutions.Solution", blank=True, related_name="measures",
        verbose_name=_("solutions produced or reused"),
    )  # fmt: skip

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="measure_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="measure_budget_positive"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["planned", "in_progress", "done", "continued", "stopped", "unknown"]
                ),
                name="measure_status_valid",
            ),  # fmt: skip
            models.UniqueConstraint(
                fields=["project", "import_key"],
                condition=~Q(import_key=""),
                name="measure_import_key_unique",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:measure", args=[self.pk])


class KPI(BaseModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    actual = models.DecimalField(
        _("actual"), max_digits=16, decimal_places=4, null=True, blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")


class ProcurementRoute(models.TextChoices):
    OPEN_TENDER = "open_tender", _("open or restricted tender")
    NEGOTIATED = "negotiated", _("negotiated procedure or direct award")
    FRAMEWORK = "framework", _("call-off from a framework agreement")
    IN_HOUSE = "in_house", _("in-house or inter-municipal cooperation")
    OWN_DEVELOPMENT = "own_development", _("developed by own staff")
    REUSE = "reuse", _("reuse of an existing open-source solution")
    OTHER = "other", _("other")


class Lesson(BaseModel):
    """A lesson (Lernbeispiel) with the transfer fields of the KTS and EU good-practice formats."""

    project = models.ForeignKey(ModelProject, on_delete=models.CASCADE, related_name="lessons")
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="lessons",
        verbose_name=_("measure"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("the lesson in brief"), max_length=10_000, blank=True)
    context = models.TextField(_("context: who, size, starting point"), max_length=5000, blank=True)
    what_was_done = models.TextField(_("what was done"), max_length=10_000, blank=True)
    fields_of_action = models.ManyToManyField(
        FieldOfAction, blank=True, related_name="lessons", verbose_name=_("fields of action")
    )
    field_of_action_label = models.CharField(
        _("the project's own field of action"), max_length=200, blank=True
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    provenance = models.CharField(
        _("provenance"), max_length=10, choices=Provenance.choices, default=Provenance.EDITOR
    )
    # Optimistic lock of the edit form (core.versioning): counted up by every saved change.
    version = models.PositiveIntegerField(default=0)
    import_key = models.CharField(max_length=300, blank=True)
    imported_values = models.JSONField(default=dict, blank=True)
    what_worked = models.TextField(_("what worked"), max_length=10_000, blank=True)
    what_did_not_work = models.TextField(
        _("what did not work, and why"), max_length=10_000, blank=True
    )
    effort_staff = models.CharField(_("effort: staff"), max_length=200, blank=True)
    effort_cost = models.DecimalField(_("effort: cost (EUR)"), null=True, blank=True, **MONEY)
    effort_months = models.PositiveSmallIntegerField(
        _("effort: time (months)"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    operator_model = models.TextField(
        _("operator model after funding"), max_length=5000, blank=True
    )
    running_costs_per_year = models.DecimalField(
        _("running costs per year after funding (EUR)"), null=True, blank=True, **MONEY
    )
    procurement_route = models.CharField(
        _("procurement route"), max_length=20, choices=ProcurementRoute.choices, blank=True
    )
    data_needed = models.TextField(_("data needed"), max_length=5000, blank=True)
    transferable_kinds = models.CharField(
        _("transferable to kinds"), max_length=100, blank=True,
        help_text=_("Comma-separated organisation kinds."),
    )  # fmt: skip
    transferable_sizes = models.CharField(
        _("transferable to sizes"), max_length=100, blank=True,
        help_text=_("Comma-separated size classes."),
    )  # fmt: skip
    transferability = models.TextField(_("transferability notes"), max_length=5000, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.CheckConstraint(
                condition=(Q(effort_cost__isnull=True) | Q(effort_cost__gte=0))
                & (Q(running_costs_per_year__isnull=True) | Q(running_costs_per_year__gte=0)),
                name="lesson_money_not_negative",
            ),
            models.UniqueConstraint(
                fields=["project", "import_key"],
                condition=~Q(import_key=""),
                name="lesson_import_key_unique",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:lesson", args=[self.pk])

    @property
    def transferable_kind_list(self) -> list[str]:
        return [v for v in self.transferable_kinds.split(",") if v]

    @property
    def transferable_size_list(self) -> list[str]:
        return [v for v in self.transferable_sizes.split(",") if v]

    @property
    def transferable_labels(self) -> list[str]:
        from stadtnetz.municipalities.models import SizeClass
        from stadtnetz.organisations.models import OrganisationKind

        kinds = dict(OrganisationKind.choices)
        sizes = dict(SizeClass.choices)
        return [str(kinds.get(k, k)) for k in self.transferable_kind_list] + [
            str(sizes.get(s, s)) for s in self.transferable_size_list
        ]


class TransferKind(models.TextChoices):
    REUSE = "reuse", _("reuse (Nachnutzung)")
    PILOT = "pilot", _("pilot")
    COOPERATION = "cooperation", _("cooperation (joint development)")


class DocumentedTransfer(BaseModel):
    """A transfer of a model project's solution to another body, as a public source documents it.

    Not a confirmed reuse: that one is confirmed on the platform by the reusing organisation
    (solutions.Adoption, decision 0023). The adopter is the name the source gives; it is resolved
    to the registry by exact name within its state, or stays unresolved with the reason.
    """

    origin = models.ForeignKey(
        ModelProject, on_delete=models.CASCADE, related_name="transfers_out",
        verbose_name=_("origin project"),
    )  # fmt: skip
    solution_name = models.CharField(_("solution"), max_length=300)
    repository_url = models.URLField(_("repository"), max_length=500, blank=True)
    adopter_name = models.CharField(_("adopter as named by the source"), max_length=200)
    adopter_state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="+", verbose_name=_("state of the adopter")
    )
    adopter_municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True,
        related_name="documented_transfers",
    )  # fmt: skip
    adopter_county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True,
        related_name="documented_transfers",
    )  # fmt: skip
    unresolved_reason = models.CharField(_("why not resolved"), max_length=300, blank=True)
    kind = models.CharField(_("kind of transfer"), max_length=20, choices=TransferKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source_url = models.URLField(_("source"), max_length=500)
    line = models.PositiveIntegerField(_("line in the imported file"), default=0)
    import_key = models.CharField(max_length=600)

    class Meta:
        ordering = ["origin__round_year", "origin__name", "solution_name", "adopter_name", "pk"]
        verbose_name = _("documented transfer")
        verbose_name_plural = _("documented transfers")
        constraints = [
            models.UniqueConstraint(fields=["origin", "import_key"], name="transfer_import_key"),
            models.CheckConstraint(
                condition=Q(adopter_municipality__isnull=True) | Q(adopter_county__isnull=True),
                name="transfer_one_adopter_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.solution_name}: {self.origin.name} → {self.adopter_name}"

    @property
    def resolved(self) -> bool:
        return self.adopter_municipality_id is not None or self.adopter_county_id is not None

    @property
    def adopter_key(self) -> str:
        if self.adopter_municipality_id:
            return self.adopter_municipality.ags
        if self.adopter_county_id:
            return self.adopter_county.key
        return ""


class AppendOnly(models.Model):
    """A history record: written once, never changed."""

    number = models.PositiveIntegerField(_("version"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    action = models.CharField(_("action"), max_length=20)
    changed_fields = models.JSONField(_("changed fields"), default=list)
    snapshot = models.JSONField(_("content after the change"))

    class Meta:
        abstract = True
        ordering = ["-number"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("History records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("History records are append-only.")


class MeasureRevision(AppendOnly):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="revisions")

    class Meta(AppendOnly.Meta):
        constraints = [
            models.UniqueConstraint(fields=["measure", "number"], name="measure_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} v{self.number}"


class LessonRevision(AppendOnly):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="revisions")

    class Meta(AppendOnly.Meta):
        constraints = [
            models.UniqueConstraint(fields=["lesson", "number"], name="lesson_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id} v{self.number}"


class ProjectImport(BaseModel):
    """One run of the model-project import and what it changed."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    unresolved = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]
