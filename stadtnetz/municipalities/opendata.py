# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The registry extract as open data: states, counties and municipalities with their official
keys (AGS, ARS, county key), as CSV and JSON, described for the one catalogue (core.opendata)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from stadtnetz.core import exports
from stadtnetz.core.links import absolute_url

from .models import County, Municipality, RegistryImport, State

STATE_COLUMNS = ["key", "code", "name", "url"]
COUNTY_COLUMNS = ["key", "name", "kind", "state_code", "state_key", "url"]
MUNICIPALITY_COLUMNS = ["ags", "ars", "name", "short_name", "kind", "state_code", "state_key",
                        "county_key", "county", "association_key", "association_name",
                        "population", "population_male", "population_female", "population_date",
                        "area_km2", "density", "postcode", "latitude", "longitude",
                        "urbanisation", "size_class", "url"]  # fmt: skip
# The file names (German, like the other downloads) and the tables they hold.
TABLES = {"laender": "states", "kreise": "counties", "kommunen": "municipalities"}


def _s(value) -> str | None:
    return None if value is None else str(value)


def ars(ags: str, association_key: str) -> str:
    """The 12-digit regional key (Amtlicher Regionalschlüssel): state, district, county, the
    municipal association (``0000`` where there is none) and the municipality's own three digits."""
    return (association_key or ags[:5] + "0000") + ags[5:]


def state_rows() -> Iterable[dict]:
    base = absolute_url(reverse("municipalities:states"))
    for state in State.objects.order_by("key"):
        yield {"key": state.key, "code": state.code, "name": state.name,
               "url": f"{base}{state.code.lower()}/"}  # fmt: skip


def county_rows() -> Iterable[dict]:
    page = absolute_url(reverse("municipalities:county", args=["00000"])).removesuffix("00000/")
    qs = County.objects.active().select_related("state").order_by("key")
    for county in qs:
        yield {"key": county.key, "name": county.name, "kind": county.kind,
               "state_code": county.state.code, "state_key": county.state.key,
               "url": f"{page}{county.key}/"}  # fmt: skip


def municipality_rows() -> Iterable[dict]:
    """One dict per existing municipality, read as plain values (11,004 rows: no model objects)."""
    from .models import SizeClass

    page = absolute_url(reverse("municipalities:list"))
    bounds = [(SizeClass.bounds(c), c.value) for c in SizeClass]
    qs = Municipality.objects.active().order_by("ags").values_list(
        "ags", "association_key", "name", "short_name", "kind", "state__code", "state__key",
        "county__key", "county__name", "association_name", "population", "population_male",
        "population_female", "population_date", "area_km2", "density", "postcode", "latitude",
        "longitude", "urbanisation",
    )  # fmt: skip
    for (ags, association_key, name, short_name, kind, state_code, state_key, county_key, county,
         association_name, population, male, female, population_date, area, density, postcode,
         latitude, longitude, urbanisation) in qs.iterator(chunk_size=2000):  # fmt: skip
        size_class = None
        if population:
            size_class = next(value for (lower, upper), value in bounds
                              if population >= lower and (upper is None or population < upper))  # fmt: skip
        yield {
            "ags": ags, "ars": ars(ags, association_key), "name": name, "short_name": short_name,
            "kind": kind, "state_code": state_code, "state_key": state_key,
            "county_key": county_key, "county": county,
            "association_key": association_key or None,
            "association_name": association_name or None, "population": population,
            "population_male": male, "population_female": female,
            "population_date": _s(population_date), "area_km2": _s(area), "density": density,
            "postcode": postcode or None, "latitude": _s(latitude), "longitude": _s(longitude),
            "urbanisation": urbanisation, "size_class": size_class, "url": f"{page}{ags}/",
        }  # fmt: skip


ROWS = {"states": (state_rows, STATE_COLUMNS), "counties": (county_rows, COUNTY_COLUMNS),
        "municipalities": (municipality_rows, MUNICIPALITY_COLUMNS)}  # fmt: skip


def version() -> str:
    """Changes whenever a state, county or municipality is added, changed or removed."""
    from stadtnetz.core.opendata import version_of

    return version_of(State.objects.all(), County.objects.all(), Municipality.objects.all())


