# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Readable Destatis names, the OpenStreetMap postcode table and its import."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from stadtnetz.municipalities.models import Municipality, Postcode, RegistryImport
from stadtnetz.municipalities.names import readable_name
from stadtnetz.municipalities.services import (
    IMPORT_RULES,
    RegistryFileError,
    postcode_import,
    registry_import,
)

HEADER = "osm_id,ags,ort,plz,landkreis,bundesland\n"


@pytest.mark.parametrize(
    ("official", "readable"),
    [
        ("Garching b.München, St", "Garching b. München, Stadt"),
        ("Au i.d.Hallertau, M", "Au i. d. Hallertau, Markt"),
        ("Neumarkt i.d.OPf., GKSt", "Neumarkt i. d. OPf., Große Kreisstadt"),
        ("Garching a.d.Alz", "Garching a. d. Alz"),
        ("St.Ingbert, St", "St. Ingbert, Stadt"),
        ("Forstinninger Forst, gemfr.Geb.", "Forstinninger Forst, gemeindefreies Gebiet"),
        ("Halle (Saale), Stadt", "Halle (Saale), Stadt"),
        ("Weißwasser/O.L., St", "Weißwasser/O.L., Stadt"),
        ("Mettmann, Kreisstadt", "Mettmann, Kreisstadt"),
        ("Solingen, Klingenstadt", "Solingen, Klingenstadt"),
    ],
)
def test_readable_name(official, readable):
    assert readable_name(official) == readable
    assert readable_name(readable) == readable  # stable: reading twice changes nothing


@pytest.mark.django_db
def test_registry_stores_readable_names(registry):
    garching = registry.get(ags="09184119")
    assert garching.name == "Garching b. München, Stadt"
    assert garching.short_name == "Garching b. München"
    assert not registry.filter(name__endswith=", St").exists()
    assert not registry.filter(name__endswith=", M").exists()


@pytest.mark.django_db
def test_same_file_is_imported_again_when_the_rules_changed(registry):
    latest = RegistryImport.objects.order_by("-created_at", "-pk").first()
    assert latest.rules == IMPORT_RULES
    assert registry_import().unchanged_file is True
    RegistryImport.objects.filter(pk=latest.pk).update(rules=IMPORT_RULES - 1)
    Municipality.objects.filter(ags="09184119").update(name="Garching b.München, St")
    report = registry_import()
    assert report.unchanged_file is False
    assert Municipality.objects.get(ags="09184119").name == "Garching b. München, Stadt"


@pytest.mark.django_db
def test_postcode_import_pads_keys_and_reports_unknown_ones(registry, tmp_path):
    path = tmp_path / "plz.csv"
    path.write_text(
        HEADER
        + "62699,5122000,Solingen,42653,,Nordrhein-Westfalen\n"
        + "62699,5122000,Solingen,42651,,Nordrhein-Westfalen\n"
        + "1,99999999,Nirgendwo,12345,,\n",
        encoding="utf-8",
    )
    report = postcode_import(path=path)
    assert (report.rows, report.postcodes, report.municipalities) == (3, 2, 1)
    assert report.unknown_keys == ["99999999"]
    assert sorted(Postcode.objects.values_list("code", flat=True)) == ["42651", "42653"]
    assert postcode_import(path=path).postcodes == 2  # idempotent: the table is replaced
    assert Postcode.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("1,5122000,Solingen,426,,NW\n", "plz must have 4 or 5 digits"),
        ("1,5122000,Solingen,426510,,NW\n", "plz must have 4 or 5 digits"),
        ("1,5122000,Solingen,42 651,,NW\n", "plz must have 4 or 5 digits"),
        ("1,05122000x,Solingen,42651,,NW\n", "ags must have 7 or 8 digits"),
        ("1,,Solingen,42651,,NW\n", "ags must have 7 or 8 digits"),
    ],
)
def test_malformed_postcode_file_changes_nothing(registry, tmp_path, line, reason):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "62699,5122000,Solingen,42653,,NW\n", encoding="utf-8")
    postcode_import(path=good)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "62699,5122000,Solingen,42699,,NW\n" + line, encoding="utf-8")
    with pytest.raises(RegistryFileError) as refused:
        postcode_import(path=bad)
    assert refused.value.errors[0][0] == 3
    assert reason in refused.value.errors[0][1]
    assert list(Postcode.objects.values_list("code", flat=True)) == ["42653"]


@pytest.mark.django_db
def test_postcode_file_with_wrong_columns_is_refused(registry, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("plz,ags\n42651,5122000\n", encoding="utf-8")
    with pytest.raises(CommandError, match="expected the columns"):
        call_command("import_postcodes", str(bad))
    assert not Postcode.objects.exists()


@pytest.mark.django_db
def test_shipped_postcode_table_covers_the_registry(postcodes):
    assert Postcode.objects.values("municipality").distinct().count() == 10785
    assert Postcode.objects.filter(code="80331", municipality__ags="09162000").exists()
    # the source lost the leading zero of Saxony's postcodes: 9669 is 09669 (Frankenberg/Sa.)
    assert Postcode.objects.filter(code="09669", municipality__ags="14522150").exists()


@pytest.mark.django_db
def test_municipality_page_lists_its_postcodes_with_attribution(client, postcodes):
    page = client.get(reverse("municipalities:detail", args=["05122000"]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "42651, 42653" in body
    assert "OpenStreetMap" in body and "ODbL" in body
