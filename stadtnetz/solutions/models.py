# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The solution catalog: solutions from repositories, crawl runs, facets and confirmed reuses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.models import BaseModel
from stadtnetz.organisations.models import Organisation

from .querysets import SolutionQuerySet


class CrawlState(models.TextChoices):
    IMPORTED = "imported", _("imported, not yet crawled")
    OK = "ok", _("crawled")
    NO_PUBLICCODE = "no_publiccode", _("no publiccode.yml found")
    FAILED = "failed", _("crawl failed")


class ImportedFrom(models.TextChoices):
    CORPUS_DE = "corpus-de", _("German publiccode.yml files from public repositories")
    WITHOUT_PUBLICCODE = "without-publiccode", _("German repositories without publiccode.yml")
    CORPUS = "corpus", _("publiccode.yml corpus (test data)")


class Solution(BaseModel):
    """One piece of software, identified by its repository (normalised key plus aliases)."""

    name = models.CharField(_("name"), max_length=300)
    repository_url = models.CharField(_("repository"), max_length=500)
    repository_key = models.CharField(_("repository key"), max_length=500, unique=True)
    aliases = models.JSONField(_("other addresses"), default=list, blank=True)
    alias_text = models.TextField(blank=True)  # " key1 key2 " for lookups on both databases
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates",
        verbose_name=_("merged into"),
    )  # fmt: skip
    # publiccode.yml as read, as parsed, and the validator's verdict
    publiccode_raw = models.TextField(_("publiccode.yml"), blank=True)
    publiccode_path = models.CharField(max_length=40, blank=True)
    publiccode = models.JSONField(_("parsed publiccode.yml"), null=True, blank=True)
    publiccode_version = models.CharField(max_length=20, blank=True)
    valid = models.BooleanField(_("valid publiccode.yml"), default=False)
    validation_results = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    # what the file says
    licence = models.CharField(_("licence"), max_length=300, blank=True)
    licence_osi = models.BooleanField(_("OSI approved"), default=False)
    licence_fsf = models.BooleanField(_("FSF free"), default=False)
    licence_eupl_compatible = models.BooleanField(_("EUPL compatible"), default=False)
    development_status = models.CharField(_("development status"), max_length=30, blank=True)
    software_type = models.CharField(_("software type"), max_length=40, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    platforms = models.JSONField(_("platforms"), default=list, blank=True)
    maintenance_type = models.CharField(_("maintenance"), max_length=20, blank=True)
    maintenance_contractors = models.JSONField(default=list, blank=True)
    maintenance_contacts = models.JSONField(default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    used_by = models.JSONField(_("used by (declared by the publisher)"), default=list, blank=True)
    short_description_de = models.CharField(max_length=500, blank=True)
    long_description_de = models.TextField(blank=True)
    short_description_en = models.CharField(max_length=500, blank=True)
    long_description_en = models.TextField(blank=True)
    features = models.JSONField(default=list, blank=True)
    documentation_url = models.CharField(max_length=500, blank=True)
    logo_url = models.CharField(_("logo"), max_length=500, blank=True)
    screenshot_urls = models.JSONField(default=list, blank=True)
    landing_url = models.CharField(_("landing page"), max_length=500, blank=True)
    is_based_on = models.JSONField(default=list, blank=True)
    # who publishes it
    publisher_name = models.CharField(_("publisher"), max_length=300, blank=True)
    publisher_slug = models.SlugField(max_length=120, blank=True, db_index=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="published_solutions", verbose_name=_("publishing organisation"),
    )  # fmt: skip
    # crawl state and repository signals
    crawl_state = models.CharField(
        _("crawl state"), max_length=20, choices=CrawlState.choices, default=CrawlState.IMPORTED
    )
    crawl_error = models.TextField(_("last crawl error"), blank=True)
    head_commit = models.CharField(max_length=64, blank=True)
    last_crawled_at = models.DateTimeField(_("last crawled"), null=True, blank=True)
    last_verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    last_commit_at = models.DateTimeField(_("last commit"), null=True, blank=True)
    first_commit_seen_at = models.DateTimeField(null=True, blank=True)
    history_truncated = models.BooleanField(default=False)
    commits_12m = models.PositiveIntegerField(null=True, blank=True)
    authors_12m = models.PositiveIntegerField(null=True, blank=True)
    tag_count = models.PositiveIntegerField(null=True, blank=True)
    has_license_file = models.BooleanField(null=True, blank=True)
    has_readme = models.BooleanField(null=True, blank=True)
    has_contributing = models.BooleanField(null=True, blank=True)
    has_security = models.BooleanField(null=True, blank=True)
    reuse_compliant = models.BooleanField(_("REUSE compliant"), null=True, blank=True)
    vitality = models.PositiveSmallIntegerField(_("vitality"), null=True, blank=True)
    readiness = models.PositiveSmallIntegerField(_("reuse readiness"), default=0)
    readiness_parts = models.JSONField(default=list, blank=True)
    search_text = models.TextField(blank=True)
    # where an imported entry comes from (decision 0061): "" for crawled or registered entries
    imported_from = models.CharField(
        _("imported from"), max_length=30, blank=True, choices=ImportedFrom.choices
    )
    source_url = models.CharField(_("source"), max_length=500, blank=True)
    import_notes = models.TextField(_("notes of the source"), blank=True)
    licence_note = models.CharField(_("licence note"), max_length=300, blank=True)
    read_from_copy = models.CharField(max_length=500, blank=True)  # file read from this fork

    objects = SolutionQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        constraints = [
            models.CheckConstraint(
                name="solution_readiness_0_100", condition=Q(readiness__gte=0, readiness__lte=100)
            ),
            models.CheckConstraint(
                name="solution_not_merged_into_itself",
                condition=~Q(merged_into=models.F("pk")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("solutions:detail", args=[self.pk])

    @property
    def is_stale(self) -> bool:
        if self.last_verified_at is None:
            return True
        age = timezone.now() - self.last_verified_at
        return age.days > getattr(settings, "SOLUTIONS_STALE_DAYS", 30)

    @property
    def has_publiccode(self) -> bool:
        return bool(self.publiccode_raw)

    @property
    def imported_from_public_sources(self) -> bool:
        return bool(self.imported_from)

    def description(self, language: str = "de") -> tuple[str, str]:
        if language == "en" and (self.short_description_en or self.long_description_en):
            return self.short_description_en, self.long_description_en
        if self.short_description_de or self.long_description_de:
            return self.short_description_de, self.long_description_de
        return self.short_description_en, self.long_description_en


class SolutionFacet(models.Model):
    """One facet value of a solution (category, licence, platform, …) for filtering and counts."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="facets")
    kind = models.CharField(max_length=20)
    value = models.CharField(max_length=120)

    class Meta:
        indexes = [models.Index(fields=["kind", "value"])]
        constraints = [
            models.UniqueConstraint(fields=["solution", "kind", "value"], name="one_facet_value")
        ]

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"


class ProjectLinkRole(models.TextChoices):
    ORIGIN = "origin", _("developed in the model project")
    REUSE = "reuse", _("reused by the model project")


class SolutionProjectLink(BaseModel):
    """A solution's link to a model project, as a public source states it (import only)."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="project_links")
    project = models.ForeignKey(
        "projects.ModelProject", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="solution_links", verbose_name=_("model project"),
    )  # fmt: skip
    label = models.CharField(_("link as the source states it"), max_length=500)
    role = models.CharField(_("role"), max_length=10, choices=ProjectLinkRole.choices)
    presumed = models.BooleanField(_("presumed by the source"), default=False)
    via_repository = models.CharField(_("via the repository"), max_length=500, blank=True)
    source = models.TextField(_("how the link is known"), blank=True)

    class Meta:
        ordering = ["role", "label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "label", "via_repository"], name="one_project_link"
            ),
            models.CheckConstraint(
                name="project_link_role_valid", condition=Q(role__in=["origin", "reuse"])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.solution} – {self.label}"


class CrawlRun(BaseModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    sources = models.JSONField(default=list)
    publishers = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0


class CrawledRepository(BaseModel):
    """Every repository address the crawler has seen, with its last HEAD (for incremental runs)."""

    key = models.CharField(max_length=500, unique=True)
    url = models.CharField(max_length=500)
    head = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    error = models.TextField(blank=True)
    last_crawled_at = models.DateTimeField(null=True, blank=True)
    solution = models.ForeignKey(
        Solution, on_delete=models.SET_NULL, null=True, blank=True, related_name="repositories"
    )

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.url


class CrawlOutcome(models.TextChoices):
    NEW = "new", _("new entry")
    UPDATED = "updated", _("updated")
    UNCHANGED = "unchanged", _("unchanged, skipped")
    NO_PUBLICCODE = "no_publiccode", _("no publiccode.yml")
    FAILED = "failed", _("failed")
    REFUSED = "refused", _("refused")
    MERGED = "merged", _("merged with an existing entry")


class CrawlLog(models.Model):
    """What happened to one repository in one run (append-only)."""

    run = models.ForeignKey(CrawlRun, on_delete=models.CASCADE, related_name="logs")
    solution = models.ForeignKey(
        Solution, on_delete=models.SET_NULL, null=True, blank=True, related_name="crawl_logs"
    )
    source = models.CharField(max_length=500)
    outcome = models.CharField(max_length=20, choices=CrawlOutcome.choices)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.source}: {self.outcome}"


class ReuseStatus(models.TextChoices):
    PRODUCTION = "production", _("in production")
    PILOTING = "piloting", _("piloting")
    DROPPED = "dropped", _("evaluated and dropped")


class Reuse(BaseModel):
    """An organisation's own statement that it runs (or tried and dropped) a solution."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="reuses")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="solution_reuses"
    )
    status = models.CharField(_("status"), max_length=12, choices=ReuseStatus.choices)
    since = models.DateField(_("since"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-since", "-pk"]
        verbose_name = _("confirmed reuse")
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "organisation"], condition=Q(withdrawn_at__isnull=True),
                name="one_current_reuse_per_organisation",
            ),
            models.CheckConstraint(
                name="reuse_status_valid",
                condition=Q(status__in=["production", "piloting", "dropped"]),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.organisation} – {self.solution} ({self.status})"


class ReuseRecord(models.Model):
    """Append-only history of a reuse declaration: every change with who and when."""

    reuse = models.ForeignKey(Reuse, on_delete=models.CASCADE, related_name="records")
    status = models.CharField(max_length=12)
    note = models.TextField(blank=True)
    action = models.CharField(max_length=12)  # declared | changed | withdrawn
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.status}"


class ClaimStatus(models.TextChoices):
    OPEN = "open", _("open")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class SolutionClaim(BaseModel):
    """A repository whose publiccode.yml declares the ``url`` of another entry's repository.

    The crawler never merges on such a declaration (it could take over the other entry): it keeps
    the claim for staff to confirm (the claiming entry is then folded into the claimed one) or
    reject (decision 0061).
    """

    claimant = models.ForeignKey(
        Solution, on_delete=models.CASCADE, related_name="claims_made",
        verbose_name=_("claiming entry"),
    )  # fmt: skip
    claimed = models.ForeignKey(
        Solution, on_delete=models.CASCADE, related_name="claims_received",
        verbose_name=_("claimed entry"),
    )  # fmt: skip
    declared_url = models.CharField(_("declared url"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("claim of a repository")
        constraints = [
            models.UniqueConstraint(fields=["claimant", "claimed"], name="one_claim_per_pair"),
            models.CheckConstraint(
                name="claim_status_valid", condition=Q(status__in=["open", "confirmed", "rejected"])
            ),
            models.CheckConstraint(
                name="claim_not_on_itself", condition=~Q(claimant=models.F("claimed"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claimant} → {self.claimed} ({self.status})"