def file_bytes(table: str, fmt: str) -> bytes:
    """The download as served, kept in the cache until the registry changes (it changes by
    import only; a municipality file costs seconds to write, the check three aggregate queries)."""
    from stadtnetz.core.opendata import SIZE_TIMEOUT

    fingerprint = f"{absolute_url()}|{table}|{fmt}|{version()}"
    key = "registry-file:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        body = (as_csv if fmt == "csv" else as_json)(table).encode()
        cache.set(key, body, SIZE_TIMEOUT)
    return body


def as_csv(table: str) -> str:
    """Plain CSV as the catalogue describes it (``,``, decimal point, ISO dates; core.exports)."""
    rows, columns = ROWS[table]
    return exports.csv_text(columns, exports.dict_rows(rows(), columns), exports.PLAIN)


def as_json(table: str) -> str:
    rows, _columns = ROWS[table]
    return json.dumps(list(rows()), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)


# Official keys are text with their leading zeros (the data package says so: decision 0062).
KEYS = {"ags": (r"^\d{8}$", "Amtlicher Gemeindeschlüssel (8 Ziffern)"),
        "ars": (r"^\d{12}$", "Amtlicher Regionalschlüssel (12 Ziffern)"),
        "county_key": (r"^\d{5}$", "Kreisschlüssel (5 Ziffern)"),
        "state_key": (r"^\d{2}$", "Länderschlüssel (2 Ziffern)"),
        "association_key": (r"^\d{9}$", "Schlüssel des Gemeindeverbands (9 Ziffern)"),
        "postcode": (r"^\d{5}$", "Postleitzahl (5 Ziffern, laut Destatis)"),
        "kind": (r"^\d{2}$", "Textkennzeichen von Destatis (z. B. 63 Stadt, 64 Gemeinde)")}  # fmt: skip
INTEGER = {"population", "population_male", "population_female", "density", "urbanisation"}
NUMBER = {"area_km2", "latitude", "longitude"}


def _field(table: str, name: str):
    from stadtnetz.core.opendata import Field

    if name == "key":  # the state key (2 digits) or the county key (5 digits)
        name_of = "state_key" if table == "states" else "county_key"
        pattern, description = KEYS[name_of]
        return Field(name, pattern=pattern, description=description)
    if name in KEYS:
        pattern, description = KEYS[name]
        return Field(name, pattern=pattern, description=description)
    if name in INTEGER:
        return Field(name, type="integer")
    if name in NUMBER:
        return Field(name, type="number")
    if name == "population_date":
        return Field(name, type="date")
    return Field(name)


TITLES = {"states": "Länder", "counties": "Kreise", "municipalities": "Gemeinden"}


def datasets() -> list:
    """The registry extract, one dataset with a CSV and a JSON file per table."""
    from stadtnetz.core.opendata import Dataset, Distribution

    def modified() -> date | None:
        moment = RegistryImport.objects.aggregate(m=Max("created_at"))["m"]
        return timezone.localdate(moment) if moment else None

    distributions = []
    for slug, table in TABLES.items():
        columns = ROWS[table][1]
        title = f"Gemeindeverzeichnis: {TITLES[table]}"
        distributions += [
            Distribution(reverse("municipalities:download", args=[slug, "csv"]), "CSV",
                         f"{title} (CSV)", tuple(_field(table, c) for c in columns)),
            Distribution(reverse("municipalities:download", args=[slug, "json"]), "JSON",
                         f"{title} (JSON)"),
        ]  # fmt: skip
    return [Dataset(
        key="gemeindeverzeichnis",
        title="Gemeindeverzeichnis: Länder, Kreise und Gemeinden mit amtlichen Schlüsseln",
        description="Auszug aus dem Gemeindeverzeichnis des Statistischen Bundesamts, wie "
                    "Stadtnetz es führt: die Länder, die Kreise und die bestehenden Gemeinden mit "
                    "Amtlichem Gemeindeschlüssel (AGS), Regionalschlüssel (ARS), Kreis, "
                    "Gemeindeverband, Einwohnerzahl mit Stichtag, Fläche, Postleitzahl, "
                    "Mittelpunkt, Verstädterungsgrad und Größenklasse.",
        keywords=("Gemeindeverzeichnis", "Amtlicher Gemeindeschlüssel", "Regionalschlüssel",
                  "Kommunen", "Kreise"),
        themes=("REGI", "GOVE"), issued=date(2026, 12, 3), modified=modified,
        landing_page=reverse("municipalities:list"), distributions=tuple(distributions),
        attribution="© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis; "
                    "Auszug: Stadtnetz",
        version=version,
    )]  # fmt: skip
