# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Import of the model projects' knowledge: profiles, measures, lessons, documented transfers.

All four files are checked before anything is written, and written in one transaction: a file
with any refused line (reported with file, line and reason) changes nothing. Re-running the same
files changes nothing. Records keep their source URL and the provenance "imported from public
sources".

A re-import never overwrites an editor's change (decision 0035): each imported record stores the
values the last import wrote (``imported_values``). A field whose current value still equals that
stored value takes the file's new value; a field that differs was changed on the platform since
and is kept (the import reports it). A field that was never imported is only filled when empty.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from stadtnetz.core import versioning
from stadtnetz.municipalities.models import State

from .importer import _resolve_member, fields_of_action_ensure, public_name
from .models import (
    DocumentedTransfer,
    FieldOfAction,
    Lesson,
    LessonRevision,
    Measure,
    MeasureRevision,
    MeasureStatus,
    ModelProject,
    Phase,
    PhaseStatus,
    ProjectPhase,
    Provenance,
    StartedWith,
    TransferKind,
)
from .services import _plain, lesson_snapshot, measure_snapshot

DATA = Path(__file__).parent / "data"
DEFAULT_FILES = {
    "profiles": DATA / "profiles.csv",
    "measures": DATA / "measures.csv",
    "lessons": DATA / "lessons.csv",
    "reuses": DATA / "reuses.csv",
}
COLUMNS = {
    "profiles": ["name", "round_year", "motto", "funding_federal_eur", "funding_rate_percent",
                 "total_budget_eur", "phase_a_start", "phase_a_end", "phase_b_start",
                 "phase_b_end", "started_with", "fields_of_action", "website", "source_urls",
                 "notes"],
    "measures": ["project_name", "round_year", "measure_name", "field_of_action", "summary",
                 "status", "solution_url", "source_url", "fields_of_action_keys"],
    "lessons": ["project_name", "round_year", "title", "lesson", "field_of_action", "source_url",
                "fields_of_action_keys"],
    "reuses": ["solution_name", "origin_project", "origin_round_year", "repository_url",
               "adopter_name", "adopter_state", "reuse_kind", "year", "source_url"],
}  # fmt: skip
# The rounds of the programme (programme-facts.md): a round year outside them is refused.
ROUNDS = (2019, 2020, 2021)
MAX_BYTES = 5_000_000
MAX_ROWS = 10_000
STATUSES = {
    "geplant": MeasureStatus.PLANNED,
    "in umsetzung": MeasureStatus.IN_PROGRESS,
    "umgesetzt": MeasureStatus.DONE,
    "verstetigt": MeasureStatus.CONTINUED,
    "eingestellt": MeasureStatus.STOPPED,
    "": MeasureStatus.UNKNOWN,
}
STARTS = {"strategie": StartedWith.STRATEGY, "umsetzung": StartedWith.IMPLEMENTATION, "": ""}
TRANSFER_KINDS = {
    "nachnutzung": TransferKind.REUSE,
    "pilot": TransferKind.PILOT,
    "kooperation": TransferKind.COOPERATION,
}
PROFILE_FIELDS = ["motto", "funding_federal", "funding_rate", "total_budget", "started_with",
                  "own_fields_of_action", "website", "profile_source_urls", "profile_notes"]  # fmt: skip
_URL = re.compile(r"https?://[^\s<>\"]+")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_AMOUNT = re.compile(r"\d{1,12}(\.\d{1,2})?")


class KnowledgeRefused(Exception):
    """The files were refused; ``problems`` holds (file name, line, reason) triples."""

    def __init__(self, problems: list[tuple[str, int, str]]):
        self.problems = problems
        super().__init__(
            "; ".join(f"{name}, line {line}: {reason}" for name, line, reason in problems[:20])
        )


@dataclass
class KnowledgeResult:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    kept_editor_changes: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str) -> None:
        bucket = self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})
        bucket[outcome] += 1


# --- reading and checking ------------------------------------------------------------------------


