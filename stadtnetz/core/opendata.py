# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""One open-data catalogue for every dataset the platform publishes (decision 0062).

Each app that publishes files describes them in its own ``opendata.py`` with a function
``datasets() -> list[Dataset]``; this module collects them (by app configuration, so core imports
no app) and writes

- the DCAT-AP.de 2.0 catalogue in Turtle (``catalog_turtle``), checked in the tests against the
  official SHACL shapes of GovData including the conventions profile;
- a Frictionless Data Package (``datapackage``) describing every CSV download with its table
  schema, so that readers keep official keys (AGS, county keys) as text with their leading zero.

- the listing of the open-data pages (``listing``): every download with its format, licence and
  size. A generated file's size is measured from the bytes its own view renders, kept in the cache
  under the dataset's ``version`` (row counts and last changes of its tables, a few aggregate
  queries) for at most ``SIZE_TIMEOUT`` seconds, so a page view renders a file only when its data
  changed (decision 0062).

Every address is built from the configured public site URL (``core.links``).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import get_language

from .links import absolute_url

# The GovData contributor ID (http://dcat-ap.de/def/contributors/…) under which the platform's
# operator delivers; configurable, see docs/operations.md. Default: the Federal Institute for
# Research on Building, Urban Affairs and Spatial Development (BBSR), which runs the model
# projects Smart Cities programme.
DEFAULT_CONTRIBUTOR = (
    "bundesinstitutFuerBauStadtUndRaumforschungImBundesamtFuerBauwesenundRaumordnung"
)
LICENCE = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
LICENCE_PAGE = "https://www.govdata.de/dl-de/by-2-0"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
THEME = "http://publications.europa.eu/resource/authority/data-theme/"
MEDIA_TYPES = {"CSV": "text/csv", "JSON": "application/json", "XML": "application/xml",
               "RDF_TURTLE": "text/turtle", "ICS": "text/calendar"}  # fmt: skip
logger = logging.getLogger(__name__)
PUBLISHER = "Stadtnetz – Plattform der Modellprojekte Smart Cities"


@dataclass(frozen=True)
class Field:
    """One column of a CSV download (Frictionless Table Schema field)."""

    name: str
    type: str = "string"  # string | integer | number | boolean | date
    description: str = ""
    pattern: str = ""


@dataclass(frozen=True)
class Distribution:
    url: str  # path on this site, e.g. /modellprojekte/daten/massnahmen.csv
    format: str  # key of MEDIA_TYPES; an EU file-type where one exists
    title: str
    fields: tuple[Field, ...] = ()  # for CSV: the columns in order
    file_type: bool = True  # False: no EU file-type IRI exists (iCalendar)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


@dataclass(frozen=True)
class Dataset:
    key: str  # stable identifier, part of the dataset's IRI
    title: str
    description: str
    keywords: tuple[str, ...]
    themes: tuple[str, ...]  # EU data-theme codes: GOVE, TECH, SOCI, REGI, …
    issued: date
    modified: Callable[[], date | None]
    landing_page: str  # path on this site
    distributions: tuple[Distribution, ...]
    attribution: str = "Stadtnetz (Quellen je Zeile)"
    extra: dict = field(default_factory=dict)
    # What the files are made of, e.g. ``lambda: version_of(Measure.objects.all())``: when it
    # changes, the sizes on the open-data page are measured again. Without it, only the timeout.
    version: Callable[[], str] | None = None


def version_of(*querysets) -> str:
    """A cheap fingerprint of tables: row count and latest ``updated_at`` of each queryset."""
    parts = []
    for qs in querysets:
        found = qs.order_by().aggregate(n=Count("pk"), m=Max("updated_at"))
        parts.append(f"{found['n']}@{found['m'].isoformat() if found['m'] else ''}")
    return ";".join(parts)


def datasets() -> list[Dataset]:
    """Every published dataset, from the apps' ``opendata.datasets()``, in a stable order."""
    import importlib

    from django.apps import apps

    found: list[Dataset] = []
    for config in apps.get_app_configs():
        if config.name == __name__.rsplit(".", 1)[0]:
            continue  # this module
        try:
            module = importlib.import_module(f"{config.name}.opendata")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "datasets"):
            found.extend(module.datasets())
    return sorted(found, key=lambda d: d.key)


