# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Import of the MPSC model projects from model-projects.csv.

The whole file is checked first; a file with any refused line changes nothing. Re-running the
same file changes nothing. Organisations come from the registry: an 8-digit AGS is a municipality,
a 5-digit key a county, an empty key a cooperation whose listed members are resolved by exact
name within the row's states. A name that matches no or several registry entries stays
unresolved and visible; nothing is guessed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Avg, Sum
from django.utils.translation import gettext_noop

from stadtnetz.core.text import fold, unique_slug
from stadtnetz.municipalities.models import County, Municipality, State
from stadtnetz.organisations.models import CooperationMember, Organisation, OrganisationKind

from .fields_of_action import FIELDS_OF_ACTION
from .models import (
    FieldOfAction,
    ListedMember,
    LocationBasis,
    ModelProject,
    PopulationBasis,
    ProgrammeCategory,
    ProjectImport,
)

DEFAULT_FILE = Path(__file__).parent / "data" / "model-projects.csv"
COLUMNS = ["name", "round_year", "kind", "state", "ags_or_ars", "members", "population",
           "size_class", "source_url"]  # fmt: skip
MAX_BYTES = 2_000_000
MAX_ROWS = 5_000
CATEGORIES = {
    "großstadt": ProgrammeCategory.LARGE_CITY,
    "mittelstadt": ProgrammeCategory.MEDIUM_TOWN,
    "kleinstadt": ProgrammeCategory.SMALL_TOWN,
    "landkreis": ProgrammeCategory.COUNTY,
    "kooperation": ProgrammeCategory.COOPERATION,
}
_COUNTY_PREFIX = re.compile(r"^(landkreis|kreis|lkr\.?)\s+", re.IGNORECASE)


class ImportRefused(Exception):
    """The file was refused; ``problems`` holds (line, reason) pairs."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("; ".join(f"line {line}: {reason}" for line, reason in problems[:20]))


@dataclass
class Row:
    line: int
    name: str
    round_year: int
    kind_text: str
    states: list[State]
    municipality: Municipality | None
    county: County | None
    member_names: list[str]
    stated_population: int | None
    category: str
    source_urls: str
    source_name: str = ""  # the name as the file spells it, when it carries a note


# The source files keep an editor's note in some names: "Amt Süderbrarup (listed as 'Süderbrarup')"
# means the official list calls it "Süderbrarup". The public name is the part before the note.
_LISTED_AS = re.compile(r"^(?P<name>.+?)\s*\(listed as '[^']*'\)$")
# English explanations of the source's kind column, in German for the German pages.
_KIND_NOTES = [
    (re.compile(r"\s*\(single municipality\)$"), ""),
    (re.compile(r"\(association of (\d+) municipalities\)$"), r"(Verbund aus \1 Gemeinden)"),
]


def public_name(name: str) -> str:
    """The model project's public name without the source's "(listed as '…')" note."""
    match = _LISTED_AS.match(name.strip())
    return match["name"] if match else name.strip()


def kind_as_listed(text: str) -> str:
    """The source's kind column without its English explanations ("Gemeinde (single …)")."""
    for pattern, replacement in _KIND_NOTES:
        text = pattern.sub(replacement, text)
    return text.strip()


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unresolved: list[str] = field(default_factory=list)


def fields_of_action_ensure() -> None:
    """Make sure the controlled list exists (a flushed test database has lost the migration)."""
    if FieldOfAction.objects.count() == len(FIELDS_OF_ACTION):
        return
    for position, (code, name) in enumerate(FIELDS_OF_ACTION, start=1):
        FieldOfAction.objects.update_or_create(
            code=code, defaults={"name": name, "position": position}
        )


