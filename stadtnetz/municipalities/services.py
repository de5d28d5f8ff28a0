# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Import of the official municipality directory (Destatis Gemeindeverzeichnis).

The import is idempotent and all-or-nothing: a malformed file is refused with the line number and
the reason and changes nothing; the same file twice changes nothing; a newer official file updates
names and figures and marks municipalities and counties that disappeared as dissolved. Nothing is
ever deleted, so whatever refers to a municipality keeps working.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from stadtnetz.core.text import fold

from .lookup import search_text
from .models import County, Municipality, Postcode, RegistryImport, State
from .names import readable_name

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "destatis-gemeindeverzeichnis-2019.csv"
DEFAULT_POPULATION_DATE = dt.date(2019, 12, 31)
DEFAULT_SOURCE = (
    "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys, "
    "dl-de/by-2-0"
)
EXPECTED_COLUMNS = [
    "satzart", "textkennzeichen", "land", "rb", "kreis", "vb", "gemeinde", "gemeindename",
    "flaeche", "bevoelkerung", "maennlich", "weiblich", "jekm2", "postleitzahl", "laengengrad",
    "breitengrad", "schluessel", "bezeichnung", "verstaedterungschluessel",
    "verstaedterungbezeichnung",
]  # fmt: skip
STATE_CODES = {
    "01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP",
    "08": "BW", "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN",
    "15": "ST", "16": "TH",
}  # fmt: skip
# Raise when the parsing rules change what is stored (2: readable names), so that the same file is
# imported again instead of being skipped as unchanged.
IMPORT_RULES = 2
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_REPORTED_ERRORS = 20