# A size is measured again at the latest after this time even when the dataset's version did not
# change (a file can show rows of other tables, e.g. an organisation's renamed name).
SIZE_TIMEOUT = 6 * 3600


def _render(path: str) -> bytes:
    """The bytes the download's own view answers an anonymous GET with (no HTTP round trip)."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest
    from django.urls import resolve

    match = resolve(path)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.META = {"REQUEST_METHOD": "GET", "SERVER_NAME": "localhost", "SERVER_PORT": "80"}
    request.user = AnonymousUser()
    response = match.func(request, *match.args, **match.kwargs)
    if response.status_code != 200:
        raise ValueError(f"{path} answered {response.status_code}")
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def download_size(dataset: Dataset, dist: Distribution) -> int | None:
    """The size in bytes of a download as it is served now, from the cache when its data did
    not change since it was last measured; None (logged) when the download cannot be made."""
    version = dataset.version() if dataset.version else ""
    fingerprint = f"{absolute_url(dist.url)}|{get_language()}|{version}"
    key = "opendata-size:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    size = cache.get(key)
    if size is None:
        try:
            size = len(_render(dist.url))
        except Exception:
            logger.exception("open data: could not measure %s", dist.url)
            return None
        cache.set(key, size, SIZE_TIMEOUT)
    return size


@dataclass(frozen=True)
class Download:
    """One row of the open-data page."""

    url: str
    format: str
    title: str
    size: int | None
    licence: str = LICENCE


def listing() -> list[tuple[Dataset, list[Download]]]:
    """Every dataset with its downloads and their sizes, for the open-data pages."""
    return [
        (ds, [Download(d.url, d.format, d.title, download_size(ds, d)) for d in ds.distributions])
        for ds in datasets()
    ]


def contributor_id() -> str:
    chosen = getattr(settings, "STADTNETZ_DCAT_CONTRIBUTOR", None) or DEFAULT_CONTRIBUTOR
    return "http://dcat-ap.de/def/contributors/" + chosen


def _literal(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))  # fmt: skip
    return f'"{escaped}"'


def _iri(url: str) -> str:
    if any(c in url for c in '<>"{}|^`\\ \n'):
        raise ValueError(f"not an IRI: {url!r}")
    return f"<{url}>"


def catalog_url() -> str:
    return absolute_url(reverse("projects:catalog_ttl"))


def dataset_iri(dataset: Dataset) -> str:
    return absolute_url(reverse("projects:data")) + "#" + dataset.key


def catalog_turtle(found: list[Dataset] | None = None) -> str:
    """The DCAT-AP.de 2.0 catalogue of every dataset (Turtle)."""
    found = datasets() if found is None else found
    base = absolute_url("/")
    publisher = base + "#publisher"
    dates = [d for d in (ds.modified() for ds in found) if d]
    modified = max(dates, default=date.today())
    lines = [
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix dcatde: <http://dcat-ap.de/def/dcatde/> .",
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"{_iri(catalog_url())} a dcat:Catalog ;",
        f"  dct:title {_literal('Stadtnetz – offene Daten der Modellprojekte Smart Cities')}@de ;",
        f"  dct:description {_literal('Alle offenen Datensätze von Stadtnetz: Modellprojekte, Maßnahmen, Lernbeispiele, dokumentierte Transfers, Stadtnetzwerk, Lösungskatalog und veröffentlichte Statistiken.')}@de ;",
        f"  dct:publisher {_iri(publisher)} ;",
        f"  foaf:homepage {_iri(base)} ;",
        "  dct:language <http://publications.europa.eu/resource/authority/language/DEU> ;",
        f'  dct:modified "{modified.isoformat()}"^^xsd:date ;',
        "  dcat:dataset " + ", ".join(_iri(dataset_iri(d)) for d in found) + " .",
        "",
        f"{_iri(publisher)} a foaf:Agent, foaf:Organization ;",
        f"  foaf:name {_literal(PUBLISHER)}@de .",
    ]  # fmt: skip
    for ds in found:
        dists = [absolute_url(d.url) for d in ds.distributions]
        ds_modified = ds.modified() or ds.issued
        lines += [
            "",
            f"{_iri(dataset_iri(ds))} a dcat:Dataset ;",
            f"  dct:identifier {_literal(dataset_iri(ds))} ;",
            f"  dct:title {_literal(ds.title)}@de ;",
            f"  dct:description {_literal(ds.description)}@de ;",
            f"  dct:publisher {_iri(publisher)} ;",
            f"  dcatde:contributorID {_iri(contributor_id())} ;",
            "  dcat:theme " + ", ".join(_iri(THEME + t) for t in ds.themes) + " ;",
            "  dcat:keyword " + ", ".join(f"{_literal(k)}@de" for k in ds.keywords) + " ;",
            f'  dct:issued "{ds.issued.isoformat()}"^^xsd:date ;',
            f'  dct:modified "{ds_modified.isoformat()}"^^xsd:date ;',
            "  dct:language <http://publications.europa.eu/resource/authority/language/DEU> ;",
            f"  dcat:landingPage {_iri(absolute_url(ds.landing_page))} ;",
            "  dcat:distribution " + ", ".join(_iri(u) for u in dists) + " .",
        ]
        for dist, url in zip(ds.distributions, dists, strict=True):
            lines += [
                "",
                f"{_iri(url)} a dcat:Distribution ;",
                f"  dct:title {_literal(dist.title)}@de ;",
                f"  dcat:accessURL {_iri(url)} ;",
                f"  dcat:downloadURL {_iri(url)} ;",
                f"  dcat:mediaType {_iri('https://www.iana.org/assignments/media-types/' + dist.media_type)} ;",
                *([f"  dct:format {_iri(FILE_TYPE + dist.format)} ;"] if dist.file_type else []),
                f'  dct:modified "{ds_modified.isoformat()}"^^xsd:date ;',
                f"  dct:license {_iri(LICENCE)} ;",
                f"  dcatde:licenseAttributionByText {_literal(ds.attribution)}@de .",
            ]  # fmt: skip
    return "\n".join(lines) + "\n"


def datapackage() -> dict:
    """A Frictionless Data Package (v1) describing every CSV download with its table schema."""
    resources = []
    for ds in datasets():
        for dist in ds.distributions:
            if dist.format != "CSV" or not dist.fields:
                continue
            name = dist.url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".csv").lower()
            fields = []
            for f in dist.fields:
                spec = {"name": f.name, "type": f.type}
                if f.description:
                    spec["description"] = f.description
                if f.pattern:
                    spec["constraints"] = {"pattern": f.pattern}
                fields.append(spec)
            resources.append({
                "name": f"{ds.key}-{name}".replace("_", "-")[:100],
                "title": dist.title, "path": absolute_url(dist.url), "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8",
                "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
                "licenses": [{"name": "dl-de-by-2.0", "path": "https://www.govdata.de/dl-de/by-2-0",
                              "title": "Datenlizenz Deutschland – Namensnennung – Version 2.0"}],
                "schema": {"fields": fields, "missingValues": [""]},
            })  # fmt: skip
    return {
        "profile": "tabular-data-package",
        "name": "stadtnetz-offene-daten",
        "title": "Stadtnetz – offene Daten der Modellprojekte Smart Cities",
        "homepage": absolute_url(reverse("projects:data")),
        "licenses": [{"name": "dl-de-by-2.0", "path": "https://www.govdata.de/dl-de/by-2-0",
                      "title": "Datenlizenz Deutschland – Namensnennung – Version 2.0"}],
        "resources": resources,
    }  # fmt: skip


# Official keys: text with their leading zeros (AGS 8 digits, county key 5 digits).
AGS = Field("ags", pattern=r"^\d{8}$", description="Amtlicher Gemeindeschlüssel (8 Ziffern)")
COUNTY_KEY = Field("county_key", pattern=r"^\d{5}$", description="Kreisschlüssel (5 Ziffern)")