def _rows(name: str, data: bytes, problems: list) -> list[dict]:
    """The rows of one file as dicts with their line number; file-level problems are recorded."""
    columns = COLUMNS[name]
    name = f"{name}.csv"
    if not data.strip():
        problems.append((name, 1, "The file is empty."))
        return []
    if len(data) > MAX_BYTES:
        problems.append((name, 1, f"The file is larger than {MAX_BYTES} bytes."))
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append((name, data[: error.start].count(b"\n") + 1, "The file is not UTF-8."))
        return []
    if "\x00" in text:
        problems.append((name, 1, "The file contains NUL bytes; it is not a CSV text file."))
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip() for column in next(reader)]
    except (StopIteration, csv.Error):
        problems.append((name, 1, "The file has no header line."))
        return []
    missing = [column for column in columns if column not in header]
    if missing:
        problems.append((name, 1, f"Missing columns: {', '.join(missing)}."))
        return []
    rows = []
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                problems.append((name, reader.line_num, f"More than {MAX_ROWS} rows."))
                return []
            if len(values) != len(header):
                problems.append((name, reader.line_num,
                                 f"Expected {len(header)} fields, found {len(values)}."))  # fmt: skip
                continue
            row = {key: value.strip() for key, value in zip(header, values, strict=True)}
            row["__line"] = reader.line_num
            rows.append(row)
    except csv.Error as error:
        problems.append((name, reader.line_num, f"Malformed CSV: {error}."))
        return []
    return rows


class _Checker:
    """Collects the problems of one row."""

    def __init__(self, name: str, line: int, problems: list):
        self.name, self.line, self.problems, self.ok = name, line, problems, True

    def fail(self, reason: str) -> None:
        self.problems.append((self.name, self.line, reason))
        self.ok = False

    def round_year(self, text: str, column: str = "round_year") -> int | None:
        if not re.fullmatch(r"\d{4}", text) or int(text) not in ROUNDS:
            self.fail(f"The {column} {text!r} is not a round of the programme "
                      f"({', '.join(map(str, ROUNDS))}).")  # fmt: skip
            return None
        return int(text)

    def project(self, projects: dict, name: str, year: int | None) -> ModelProject | None:
        if year is None:
            return None
        project = projects.get((year, public_name(name)))
        if project is None:
            self.fail(f"Unknown model project {name!r} of the {year} round "
                      "(import the model projects first; names must match model-projects.csv).")  # fmt: skip
        return project

    def url(self, text: str, column: str, *, required: bool) -> str:
        if not text:
            if required:
                self.fail(f"The {column} is empty.")
            return ""
        if len(text) > 500 or not _URL.fullmatch(text):
            self.fail(f"The {column} {text[:80]!r} is not an http:// or https:// address.")
            return ""
        return text

    def urls(self, text: str, column: str) -> str:
        urls = [url.strip() for url in text.split(" ; ") if url.strip()]
        for url in urls:
            self.url(url, column, required=False)
        return " ; ".join(urls)

    def amount(self, text: str, column: str, *, maximum: Decimal | None = None) -> Decimal | None:
        if not text:
            return None
        if not _AMOUNT.fullmatch(text):
            self.fail(f"The {column} {text[:40]!r} is not a number (digits, optionally a point "
                      "and cents; no thousands separators).")  # fmt: skip
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            self.fail(f"The {column} {text!r} is not a number.")
            return None
        if maximum is not None and value > maximum:
            self.fail(f"The {column} {text} is larger than {maximum}.")
            return None
        return value

    def month(self, text: str, column: str, *, end: bool) -> date | None:
        if not text:
            return None
        match = _MONTH.fullmatch(text)
        if not match or not 1 <= int(match[2]) <= 12 or not 2019 <= int(match[1]) <= 2035:
            self.fail(f"The {column} {text!r} is not a month YYYY-MM between 2019 and 2035.")
            return None
        year, month = int(match[1]), int(match[2])
        if not end:
            return date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)

    def fields(self, text: str, known: dict, *, required: bool) -> list[FieldOfAction]:
        codes = [code.strip() for code in text.split(";") if code.strip()]
        unknown = [code for code in codes if code not in known]
        if unknown:
            self.fail(f"Unknown field-of-action key {', '.join(unknown)!r} "
                      f"(known: {', '.join(known)}).")  # fmt: skip
            return []
        if required and not codes:
            self.fail("The fields_of_action_keys are empty; a measure needs one or two.")
        if len(codes) > 2 or len(set(codes)) != len(codes):
            self.fail("A record has one or two different fields of action.")
            return []
        return [known[code] for code in codes]

    def text(self, text: str, column: str, limit: int, *, required: bool = False) -> str:
        if required and not text:
            self.fail(f"The {column} is empty.")
        if len(text) > limit:
            self.fail(f"The {column} is longer than {limit} characters.")
        return text


