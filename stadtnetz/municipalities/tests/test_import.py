# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The registry import: idempotent, all-or-nothing, updates and dissolutions, clear refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from stadtnetz.municipalities.models import County, Municipality, RegistryImport, State
from stadtnetz.municipalities.services import DEFAULT_FILE, RegistryFileError, registry_import
from stadtnetz.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

REAL = DEFAULT_FILE.read_text(encoding="utf-8-sig")
HEADER, *LINES = REAL.splitlines()


def write(tmp_path: Path, lines: list[str], name: str = "gv.csv", bom: bool = True) -> Path:
    path = tmp_path / name
    path.write_text(
        ("\ufeff" if bom else "") + "\n".join([HEADER, *lines]) + "\n", encoding="utf-8"
    )
    return path


def snapshot() -> dict:
    return {
        "municipalities": list(
            Municipality.objects.order_by("ags").values_list(
                "ags", "name", "population", "dissolved_at"
            )
        ),
        "counties": list(County.objects.order_by("key").values_list("key", "name", "dissolved_at")),
        "states": list(State.objects.values_list("key", "name")),
    }


def test_shipped_file_imported_with_source(solingen):
    assert solingen.name == "Solingen, Klingenstadt"
    assert solingen.population == 159245
    assert solingen.population_date == dt.date(2019, 12, 31)
    assert solingen.county.key == "05122" and solingen.state.code == "NW"
    assert str(solingen.area_km2) == "89.54"
    assert solingen.postcode == "42651" and solingen.urbanisation == 1
    assert "Destatis" in solingen.source_import.source
    assert State.objects.count() == 16
    assert County.objects.count() == 401


def test_same_file_twice_changes_nothing(registry):
    before = snapshot()
    imports = RegistryImport.objects.count()
    report = registry_import()
    assert report.unchanged_file is True
    assert RegistryImport.objects.count() == imports
    forced = registry_import(force=True)
    assert (forced.created, forced.updated, forced.dissolved) == (0, 0, 0)
    assert snapshot() == before


def test_command_reports_up_to_date(registry, capsys):
    call_command("import_municipalities")
    assert "nothing to do" in capsys.readouterr().out


def test_new_reference_date_updates_every_population_date(registry, tmp_path):
    report = registry_import(path=write(tmp_path, LINES), population_date=dt.date(2020, 12, 31))
    assert report.updated == Municipality.objects.filter(population__isnull=False).count()
    assert Municipality.objects.get(ags="05122000").population_date == dt.date(2020, 12, 31)


def test_newer_file_updates_and_dissolves_but_never_deletes(registry, tmp_path, make_user):
    gone_ags = "05122000"
    organisation = Organisation.objects.create(
        name="Stadt Solingen",
        slug="solingen",
        kind=OrganisationKind.MUNICIPALITY,
        municipality=Municipality.objects.get(ags=gone_ags),
    )
    lines = []
    for line in LINES:
        if line.startswith("60,61,05,1,22,0000,000"):  # Solingen disappears
            continue
        if line.startswith("60,61,05,1,11,0000,000"):  # Düsseldorf grows and is renamed
            line = line.replace("Düsseldorf, Stadt", "Düsseldorf, Landeshauptstadt").replace(
                " 621 877", " 650 000"
            )
        lines.append(line)
    report = registry_import(path=write(tmp_path, lines))
    assert (report.created, report.updated, report.dissolved) == (0, 1, 1)
    duesseldorf = Municipality.objects.get(ags="05111000")
    assert duesseldorf.name == "Düsseldorf, Landeshauptstadt"
    assert duesseldorf.population == 650000
    solingen = Municipality.objects.get(ags=gone_ags)  # still there, referenced
    assert solingen.dissolved_at is not None
    organisation.refresh_from_db()
    assert organisation.municipality_id == solingen.pk
    assert "Solingen, Klingenstadt" not in [m.name for m in Municipality.objects.active()]

    # the official file again: Solingen comes back, Düsseldorf is as before
    again = registry_import(force=True)
    assert again.reactivated == 1
    assert Municipality.objects.get(ags=gone_ags).dissolved_at is None
    assert Municipality.objects.get(ags="05111000").population == 621877