class RegistryFileError(ValueError):
    """The file was refused; ``errors`` holds (line, reason) pairs."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("; ".join(f"line {line}: {reason}" for line, reason in errors))


@dataclass
class ImportReport:
    unchanged_file: bool = False
    states: int = 0
    counties: int = 0
    municipalities: int = 0
    created: int = 0
    updated: int = 0
    dissolved: int = 0
    reactivated: int = 0
    record: RegistryImport | None = field(default=None, repr=False)


@dataclass
class _Parsed:
    states: dict[str, str] = field(default_factory=dict)
    counties: dict[str, tuple[str, str]] = field(default_factory=dict)
    associations: dict[str, str] = field(default_factory=dict)
    municipalities: dict[str, dict] = field(default_factory=dict)


def _digits(value: str, length: int, name: str) -> str:
    value = value.strip()
    if len(value) != length or not value.isdigit():
        raise ValueError(f"{name} must have {length} digits, found {value!r}")
    return value


def _integer(value: str, name: str) -> int | None:
    cleaned = value.replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise ValueError(f"{name} is not a whole number: {value.strip()!r}")
    return int(cleaned)


def _decimal(value: str, name: str, places: int) -> Decimal | None:
    cleaned = value.strip().replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{name} is not a number: {value.strip()!r}") from None
    if not number.is_finite():
        raise ValueError(f"{name} is not a number: {value.strip()!r}")
    return number.quantize(Decimal(1).scaleb(-places))


def _parse(raw: bytes, population_date: dt.date) -> _Parsed:
    if len(raw) > MAX_FILE_BYTES:
        raise RegistryFileError([(0, f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")])
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise RegistryFileError([(line, "the file contains binary data (NUL byte)")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RegistryFileError([(line, "the file is not valid UTF-8")]) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise RegistryFileError([(1, "the file is empty")]) from None
    except csv.Error as exc:
        raise RegistryFileError([(1, f"malformed CSV: {exc}")]) from None
    if [column.strip() for column in header] != EXPECTED_COLUMNS:
        raise RegistryFileError(
            [(1, "unexpected columns; expected: " + ",".join(EXPECTED_COLUMNS))]
        )
    parsed = _Parsed()
    errors: list[tuple[int, str]] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            try:
                _parse_row(row, parsed, population_date)
            except ValueError as exc:
                errors.append((line, str(exc)))
                if len(errors) >= MAX_REPORTED_ERRORS:
                    break
    except csv.Error as exc:
        errors.append((reader.line_num, f"malformed CSV: {exc}"))
    if not errors:
        errors.extend(_check_references(parsed))
    if not errors and not parsed.municipalities:
        errors.append((1, "the file contains no municipalities (Satzart 60)"))
    if errors:
        raise RegistryFileError(errors)
    return parsed


def _parse_row(row: list[str], parsed: _Parsed, population_date: dt.date) -> None:
    if len(row) != len(EXPECTED_COLUMNS):
        raise ValueError(f"expected {len(EXPECTED_COLUMNS)} fields, found {len(row)}")
    record = dict(zip(EXPECTED_COLUMNS, row, strict=True))
    kind = record["satzart"].strip()
    name = record["gemeindename"].strip()
    if kind in {"20", "30"}:
        return
    land = _digits(record["land"], 2, "land")
    if land not in STATE_CODES:
        raise ValueError(f"unknown state key {land!r}")
    if not name:
        raise ValueError("gemeindename is empty")
    if len(name) > 200:
        raise ValueError("gemeindename is longer than 200 characters")
    if kind == "10":
        parsed.states[land] = name
        return
    county_key = land + _digits(record["rb"], 1, "rb") + _digits(record["kreis"], 2, "kreis")
    if kind == "40":
        text_code = record["textkennzeichen"].strip()
        if text_code not in {"41", "42", "43", "44", "45"}:
            raise ValueError(f"unknown textkennzeichen {text_code!r} for a county")
        if county_key in parsed.counties:
            raise ValueError(f"county key {county_key} appears twice")
        parsed.counties[county_key] = (name, text_code)
        return
    association = county_key + _digits(record["vb"], 4, "vb")
    if kind == "50":
        parsed.associations[association] = name
        return
    if kind != "60":
        raise ValueError(f"unknown satzart {kind!r}")
    ags = county_key + _digits(record["gemeinde"], 3, "gemeinde")
    if ags in parsed.municipalities:
        raise ValueError(f"AGS {ags} appears twice")
    text_code = record["textkennzeichen"].strip()
    if text_code not in {"60", "61", "62", "63", "64", "65", "66", "67"}:
        raise ValueError(f"unknown textkennzeichen {text_code!r} for a municipality")
    postcode = record["postleitzahl"].strip()
    if postcode and (len(postcode) != 5 or not postcode.isdigit()):
        raise ValueError(f"postleitzahl must have 5 digits, found {postcode!r}")
    urbanisation = record["verstaedterungschluessel"].strip()
    if urbanisation not in {"", "01", "02", "03"}:
        raise ValueError(f"unknown verstaedterungschluessel {urbanisation!r}")
    longitude = _decimal(record["laengengrad"], "laengengrad", 6)
    latitude = _decimal(record["breitengrad"], "breitengrad", 6)
    if longitude == 0 and latitude == 0:  # Destatis writes 0,0 where no centre is published
        longitude = latitude = None
    if longitude is not None and not Decimal(5) <= longitude <= Decimal(16):
        raise ValueError(f"laengengrad {longitude} lies outside Germany")
    if latitude is not None and not Decimal(47) <= latitude <= Decimal(56):
        raise ValueError(f"breitengrad {latitude} lies outside Germany")
    population = _integer(record["bevoelkerung"], "bevoelkerung")
    area = _decimal(record["flaeche"], "flaeche", 2)
    if area is not None and area < 0:
        raise ValueError("flaeche is negative")
    name = readable_name(name)  # "Garching b.München, St" → "Garching b. München, Stadt"
    short_name = name.split(",")[0].strip() or name
    parsed.municipalities[ags] = {
        "name": name,
        "short_name": short_name,
        "kind": text_code,
        "state_key": land,
        "county_key": county_key,
        "association_key": association if record["vb"].strip() != "0000" else "",
        "area_km2": area,
        "population": population,
        "population_male": _integer(record["maennlich"], "maennlich"),
        "population_female": _integer(record["weiblich"], "weiblich"),
        "population_date": population_date if population is not None else None,
        "density": _integer(record["jekm2"], "jekm2"),
        "postcode": postcode,
        "longitude": longitude,
        "latitude": latitude,
        "urbanisation": int(urbanisation) if urbanisation else None,
        "sort_name": fold(name)[:200],
        "search_text": search_text(name)[:500],
    }


def _check_references(parsed: _Parsed) -> list[tuple[int, str]]:
    errors: list[tuple[int, str]] = []
    for ags, values in parsed.municipalities.items():
        key = values["association_key"]
        values["association_name"] = parsed.associations.get(key, "") if key else ""
        if values["county_key"] not in parsed.counties:
            if values["kind"] in {"65", "66"} and values["county_key"].endswith("000"):
                # Unincorporated areas directly under the state (e.g. the German-Luxembourg
                # condominium) belong to no county.
                values["county_key"] = None
                continue
            errors.append(
                (0, f"municipality {ags} names county {values['county_key']}, which the file lacks")
            )
        if values["state_key"] not in parsed.states:
            errors.append(
                (0, f"municipality {ags} names state {values['state_key']}, which the file lacks")
            )
        if len(errors) >= MAX_REPORTED_ERRORS:
            break
    return errors


_MUNICIPALITY_FIELDS = [
    "name", "short_name", "kind", "association_key", "association_name", "area_km2",
    "population", "population_male", "population_female", "population_date", "density",
    "postcode", "longitude", "latitude", "urbanisation", "sort_name", "search_text",
]  # fmt: skip


def registry_import(
    *,
    path: Path = DEFAULT_FILE,
    population_date: dt.date = DEFAULT_POPULATION_DATE,
    source: str = DEFAULT_SOURCE,
    force: bool = False,
) -> ImportReport:
    """Import an official municipality directory file; see the module docstring for the rules."""
    raw = Path(path).read_bytes()
    checksum = hashlib.sha256(raw).hexdigest()
    latest = RegistryImport.objects.order_by("-created_at", "-pk").first()
    if (
        not force
        and latest is not None
        and latest.sha256 == checksum
        and latest.rules == IMPORT_RULES
    ):
        return ImportReport(
            unchanged_file=True,
            states=latest.states,
            counties=latest.counties,
            municipalities=latest.municipalities,
            record=latest,
        )
    parsed = _parse(raw, population_date)
    with transaction.atomic():
        return _apply(parsed, Path(path).name, checksum, population_date, source)


def _apply(
    parsed: _Parsed, file_name: str, checksum: str, population_date: dt.date, source: str
) -> ImportReport:
    now = timezone.now()
    report = ImportReport(
        states=len(parsed.states),
        counties=len(parsed.counties),
        municipalities=len(parsed.municipalities),
    )
    record = RegistryImport.objects.create(
        file_name=file_name,
        sha256=checksum,
        population_date=population_date,
        source=source,
        rules=IMPORT_RULES,
    )
    states = {state.key: state for state in State.objects.all()}
    for key, name in parsed.states.items():
        state = states.get(key)
        if state is None:
            states[key] = State.objects.create(key=key, code=STATE_CODES[key], name=name)
        elif state.name != name:
            state.name = name
            state.save(update_fields=["name", "updated_at"])

    counties = {county.key: county for county in County.objects.all()}
    for key, (name, kind) in parsed.counties.items():
        county = counties.get(key)
        if county is None:
            counties[key] = County.objects.create(
                key=key, name=name, kind=kind, state=states[key[:2]]
            )
        elif (county.name, county.kind, county.dissolved_at) != (name, kind, None):
            county.name, county.kind, county.dissolved_at = name, kind, None
            county.save(update_fields=["name", "kind", "dissolved_at", "updated_at"])
    gone_counties = [
        c.pk for k, c in counties.items() if k not in parsed.counties and not c.dissolved_at
    ]
    County.objects.filter(pk__in=gone_counties).update(dissolved_at=now, updated_at=now)

    existing = {m.ags: m for m in Municipality.objects.all()}
    to_create: list[Municipality] = []
    to_update: list[Municipality] = []
    for ags, values in parsed.municipalities.items():
        state = states[values["state_key"]]
        county = counties[values["county_key"]] if values["county_key"] else None
        fields = {name: values[name] for name in _MUNICIPALITY_FIELDS}
        current = existing.get(ags)
        if current is None:
            to_create.append(
                Municipality(
                    ags=ags,
                    state=state,
                    county=county,
                    source_import=record,
                    created_at=now,
                    updated_at=now,
                    **fields,
                )  # fmt: skip
            )
            continue
        changed = (
            current.state_id != state.pk
            or current.county_id != (county.pk if county else None)
            or current.dissolved_at is not None
            or any(getattr(current, name) != value for name, value in fields.items())
        )
        if changed:
            if current.dissolved_at is not None:
                report.reactivated += 1
            for name, value in fields.items():
                setattr(current, name, value)
            current.state, current.county, current.dissolved_at = state, county, None
            current.source_import, current.updated_at = record, now
            to_update.append(current)
    Municipality.objects.bulk_create(to_create, batch_size=500)
    # One UPDATE per changed row: far faster than bulk_update's CASE expressions for a full
    # refresh (a new reference date touches every row) and still inside the one transaction.
    update_fields = [
        *_MUNICIPALITY_FIELDS,
        "state",
        "county",
        "dissolved_at",
        "source_import",
        "updated_at",
    ]
    for municipality in to_update:
        Municipality.objects.filter(pk=municipality.pk).update(
            **{name: getattr(municipality, name) for name in update_fields}
        )
    gone = [
        m.pk
        for ags, m in existing.items()
        if ags not in parsed.municipalities and not m.dissolved_at
    ]
    Municipality.objects.filter(pk__in=gone).update(dissolved_at=now, updated_at=now)
    # Municipalities that did not change still come from the newest file that confirmed them.
    Municipality.objects.filter(dissolved_at__isnull=True).update(source_import=record)

    report.created, report.updated, report.dissolved = len(to_create), len(to_update), len(gone)
    record.states, record.counties, record.municipalities = (
        report.states, report.counties, report.municipalities,
    )  # fmt: skip
    record.created, record.updated, record.dissolved = (
        report.created, report.updated, report.dissolved,
    )  # fmt: skip
    record.save()
    report.record = record
    return report


# --- Postcodes (OpenStreetMap) -----------------------------------------------------------------

POSTCODE_FILE = Path(__file__).resolve().parent / "data" / "zuordnung_plz_ort.csv"
POSTCODE_COLUMNS = ["osm_id", "ags", "ort", "plz", "landkreis", "bundesland"]


@dataclass
class PostcodeReport:
    rows: int = 0
    postcodes: int = 0
    municipalities: int = 0
    unknown_keys: list[str] = field(default_factory=list)


def postcode_import(*, path: Path = POSTCODE_FILE) -> PostcodeReport:
    """Replace the postcode table with the OpenStreetMap postcode → municipality file.

    All-or-nothing: a malformed line refuses the whole file (RegistryFileError with line and
    reason) and keeps the table as it was. Keys the registry does not know (newer than its
    reference date) are skipped and reported, never guessed.
    """
    raw = Path(path).read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise RegistryFileError([(0, f"file is larger than {MAX_FILE_BYTES} bytes")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegistryFileError([(0, f"not UTF-8: {exc.reason}")]) from None
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != POSTCODE_COLUMNS:
        raise RegistryFileError([(1, f"expected the columns {', '.join(POSTCODE_COLUMNS)}")])
    rows: dict[tuple[str, str], str] = {}
    errors: list[tuple[int, str]] = []
    for record in reader:
        line = reader.line_num
        raw_key = (record["ags"] or "").strip()
        ags = raw_key.zfill(8)  # the source lost the leading zero
        raw_code = (record["plz"] or "").strip()
        code = raw_code.zfill(5)  # and so did the postcodes of Saxony (01… to 09…)
        if not (raw_key.isascii() and raw_key.isdigit() and 7 <= len(raw_key) <= 8):
            errors.append((line, f"ags must have 7 or 8 digits, found {record['ags']!r}"))
        elif not (raw_code.isascii() and raw_code.isdigit() and 4 <= len(raw_code) <= 5):
            errors.append((line, f"plz must have 4 or 5 digits, found {record['plz']!r}"))
        else:
            rows.setdefault((code, ags), (record["ort"] or "").strip()[:200])
        if len(errors) >= MAX_REPORTED_ERRORS:
            break
    if errors:
        raise RegistryFileError(errors)
    ids = dict(Municipality.objects.values_list("ags", "pk"))
    report = PostcodeReport(rows=len(rows))
    known = [(code, ags, place) for (code, ags), place in rows.items() if ags in ids]
    report.unknown_keys = sorted({ags for (_code, ags) in rows if ags not in ids})
    with transaction.atomic():
        Postcode.objects.all().delete()
        Postcode.objects.bulk_create(
            [
                Postcode(code=code, municipality_id=ids[ags], place=place)
                for code, ags, place in known
            ],
            batch_size=2000,
        )
    report.postcodes = len({code for code, _ags, _place in known})
    report.municipalities = len({ags for _code, ags, _place in known})
    return report