@dataclass
class _Parsed:
    profiles: list[dict]
    measures: list[dict]
    lessons: list[dict]
    transfers: list[dict]


def _parse(files: dict[str, bytes]) -> _Parsed:
    problems: list[tuple[str, int, str]] = []
    raw = {name: _rows(name, files[name], problems) for name in COLUMNS}
    projects = {(p.round_year, p.name): p for p in ModelProject.objects.all()}
    known = {f.code: f for f in FieldOfAction.objects.all()}
    states = {s.code: s for s in State.objects.all()}
    parsed = _Parsed([], [], [], [])

    seen: dict[tuple, int] = {}
    for row in raw["profiles"]:
        check = _Checker("profiles.csv", row["__line"], problems)
        year = check.round_year(row["round_year"])
        project = check.project(projects, row["name"], year)
        values = {
            "motto": check.text(row["motto"], "motto", 300),
            "funding_federal": check.amount(row["funding_federal_eur"], "funding_federal_eur"),
            "funding_rate": check.amount(
                row["funding_rate_percent"], "funding_rate_percent", maximum=Decimal(100)
            ),  # fmt: skip
            "total_budget": check.amount(row["total_budget_eur"], "total_budget_eur"),
            "own_fields_of_action": check.text(row["fields_of_action"], "fields_of_action", 500),
            "website": check.url(row["website"], "website", required=False),
            "profile_source_urls": check.urls(row["source_urls"], "source_urls"),
            "profile_notes": check.text(row["notes"], "notes", 5000),
        }
        started = row["started_with"].lower()
        if started not in STARTS:
            check.fail(f"The started_with {row['started_with']!r} is neither Strategie nor "
                       "Umsetzung.")  # fmt: skip
        else:
            values["started_with"] = STARTS[started]
        phases = {}
        for phase in ("a", "b"):
            starts = check.month(row[f"phase_{phase}_start"], f"phase_{phase}_start", end=False)
            ends = check.month(row[f"phase_{phase}_end"], f"phase_{phase}_end", end=True)
            if starts and ends and ends < starts:
                check.fail(f"Phase {phase.upper()} ends before it starts.")
            if starts or ends:
                phases[phase.upper()] = (starts, ends)
        if (
            values["funding_federal"] is not None
            and values["total_budget"] is not None
            and values["funding_federal"] > values["total_budget"]
        ):
            check.fail("The federal funding is larger than the total budget.")
        if project is not None:
            if (previous := seen.get(("p", project.pk))) is not None:
                check.fail(f"Duplicate of line {previous}.")
            seen[("p", project.pk)] = check.line
        if check.ok:
            parsed.profiles.append({"project": project, "values": values, "phases": phases})

    for row in raw["measures"]:
        check = _Checker("measures.csv", row["__line"], problems)
        year = check.round_year(row["round_year"])
        project = check.project(projects, row["project_name"], year)
        name = check.text(row["measure_name"], "measure_name", 200, required=True)
        status = STATUSES.get(row["status"].lower())
        if status is None:
            check.fail(f"Unknown status {row['status']!r} (known: geplant, in Umsetzung, "
                       "umgesetzt, verstetigt, eingestellt, or empty).")  # fmt: skip
        values = {
            "title": name,
            "description": check.text(row["summary"], "summary", 20_000, required=True),
            "field_of_action_label": check.text(row["field_of_action"], "field_of_action", 200),
            "status": status,
            "repository_url": check.url(row["solution_url"], "solution_url", required=False),
            "source_url": check.url(row["source_url"], "source_url", required=True),
        }
        fields = check.fields(row["fields_of_action_keys"], known, required=True)
        if project is not None and name:
            if (previous := seen.get(("m", project.pk, name))) is not None:
                check.fail(f"Duplicate of line {previous}.")
            seen[("m", project.pk, name)] = check.line
        if check.ok:
            parsed.measures.append({"project": project, "key": name, "values": values,
                                    "fields": fields})  # fmt: skip

    for row in raw["lessons"]:
        check = _Checker("lessons.csv", row["__line"], problems)
        year = check.round_year(row["round_year"])
        project = check.project(projects, row["project_name"], year)
        title = check.text(row["title"], "title", 200, required=True)
        values = {
            "title": title,
            "summary": check.text(row["lesson"], "lesson", 10_000, required=True),
            "field_of_action_label": check.text(row["field_of_action"], "field_of_action", 200),
            "source_url": check.url(row["source_url"], "source_url", required=True),
        }
        fields = check.fields(row["fields_of_action_keys"], known, required=False)
        if project is not None and title:
            if (previous := seen.get(("l", project.pk, title))) is not None:
                check.fail(f"Duplicate of line {previous}.")
            seen[("l", project.pk, title)] = check.line
        if check.ok:
            parsed.lessons.append({"project": project, "key": title, "values": values,
                                   "fields": fields})  # fmt: skip

    for row in raw["reuses"]:
        check = _Checker("reuses.csv", row["__line"], problems)
        year = check.round_year(row["origin_round_year"], "origin_round_year")
        project = check.project(projects, row["origin_project"], year)
        state = states.get(row["adopter_state"].upper())
        if state is None:
            check.fail(f"Unknown state code {row['adopter_state']!r}.")
        kind = TRANSFER_KINDS.get(row["reuse_kind"].lower())
        if kind is None:
            check.fail(f"Unknown reuse_kind {row['reuse_kind']!r} (known: Nachnutzung, Pilot, "
                       "Kooperation).")  # fmt: skip
        transfer_year = None
        if row["year"]:
            this_year = timezone.localdate().year
            if not re.fullmatch(r"\d{4}", row["year"]) or not (
                (year or ROUNDS[0]) <= int(row["year"]) <= this_year
            ):
                check.fail(f"The year {row['year']!r} lies outside the programme "
                           f"({year or ROUNDS[0]} to {this_year}).")  # fmt: skip
            else:
                transfer_year = int(row["year"])
        values = {
            "solution_name": check.text(row["solution_name"], "solution_name", 300, required=True),
            "repository_url": check.url(row["repository_url"], "repository_url", required=False),
            "adopter_name": check.text(row["adopter_name"], "adopter_name", 200, required=True),
            "adopter_state": state,
            "kind": kind,
            "year": transfer_year,
            "source_url": check.url(row["source_url"], "source_url", required=True),
            "line": check.line,
        }
        key = "|".join([row["solution_name"], row["adopter_name"], row["adopter_state"].upper(),
                        row["source_url"]])[:600]  # fmt: skip
        if project is not None:
            if (previous := seen.get(("r", project.pk, key))) is not None:
                check.fail(f"Duplicate of line {previous}.")
            seen[("r", project.pk, key)] = check.line
        if check.ok:
            parsed.transfers.append({"project": project, "key": key, "values": values})

    if problems:
        raise KnowledgeRefused(problems)
    return parsed