def refused(tmp_path, lines, **kwargs) -> RegistryFileError:
    before = snapshot()
    imports = RegistryImport.objects.count()
    with pytest.raises(RegistryFileError) as info:
        registry_import(path=write(tmp_path, lines, **kwargs), force=True)
    assert snapshot() == before, "a refused file must change nothing"
    assert RegistryImport.objects.count() == imports
    return info.value


def test_malformed_population_is_refused_with_line(registry, tmp_path):
    lines = list(LINES)
    index = next(i for i, line in enumerate(lines) if line.startswith("60,61,05,1,22"))
    lines[index] = lines[index].replace(" 159 245", " 159x245")
    error = refused(tmp_path, lines)
    assert error.errors[0] == (index + 2, "bevoelkerung is not a whole number: '159x245'")


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (
            lambda row: row.replace("60,61,05,1,22,0000,000", "60,61,05,1,22,0000,00X"),
            "gemeinde must have 3 digits",
        ),
        (lambda row: row.replace("60,61,05,1,22", "60,61,99,1,22"), "unknown state key '99'"),
        (lambda row: row.replace("60,61,05", "70,61,05"), "unknown satzart '70'"),
        (lambda row: row + ",extra", "expected 20 fields, found 21"),
        (lambda row: row.replace(',"7,085665"', ',"xx"'), "laengengrad is not a number"),
        (lambda row: row.replace("42651", "4265"), "postleitzahl must have 5 digits"),
    ],
)
def test_bad_rows_are_refused(registry, tmp_path, mutate, reason):
    lines = list(LINES)
    index = next(i for i, line in enumerate(lines) if line.startswith("60,61,05,1,22"))
    lines[index] = mutate(lines[index])
    error = refused(tmp_path, lines)
    assert error.errors[0][0] == index + 2
    assert reason in error.errors[0][1]


def test_duplicate_ags_refused(registry, tmp_path):
    solingen_line = next(line for line in LINES if line.startswith("60,61,05,1,22"))
    error = refused(tmp_path, [*LINES, solingen_line])
    assert error.errors[0] == (len(LINES) + 2, "AGS 05122000 appears twice")


def test_wrong_header_empty_binary_and_encoding(registry, tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(RegistryFileError, match="line 1: unexpected columns"):
        registry_import(path=path)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(RegistryFileError, match="line 1: the file is empty"):
        registry_import(path=empty)
    binary = tmp_path / "binary.csv"
    binary.write_bytes((HEADER + "\n").encode() + b"\x00\x01\x02garbage")
    with pytest.raises(RegistryFileError, match="line 2: the file contains binary data"):
        registry_import(path=binary)
    first_umlaut = next(i for i, line in enumerate(LINES) if "ü" in line)
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(("\n".join([HEADER, *LINES[: first_umlaut + 1]]) + "\n").encode("latin-1"))
    with pytest.raises(RegistryFileError, match=f"line {first_umlaut + 2}: the file is not valid"):
        registry_import(path=latin)


def test_header_only_file_is_refused(registry, tmp_path):
    error = refused(tmp_path, [])
    assert "no municipalities" in error.errors[0][1]


def test_municipality_without_its_county_is_refused(registry, tmp_path):
    lines = [line for line in LINES if not line.startswith("40,41,05,1,22")]
    error = refused(tmp_path, lines)
    assert any("names county 05122" in reason for _line, reason in error.errors)


def test_command_prints_line_and_reason(registry, tmp_path):
    lines = list(LINES)
    lines[3] = lines[3].replace(",01,0,01,", ",01,0,0A,", 1)
    with pytest.raises(CommandError) as info:
        call_command("import_municipalities", str(write(tmp_path, lines)), "--force")
    assert "was refused, nothing was changed" in str(info.value)
    assert "line 5: kreis must have 2 digits" in str(info.value)


def test_command_rejects_missing_file_and_bad_date(registry, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_municipalities", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="not a date"):
        call_command("import_municipalities", "--population-date", "31.12.2019")
