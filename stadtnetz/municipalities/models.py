# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The German municipality registry: states, counties and municipalities by their official keys."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stadtnetz.core.models import BaseModel

from .querysets import CountyQuerySet, MunicipalityQuerySet

models.CharField.register_lookup(Length)


class SizeClass(models.TextChoices):
    """BBSR city and municipality types by population (Stadt- und Gemeindetyp)."""

    LARGE_CITY = "grossstadt", _("Large city (Großstadt, 100,000 or more)")
    MEDIUM_TOWN = "mittelstadt", _("Medium-sized town (Mittelstadt, 20,000–99,999)")
    SMALL_TOWN = "kleinstadt", _("Small town (Kleinstadt, 5,000–19,999)")
    RURAL = "landgemeinde", _("Rural municipality (Landgemeinde, under 5,000)")

    @classmethod
    def bounds(cls, value: str) -> tuple[int, int | None]:
        """Population range [lower, upper) of a size class."""
        return {
            cls.LARGE_CITY: (100_000, None),
            cls.MEDIUM_TOWN: (20_000, 100_000),
            cls.SMALL_TOWN: (5_000, 20_000),
            cls.RURAL: (1, 5_000),
        }[cls(value)]

    @classmethod
    def for_population(cls, population: int | None) -> SizeClass | None:
        if not population:
            return None
        for member in cls:
            lower, upper = cls.bounds(member)
            if population >= lower and (upper is None or population < upper):
                return member
        return None


class PlaceCategory(models.TextChoices):
    """What kind of place an organisation stands for, in the one vocabulary every app stores and
    compares: the BBSR size class of a municipality, a county, or a cooperation of several.

    ``organisations.selectors.place_category`` maps an organisation to it; ``programme`` folds
    it to the five categories of the programme (rural municipalities compete as small towns).
    """

    LARGE_CITY = "grossstadt", pgettext_lazy("place category", "Large city")
    MEDIUM_TOWN = "mittelstadt", pgettext_lazy("place category", "Medium-sized town")
    SMALL_TOWN = "kleinstadt", pgettext_lazy("place category", "Small town")
    RURAL = "landgemeinde", pgettext_lazy("place category", "Rural municipality")
    COUNTY = "landkreis", pgettext_lazy("place category", "County")
    COOPERATION = "kooperation", pgettext_lazy("place category", "Cooperation")

    @classmethod
    def for_population(cls, population: int | None) -> PlaceCategory | None:
        size = SizeClass.for_population(population)
        return cls(size.value) if size else None

    @property
    def programme(self) -> PlaceCategory:
        return PlaceCategory.SMALL_TOWN if self is PlaceCategory.RURAL else self

    @classmethod
    def programme_values(cls) -> list[str]:
        return [m.value for m in cls if m is not cls.RURAL]


class Urbanisation(models.IntegerChoices):
    """Degree of urbanisation (Verstädterungsgrad, Eurostat DEGURBA) as published by Destatis."""

    DENSE = 1, _("densely populated")
    INTERMEDIATE = 2, _("intermediate density")
    THIN = 3, _("thinly populated")


class CountyKind(models.TextChoices):
    KREISFREIE_STADT = "41", _("County-free city (kreisfreie Stadt)")
    STADTKREIS = "42", _("Urban district (Stadtkreis)")
    KREIS = "43", _("District (Kreis)")
    LANDKREIS = "44", _("Rural district (Landkreis)")
    REGIONALVERBAND = "45", _("Regional association (Regionalverband)")


class MunicipalityKind(models.TextChoices):
    MARKT = "60", _("Market town (Markt)")
    KREISFREIE_STADT = "61", _("County-free city (kreisfreie Stadt)")
    STADTKREIS = "62", _("Urban district (Stadtkreis)")
    STADT = "63", _("Town (Stadt)")
    GEMEINDE = "64", _("Municipality in a district (kreisangehörige Gemeinde)")
    UNINCORPORATED_INHABITED = "65", _("Unincorporated area, inhabited (gemeindefreies Gebiet)")
    UNINCORPORATED = "66", _("Unincorporated area, uninhabited (gemeindefreies Gebiet)")
    GROSSE_KREISSTADT = "67", _("Major district town (Große Kreisstadt)")