# --- writing -------------------------------------------------------------------------------------

_NEVER = object()


def _merge(instance, new: dict, result: KnowledgeResult, label: str) -> list[str]:
    """Apply the file's values unless an editor changed the field since the last import.

    Returns the names of the changed fields; updates ``instance.imported_values``.
    """
    stored = dict(instance.imported_values or {})
    changed = []
    for name, value in new.items():
        current = _plain(getattr(instance, name))
        wanted = _plain(value)
        last = stored.get(name, _NEVER)
        untouched = current in ("", None) if last is _NEVER else current == last
        if untouched:
            if current != wanted:
                setattr(instance, name, value)
                changed.append(name)
        elif current != wanted:
            result.kept_editor_changes.append(f"{label}: {name}")
        stored[name] = wanted
    if stored != instance.imported_values:
        instance.imported_values = stored
        if not changed:
            changed.append("imported_values")
    return changed


def _field_codes(fields: list[FieldOfAction]) -> list[str]:
    """Primary first, the others by the list's order."""
    if not fields:
        return []
    return [fields[0].code, *(f.code for f in sorted(fields[1:], key=lambda f: f.position))]


def _current_codes(record, primary_id=None) -> list[str]:
    fields = sorted(record.fields_of_action.all(), key=lambda f: f.position)
    primary = [f for f in fields if f.pk == primary_id]
    return [f.code for f in primary] + [f.code for f in fields if f.pk != primary_id]


