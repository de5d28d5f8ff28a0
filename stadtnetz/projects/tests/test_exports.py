# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Network and open-data CSV through core.exports (issue 14, item 22)."""

from __future__ import annotations

import csv
import io

import pytest

from stadtnetz.organisations.models import Organisation
from stadtnetz.projects.models import FieldOfAction
from stadtnetz.projects.services import measure_save


def test_network_csv_guards_user_entered_names(client, projects):
    hamburg = projects.get(name__startswith="Hamburg in Kooperation")
    Organisation.objects.filter(pk=hamburg.organisation_id).update(name='=HYPERLINK("http://x")')
    response = client.get("/netzwerk/kanten.csv")
    body = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    names = {r["source_name"] for r in rows} | {r["target_name"] for r in rows}
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(name.startswith(("=", "+", "@", "\t", "\r")) for name in names)
    assert body.splitlines()[0].startswith("source_id,source_name,") and "\r\n" in body


@pytest.mark.parametrize(
    ("title", "written"),
    [('=HYPERLINK("http://evil")', "'=HYPERLINK(\"http://evil\")"), ("@SUM(A1)", "'@SUM(A1)"),
     ("-42", "-42")],
)  # fmt: skip
def test_open_data_csv_is_plain_and_guarded(client, jena, jena_editor, title, written):
    field = FieldOfAction.objects.get(code="beteiligung")
    measure_save(actor=jena_editor, project=jena, fields_of_action=[field], values={
        "title": title, "description": "Bürgerbeteiligung", "spatial_effect": "district",
        "status": "planned", "budget": "1234.50"})  # fmt: skip
    body = client.get("/modellprojekte/daten/massnahmen.csv").content.decode()
    assert not body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body)))  # comma-separated, as DCAT says text/csv
    (row,) = [
        r
        for r in rows
        if r["project_id"] == str(jena.pk) and r["description"] == "Bürgerbeteiligung"
    ]
    assert row["title"] == written
    assert row["budget_eur"] == "1234.50"  # decimal point in open data
