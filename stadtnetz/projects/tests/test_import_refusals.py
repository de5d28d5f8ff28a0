# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Bad input for the import: every refused file names the line and the reason; nothing changes."""

import pytest
from django.core.management import CommandError, call_command

from stadtnetz.organisations.models import Organisation
from stadtnetz.projects.importer import COLUMNS, ImportRefused, model_projects_import
from stadtnetz.projects.models import ModelProject

HEADER = ",".join(COLUMNS)
GOOD = "Jena,2020,Gemeinde (single municipality),TH,16053000,,,Großstadt,https://example.org/a"


def test_existing_municipality_organisation_is_reused(registry, solingen):
    existing = Organisation.objects.create(
        name="Stadt Solingen", slug="solingen-vorab", kind="municipality", municipality=solingen
    )
    data = f"{HEADER}\nSolingen,2019,Gemeinde,NW,05122000,,,Großstadt,https://example.org\n"
    result = model_projects_import(data=data.encode())
    assert result.created == 1
    assert ModelProject.objects.get(name="Solingen").organisation == existing


BAD_FILES = {
    "empty": (b"", 1, "empty"),
    "not utf-8": (
        f"{HEADER}\n{GOOD}\nGörlitz,2020,x,SN,,,,Kooperation,\n".encode("latin-1"),
        2,
        "UTF-8",
    ),
    "missing column": (b"name,round_year\nJena,2020\n", 1, "Missing columns"),
    "bad ags": (
        f"{HEADER}\nJena,2020,Gemeinde,TH,1605300X,,,Großstadt,\n".encode(),
        2,
        "neither an 8-digit",
    ),
    "unknown ags": (
        f"{HEADER}\nJena,2020,Gemeinde,TH,16999999,,,Großstadt,\n".encode(),
        2,
        "not in the municipality registry",
    ),
    "wrong state": (
        f"{HEADER}\nJena,2020,Gemeinde,BY,16053000,,,Großstadt,\n".encode(),
        2,
        "lies in TH",
    ),
    "unknown state": (
        f"{HEADER}\nJena,2020,Gemeinde,XX,16053000,,,Großstadt,\n".encode(),
        2,
        "Unknown state",
    ),
    "bad year": (
        f"{HEADER}\nJena,20x0,Gemeinde,TH,16053000,,,Großstadt,\n".encode(),
        2,
        "round year",
    ),
    "bad size": (
        f"{HEADER}\nJena,2020,Gemeinde,TH,16053000,,,Riesenstadt,\n".encode(),
        2,
        "size class",
    ),
    "duplicate": (f"{HEADER}\n{GOOD}\n{GOOD}\n".encode(), 3, "Duplicate of line 2"),
    "field count": (f"{HEADER}\nJena,2020,Gemeinde\n".encode(), 2, "Expected 9 fields"),
    "script url": (
        f"{HEADER}\nJena,2020,Gemeinde,TH,16053000,,,Großstadt,javascript:alert(1)\n".encode(),
        2,
        "source URL",
    ),
    "sql": (
        f'{HEADER}\n"x\'); DROP TABLE projects_modelproject;--",2020,Gemeinde,TH,,,,Großstadt,\n'.encode(),
        2,
        "8-digit AGS",
    ),
    "nul bytes": (b"name\x00,round_year\n", 1, "NUL"),
    "county without key": (
        f"{HEADER}\nLandkreis X,2020,Landkreis,TH,,,,Landkreis,\n".encode(),
        2,
        "5-digit county key",
    ),
    "population text": (
        f"{HEADER}\nJena,2020,Gemeinde,TH,16053000,,viele,Großstadt,\n".encode(),
        2,
        "not a number",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_refused_with_line_and_reason_and_nothing_changes(registry, case):
    data, line, reason = BAD_FILES[case]
    with pytest.raises(ImportRefused) as refused:
        model_projects_import(data=data)
    assert any(number == line and reason in text for number, text in refused.value.problems), (
        refused.value.problems
    )
    assert ModelProject.objects.count() == 0
    assert not Organisation.objects.filter(name__startswith="Jena").exists()


def test_one_bad_line_refuses_the_whole_file(registry):
    data = f"{HEADER}\n{GOOD}\nUlm,2019,Gemeinde,BW,0842100,,,Großstadt,\n"
    with pytest.raises(ImportRefused):
        model_projects_import(data=data.encode())
    assert ModelProject.objects.count() == 0


def test_command_reports_refusals_and_unresolved_names(registry, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\nJena,2020,Gemeinde,TH,16999999,,,Großstadt,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="refused"):
        call_command("import_model_projects", str(bad))
    assert "bad.csv, line 2: The AGS 16999999" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_text(
        f"{HEADER}\nX,2021,Regionalverband,BW,,Aalen;Nirgendwo,,Kooperation,\n", encoding="utf-8"
    )
    call_command("import_model_projects", str(good))
    out = capsys.readouterr().out
    assert "1 created" in out and "Nirgendwo – no municipality of this name" in out