def _import_profiles(parsed: _Parsed, result: KnowledgeResult) -> None:
    today = timezone.localdate()
    for entry in parsed.profiles:
        project = entry["project"]
        changed = _merge(project, entry["values"], result, f"{project} (profile)")
        if changed:
            project.full_clean()
            project.save()
        phases = {p.phase: p for p in project.phases.all()}
        for code in (Phase.A, Phase.B):
            dates = entry["phases"].get(code)
            if dates is None:
                continue
            starts, ends = dates
            if ends and ends < today:
                status = PhaseStatus.COMPLETED
            elif starts and starts <= today:
                status = PhaseStatus.RUNNING
            else:
                status = PhaseStatus.PLANNED
            phase = phases.get(code) or ProjectPhase(project=project, phase=code)
            if (phase.starts_on, phase.ends_on, phase.status) != (starts, ends, status):
                phase.starts_on, phase.ends_on, phase.status = starts, ends, status
                phase.full_clean()
                phase.save()
                changed.append(f"phase {code}")
        result.count("profiles", "updated" if changed else "unchanged")


def _import_measures(parsed: _Parsed, result: KnowledgeResult) -> None:
    existing = {
        (m.project_id, m.import_key): m
        for m in Measure.objects.exclude(import_key="").prefetch_related("fields_of_action")
    }
    for entry in parsed.measures:
        project, key = entry["project"], entry["key"]
        measure = existing.get((project.pk, key))
        created = measure is None
        if created:
            measure = Measure(project=project, import_key=key, provenance=Provenance.IMPORT)
        values = dict(entry["values"])
        codes = _field_codes(entry["fields"])
        changed = _merge(measure, values, result, f"{project}: {key}")
        if created or changed:
            measure.full_clean()
            measure.save()
        # Fields of action: the same rule, on the ordered list of codes.
        stored = measure.imported_values.get("fields_of_action", None)
        current = [] if created else _current_codes(measure, measure.primary_field_id)
        if created or current == stored or stored is None:
            if current != codes:
                by_code = {f.code: f for f in entry["fields"]}
                measure.fields_of_action.set(entry["fields"])
                measure.primary_field = by_code[codes[0]]
                changed.append("fields_of_action")
        elif current != codes:
            result.kept_editor_changes.append(f"{project}: {key}: fields_of_action")
        if stored != codes:
            measure.imported_values["fields_of_action"] = codes
            if not changed:
                changed.append("imported_values")
        if changed:
            measure.save()
            number = (measure.revisions.order_by("-number").values_list("number", flat=True)
                      .first() or 0) + 1  # fmt: skip
            real = [name for name in changed if name != "imported_values"]
            if real and not created:
                versioning.bump(measure)  # an open edit form is stale now
            if real:
                MeasureRevision.objects.create(
                    measure=measure, number=number, changed_by=None,
                    action="imported" if created else "reimported", changed_fields=sorted(real),
                    snapshot=measure_snapshot(measure),
                )  # fmt: skip
        result.count("measures", "created" if created else "updated" if changed else "unchanged")