class RegistryImport(BaseModel):
    """One import of an official registry file: what came in, and what it changed."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    population_date = models.DateField(_("population reference date"))
    source = models.CharField(_("source"), max_length=500)
    states = models.PositiveIntegerField(_("states"), default=0)
    counties = models.PositiveIntegerField(_("counties"), default=0)
    municipalities = models.PositiveIntegerField(_("municipalities"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    dissolved = models.PositiveIntegerField(_("dissolved"), default=0)
    # The version of the import rules that wrote the records (see services.IMPORT_RULES): the same
    # file is imported again when the rules changed, e.g. when names became readable.
    rules = models.PositiveSmallIntegerField(_("import rules"), default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class State(BaseModel):
    key = models.CharField(_("state key"), max_length=2, unique=True)
    code = models.CharField(_("state code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["key"]
        verbose_name = _("state")
        verbose_name_plural = _("states")
        constraints = [
            models.CheckConstraint(condition=models.Q(key__length=2), name="state_key_two_digits"),
        ]

    def __str__(self) -> str:
        return self.name


class County(BaseModel):
    key = models.CharField(_("county key"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=2, choices=CountyKind.choices)
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="counties", verbose_name=_("state")
    )
    dissolved_at = models.DateTimeField(_("dissolved at"), null=True, blank=True)

    objects = CountyQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(key__length=5), name="county_key_five_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(BaseModel):
    ags = models.CharField(_("AGS"), max_length=8, unique=True)
    name = models.CharField(_("official name"), max_length=200)
    short_name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=2, choices=MunicipalityKind.choices)
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("state")
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("county"),
        null=True,
        blank=True,
        help_text=_("Empty only for unincorporated areas that belong to no county."),
    )
    association_key = models.CharField(_("municipal association key"), max_length=9, blank=True)
    association_name = models.CharField(_("municipal association"), max_length=200, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=10, decimal_places=2, null=True)
    population = models.PositiveIntegerField(_("population"), null=True)
    population_male = models.PositiveIntegerField(_("male"), null=True)
    population_female = models.PositiveIntegerField(_("female"), null=True)
    population_date = models.DateField(_("population reference date"), null=True)
    density = models.PositiveIntegerField(_("inhabitants per km²"), null=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True)
    urbanisation = models.PositiveSmallIntegerField(
        _("degree of urbanisation"), choices=Urbanisation.choices, null=True
    )
    # Folded forms of the name for accent- and case-insensitive search and German sorting.
    sort_name = models.CharField(max_length=200, db_index=True, editable=False)
    search_text = models.CharField(max_length=500, editable=False)
    dissolved_at = models.DateTimeField(_("dissolved at"), null=True, blank=True)
    source_import = models.ForeignKey(
        RegistryImport,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("source"),
        null=True,
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "ags"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(condition=models.Q(ags__length=8), name="ags_eight_digits"),
        ]
        indexes = [models.Index(fields=["population"])]

    def __str__(self) -> str:
        return self.name

    @property
    def size_class(self) -> SizeClass | None:
        return SizeClass.for_population(self.population)

    @property
    def county_key(self) -> str:
        return self.ags[:5]


class Postcode(BaseModel):
    """A postcode that a municipality uses (OpenStreetMap, ODbL-1.0).

    A municipality has many postcodes and a postcode can cross municipal borders, so one row per
    (postcode, municipality); the Destatis registry names only one postcode per municipality.
    """

    code = models.CharField(_("postcode"), max_length=5, db_index=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="postcodes",
        verbose_name=_("municipality"),
    )
    place = models.CharField(_("place name in the source"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        constraints = [
            models.UniqueConstraint(fields=["code", "municipality"], name="postcode_once"),
            models.CheckConstraint(condition=models.Q(code__length=5), name="postcode_five_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.municipality_id}"