def _read(data: bytes) -> list[dict[str, str]]:
    if not data.strip():
        raise ImportRefused([(1, "The file is empty.")])
    if len(data) > MAX_BYTES:
        raise ImportRefused([(1, f"The file is larger than {MAX_BYTES} bytes.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused([(line, "The file is not UTF-8 encoded.")]) from None
    if "\x00" in text:
        raise ImportRefused([(1, "The file contains NUL bytes; it is not a CSV text file.")])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ImportRefused([(1, "The file has no header line.")]) from None
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ImportRefused([(1, f"Missing columns: {', '.join(missing)}.")])
    rows = []
    try:
        for values in reader:
            if len(rows) >= MAX_ROWS:
                raise ImportRefused([(reader.line_num, f"More than {MAX_ROWS} rows.")])
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                rows.append({"__line": reader.line_num, "__error": (
                    f"Expected {len(header)} fields, found {len(values)}."
                )})  # fmt: skip
                continue
            rows.append({"__line": reader.line_num, **dict(zip(header, values, strict=True))})
    except csv.Error as error:
        raise ImportRefused([(reader.line_num, f"Malformed CSV: {error}.")]) from None
    return rows


def _parse(records: list[dict]) -> list[Row]:
    problems: list[tuple[int, str]] = []
    states = {state.code: state for state in State.objects.all()}
    seen: dict[tuple[int, str], int] = {}
    rows: list[Row] = []
    for record in records:
        line = record["__line"]
        if "__error" in record:
            problems.append((line, record["__error"]))
            continue
        source_name = record["name"].strip()
        name = public_name(source_name)
        errors: list[str] = []
        if not name or len(name) > 300:
            errors.append("The name is empty or longer than 300 characters.")
        year_text = record["round_year"].strip()
        year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
        if year is None or not 2019 <= year <= 2100:
            errors.append(f"The round year {year_text!r} is not a year between 2019 and 2100.")
        codes = [code.strip().upper() for code in record["state"].split(";") if code.strip()]
        unknown = [code for code in codes if code not in states]
        if not codes or unknown:
            errors.append(f"Unknown state code {';'.join(unknown) or '(empty)'!r}.")
        category = CATEGORIES.get(record["size_class"].strip().lower())
        if category is None:
            errors.append(f"Unknown size class {record['size_class'].strip()!r}.")
        key = record["ags_or_ars"].strip()
        municipality = county = None
        kind_text = kind_as_listed(record["kind"].strip())[:200]
        if key and not re.fullmatch(r"\d{8}|\d{5}", key):
            errors.append(f"The key {key!r} is neither an 8-digit AGS nor a 5-digit county key.")
        elif len(key) == 8:
            municipality = Municipality.objects.select_related("state").filter(ags=key).first()
            if municipality is None:
                errors.append(f"The AGS {key} is not in the municipality registry.")
            elif codes and municipality.state.code not in codes:
                errors.append(
                    f"The AGS {key} lies in {municipality.state.code}, not in {codes[0]}."
                )
        elif len(key) == 5:
            county = County.objects.select_related("state").filter(key=key).first()
            if county is None:
                errors.append(f"The county key {key} is not in the registry.")
            elif codes and county.state.code not in codes:
                errors.append(
                    f"The county key {key} lies in {county.state.code}, not in {codes[0]}."
                )
        if kind_text.lower().startswith("gemeinde") and len(key) != 8:
            errors.append("A single municipality needs its 8-digit AGS.")
        if kind_text.lower().startswith("landkreis") and len(key) != 5:
            errors.append("A county needs its 5-digit county key.")
        if not kind_text:
            errors.append("The kind is empty.")
        population_text = re.sub(r"[\s.]", "", record["population"])
        population = None
        if population_text:
            if not population_text.isdigit() or len(population_text) > 9:
                errors.append(f"The population {record['population'].strip()!r} is not a number.")
            else:
                population = int(population_text)
        members = [m.strip() for m in record["members"].split(";") if m.strip()]
        if members and key:
            errors.append("Only cooperations without an own key list members.")
        if any(len(member) > 200 for member in members):
            errors.append("A member name is longer than 200 characters.")
        if year is not None and name:
            earlier = seen.get((year, name))
            if earlier:
                errors.append(f"Duplicate of line {earlier}.")
            seen[(year, name)] = line
        urls = [u.strip() for u in record["source_url"].split(" ; ") if u.strip()]
        if any(not re.fullmatch(r"https?://\S+", u) for u in urls):
            errors.append("A source URL does not start with http:// or https://.")
        if errors:
            problems.extend((line, error) for error in errors)
            continue
        rows.append(Row(
            line=line, name=name, source_name=source_name, round_year=year, kind_text=kind_text,
            states=[states[code] for code in codes], municipality=municipality, county=county,
            member_names=members, stated_population=population, category=category,
            source_urls=record["source_url"].strip()[:5000],
        ))  # fmt: skip
    if problems:
        raise ImportRefused(problems)
    return rows


# Why a listed name stayed unresolved. Stored as written here (they are keys as much as text);
# pages translate them with {% translate %}, so these are marked for the catalogue only.
NO_COUNTY = gettext_noop("no county of this name")
SEVERAL_COUNTIES = gettext_noop("several counties")
NO_MUNICIPALITY = gettext_noop("no municipality of this name in the registry")
SEVERAL_MUNICIPALITIES = gettext_noop("several municipalities of this name")


def _resolve_member(
    name: str, states: list[State]
) -> tuple[Municipality | None, County | None, str]:
    """Exact (folded) name match within the row's states; several matches stay unresolved."""
    wanted = fold(name)
    county_name = _COUNTY_PREFIX.sub("", name)
    if county_name != name:
        counties = [c for c in County.objects.filter(state__in=states, dissolved_at=None)
                    if fold(c.name) == fold(county_name)]  # fmt: skip
        if len(counties) == 1:
            return None, counties[0], ""
        return None, None, NO_COUNTY if not counties else SEVERAL_COUNTIES
    candidates = [
        m for m in Municipality.objects.filter(state__in=states, dissolved_at=None)
        .filter(search_text__contains=f" {wanted.split()[0]}" if wanted else " ")
        if fold(m.short_name) == wanted or fold(m.name) == wanted
    ]  # fmt: skip
    if len(candidates) == 1:
        return candidates[0], None, ""
    if not candidates:
        return None, None, NO_MUNICIPALITY
    return None, None, SEVERAL_MUNICIPALITIES


def _organisation_for(row: Row, project: ModelProject | None) -> Organisation:
    """The registry-backed organisation of a row; created once, through the model's rules."""
    if row.municipality is not None:
        organisation = Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, municipality=row.municipality
        ).first()
        if organisation is None:
            organisation = Organisation(
                kind=OrganisationKind.MUNICIPALITY, municipality=row.municipality,
                name=row.municipality.name,
                slug=unique_slug(row.municipality.short_name, model=Organisation),
            )  # fmt: skip
            organisation.full_clean()
            organisation.save()
        return organisation
    if row.county is not None:
        organisation = Organisation.objects.filter(
            kind=OrganisationKind.COUNTY, county=row.county
        ).first()
        if organisation is None:
            organisation = Organisation(
                kind=OrganisationKind.COUNTY, county=row.county, name=row.name[:200],
                slug=unique_slug(f"kreis {row.county.name}", model=Organisation),
            )  # fmt: skip
            organisation.full_clean()
            organisation.save()
        return organisation
    if project is not None and project.organisation.kind == OrganisationKind.COOPERATION:
        return project.organisation
    organisation = Organisation(
        kind=OrganisationKind.COOPERATION, name=row.name[:200],
        slug=unique_slug(row.name, model=Organisation),
    )  # fmt: skip
    organisation.full_clean()
    organisation.save()
    return organisation


def _sync_members(
    organisation: Organisation, resolved: list[tuple[Municipality | None, County | None]]
) -> bool:
    wanted = []
    for index, (municipality, county) in enumerate(resolved):
        wanted.append((municipality.pk if municipality else None, county.pk if county else None,
                       index == 0))  # fmt: skip
    current = [
        (m.municipality_id, m.county_id, m.is_lead)
        for m in CooperationMember.objects.filter(cooperation=organisation).order_by("pk")
    ]
    if sorted(current, key=str) == sorted(wanted, key=str):
        return False
    CooperationMember.objects.filter(cooperation=organisation).delete()
    for municipality_id, county_id, is_lead in wanted:
        member = CooperationMember(
            cooperation=organisation, municipality_id=municipality_id, county_id=county_id,
            is_lead=is_lead,
        )  # fmt: skip
        member.full_clean()
        member.save()
    return True


def _location_and_population(row: Row, resolved) -> dict:
    values = {"latitude": None, "longitude": None, "location_basis": LocationBasis.NONE,
              "population": None, "population_basis": PopulationBasis.NONE}  # fmt: skip
    if row.municipality is not None:
        values.update(
            latitude=row.municipality.latitude, longitude=row.municipality.longitude,
            location_basis=LocationBasis.MUNICIPALITY, population=row.municipality.population,
            population_basis=PopulationBasis.REGISTRY,
        )  # fmt: skip
        return values
    county_ids = [row.county.pk] if row.county else [c.pk for _m, c in resolved if c]
    municipality_ids = [m.pk for m, _c in resolved if m]
    points: list[tuple[Decimal, Decimal]] = []
    total = 0
    for m in Municipality.objects.filter(pk__in=municipality_ids):
        if m.latitude is not None:
            points.append((m.latitude, m.longitude))
        total += m.population or 0
    for county_id in county_ids:
        figures = Municipality.objects.filter(county_id=county_id, dissolved_at=None).aggregate(
            lat=Avg("latitude"), lon=Avg("longitude"), population=Sum("population")
        )
        if figures["lat"] is not None:
            points.append((Decimal(str(figures["lat"])), Decimal(str(figures["lon"]))))
        total += figures["population"] or 0
    if points:
        values.update(
            latitude=(sum(p[0] for p in points) / len(points)).quantize(Decimal("0.000001")),
            longitude=(sum(p[1] for p in points) / len(points)).quantize(Decimal("0.000001")),
            location_basis=LocationBasis.MEAN_OF_MEMBERS,
        )  # fmt: skip
    complete = row.county is not None or (resolved and len(resolved) == len(row.member_names))
    if row.stated_population:
        values.update(population=row.stated_population, population_basis=PopulationBasis.SOURCE)
    elif complete and total:
        values.update(population=total, population_basis=PopulationBasis.REGISTRY_SUM)
    return values


def _call_for(year: int):
    """The round's call, when the programmes app has it (seed the programmes first)."""
    from stadtnetz.programmes.models import Call

    return Call.objects.filter(round_year=year).order_by("pk").first()


@transaction.atomic
def model_projects_import(*, data: bytes, file_name: str = "model-projects.csv") -> ImportResult:
    """Import (or re-import) the model projects. Raises ImportRefused; then nothing changed."""
    rows = _parse(_read(data))
    fields_of_action_ensure()
    result = ImportResult(rows=len(rows))
    for row in rows:
        project = (
            ModelProject.objects.select_related("organisation")
            .filter(round_year=row.round_year, name__in={row.name, row.source_name})
            .first()
        )
        listed = []
        resolved_entries = []
        for position, member_name in enumerate(row.member_names, start=1):
            municipality, county, note = _resolve_member(member_name, row.states)
            listed.append((position, member_name, municipality, county, note))
            if municipality or county:
                resolved_entries.append((municipality, county))
            else:
                result.unresolved.append(f"{row.name} ({row.round_year}): {member_name} – {note}")
        if row.municipality is None and row.county is None and not row.member_names:
            result.unresolved.append(
                f"{row.name} ({row.round_year}): no official key and no members listed"
            )
        organisation = _organisation_for(row, project)
        members_changed = False
        if organisation.kind == OrganisationKind.COOPERATION:
            members_changed = _sync_members(organisation, resolved_entries)
        if organisation.name == row.source_name != row.name:  # imported before the note was cut
            organisation.name = row.name[:200]
            organisation.save(update_fields=["name", "updated_at"])
        values = {
            "name": row.name,
            "organisation": organisation, "call": _call_for(row.round_year), "category": row.category, "kind_as_listed": row.kind_text,
            "stated_population": row.stated_population, "source_urls": row.source_urls,
            **_location_and_population(row, resolved_entries),
        }  # fmt: skip
        created = project is None
        if created:
            project = ModelProject(
                round_year=row.round_year,
                slug=unique_slug(f"{row.round_year} {row.name.split('(')[0]}", model=ModelProject),
                **values,
            )  # fmt: skip
            changed = True
        else:
            changed = any(getattr(project, name) != value for name, value in values.items())
            for name, value in values.items():
                setattr(project, name, value)
        if changed:
            project.full_clean()
            project.save()
        if {s.pk for s in project.states.all()} != {s.pk for s in row.states}:
            project.states.set(row.states)
            changed = True
        current_listed = [
            (m.position, m.name, m.municipality_id, m.county_id, m.note)
            for m in project.listed.all()
        ]
        wanted_listed = [
            (p, n, m.pk if m else None, c.pk if c else None, note) for p, n, m, c, note in listed
        ]
        if current_listed != wanted_listed:
            project.listed.all().delete()
            ListedMember.objects.bulk_create(
                ListedMember(project=project, position=p, name=n, municipality=m, county=c,
                             note=note)
                for p, n, m, c, note in listed
            )  # fmt: skip
            changed = True
        changed = changed or members_changed
        if created:
            result.created += 1
        elif changed:
            result.updated += 1
        else:
            result.unchanged += 1
    ProjectImport.objects.create(
        file_name=file_name[:255], sha256=hashlib.sha256(data).hexdigest(), rows=result.rows,
        created=result.created, updated=result.updated, unchanged=result.unchanged,
        unresolved=result.unresolved,
    )  # fmt: skip
    return result