def _import_lessons(parsed: _Parsed, result: KnowledgeResult) -> None:
    existing = {
        (lesson.project_id, lesson.import_key): lesson
        for lesson in Lesson.objects.exclude(import_key="").prefetch_related("fields_of_action")
    }
    for entry in parsed.lessons:
        project, key = entry["project"], entry["key"]
        lesson = existing.get((project.pk, key))
        created = lesson is None
        if created:
            lesson = Lesson(project=project, import_key=key, provenance=Provenance.IMPORT)
        changed = _merge(lesson, dict(entry["values"]), result, f"{project}: {key}")
        if created or changed:
            lesson.full_clean()
            lesson.save()
        codes = _field_codes(entry["fields"])
        stored = lesson.imported_values.get("fields_of_action", None)
        current = [] if created else _current_codes(lesson, None)
        current_set, stored_set = sorted(current), sorted(stored or [])
        if created or stored is None or current_set == stored_set:
            if current_set != sorted(codes):
                lesson.fields_of_action.set(entry["fields"])
                changed.append("fields_of_action")
        elif current_set != sorted(codes):
            result.kept_editor_changes.append(f"{project}: {key}: fields_of_action")
        if stored != codes:
            lesson.imported_values["fields_of_action"] = codes
            if not changed:
                changed.append("imported_values")
        if changed:
            lesson.save()
            real = [name for name in changed if name != "imported_values"]
            if real and not created:
                versioning.bump(lesson)  # an open edit form is stale now
            if real:
                number = (lesson.revisions.order_by("-number").values_list("number", flat=True)
                          .first() or 0) + 1  # fmt: skip
                LessonRevision.objects.create(
                    lesson=lesson, number=number, changed_by=None,
                    action="imported" if created else "reimported", changed_fields=sorted(real),
                    snapshot={**lesson_snapshot(lesson), "fields_of_action": codes},
                )  # fmt: skip
        result.count("lessons", "created" if created else "updated" if changed else "unchanged")


def _import_transfers(parsed: _Parsed, result: KnowledgeResult) -> None:
    existing = {(t.origin_id, t.import_key): t for t in DocumentedTransfer.objects.all()}
    for entry in parsed.transfers:
        project, values = entry["project"], dict(entry["values"])
        municipality, county, note = _resolve_member(values["adopter_name"],
                                                     [values["adopter_state"]])  # fmt: skip
        values.update(adopter_municipality=municipality, adopter_county=county,
                      unresolved_reason=note)  # fmt: skip
        if note:
            result.unresolved.append(
                f"reuses.csv, line {values['line']}: {values['adopter_name']} "
                f"({values['adopter_state'].code}) – {note}"
            )
        transfer = existing.get((project.pk, entry["key"]))
        created = transfer is None
        if created:
            transfer = DocumentedTransfer(origin=project, import_key=entry["key"])
        changed = [n for n, v in values.items() if _plain(getattr(transfer, n, None)) != _plain(v)]
        for name in changed:
            setattr(transfer, name, values[name])
        if created or changed:
            transfer.full_clean()
            transfer.save()
        result.count("reuses", "created" if created else "updated" if changed else "unchanged")


@transaction.atomic
def knowledge_import(*, files: dict[str, bytes]) -> KnowledgeResult:
    """Import (or re-import) profiles, measures, lessons and transfers; all or nothing.

    ``files`` maps profiles/measures/lessons/reuses to the files' bytes. Raises KnowledgeRefused,
    then nothing changed.
    """
    fields_of_action_ensure()
    parsed = _parse(files)
    result = KnowledgeResult()
    _import_profiles(parsed, result)
    _import_measures(parsed, result)
    _import_lessons(parsed, result)
    _import_transfers(parsed, result)
    return result
