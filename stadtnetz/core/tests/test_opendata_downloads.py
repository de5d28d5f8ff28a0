# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The open-data pages list every download with format, size and licence; sizes are the bytes
served, measured again only when the data changed; the registry extract is published; CSV readers
(pandas, frictionless) keep official keys as text with their leading zeros (decision 0062)."""

from __future__ import annotations

import io
import json
import re

import frictionless
import pandas as pd
import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from stadtnetz.core import opendata
from stadtnetz.municipalities.models import Municipality
from stadtnetz.projects.tests.conftest import (  # noqa: F401 - fixtures: the real knowledge
    imported,
    knowledge,
    knowledge_imported,
    projects,
)

pytestmark = pytest.mark.django_db

SITE = "https://stadtnetz.example.org"
SIZE = re.compile(r'<a class="kern-link" href="(?P<url>[^"]+)" lang="de">[^<]*</a></td>'
                  r'<td class="kern-table__cell">(?P<format>[A-Z_]+)</td>'
                  r'<td class="kern-table__cell kern-table__cell--numeric">'
                  r'<data value="(?P<bytes>\d+)">(?P<shown>[^<]+)</data>')  # fmt: skip


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def data(knowledge, site):  # noqa: F811 - the imported fixture
    """The real model projects with their knowledge, on a configured public address."""
    return knowledge


def rows_of(page: str) -> dict[str, dict]:
    return {m["url"]: m.groupdict() for m in SIZE.finditer(page)}


def test_every_download_is_listed_with_format_size_and_licence(client, data):
    page = client.get("/offene-daten/").content.decode()
    rows = rows_of(page)
    expected = [(ds, d) for ds in opendata.datasets() for d in ds.distributions]
    assert {d.url for _ds, d in expected} == set(rows)
    assert "/kommunen/daten/kommunen.csv" in rows  # the registry extract is one of them
    for dataset, dist in expected:
        row = rows[dist.url]
        assert row["format"] == dist.format
        served = client.get(dist.url).content
        assert int(row["bytes"]) == len(served), dist.url  # the size of what is served
        with translation.override("de"):
            assert row["shown"] == filesizeformat(len(served)), dist.url
        assert f'id="{dataset.key}"' in page
    # German number format: "2,8 MB", never "2.8 MB"
    shown = rows["/kommunen/daten/kommunen.csv"]["shown"]
    assert re.fullmatch(r"\d+,\d\xa0MB", shown), shown
    assert page.count('href="https://www.govdata.de/dl-de/by-2-0"') == len(expected)
    assert "© Statistisches Bundesamt (Destatis)" in page
    assert 'href="/modellprojekte/daten/catalog.ttl"' in page
    assert 'href="/modellprojekte/daten/datapackage.json"' in page
    # the datasets' landing page shows the same table
    assert rows_of(client.get("/modellprojekte/daten/").content.decode()) == rows


def test_the_english_page_shows_sizes_in_english(client, data):
    client.cookies["stadtnetz_language"] = "en"
    page = client.get("/offene-daten/").content.decode()
    shown = rows_of(page)["/kommunen/daten/kommunen.csv"]["shown"]
    assert re.fullmatch(r"\d+\.\d\xa0MB", shown), shown
    assert "Datasets and downloads" in page


def test_sizes_are_measured_once_and_again_when_the_data_changes(client, data,
                                                                 monkeypatch):  # fmt: skip
    client.get("/offene-daten/")
    rendered: list[str] = []
    render = opendata._render
    monkeypatch.setattr(opendata, "_render", lambda path: rendered.append(path) or render(path))
    first = rows_of(client.get("/offene-daten/").content.decode())
    assert rendered == []  # nothing changed: no download was made again

    flensburg = Municipality.objects.get(ags="01001000")
    flensburg.name = "Flensburg, kreisfreie Stadt an der Förde"
    flensburg.save()
    second = rows_of(client.get("/offene-daten/").content.decode())
    assert set(rendered) == {f"/kommunen/daten/{t}.{f}" for t in ("laender", "kreise", "kommunen")
                             for f in ("csv", "json")}  # fmt: skip
    csv_url = "/kommunen/daten/kommunen.csv"
    assert int(second[csv_url]["bytes"]) > int(first[csv_url]["bytes"])
    served = client.get(csv_url).content
    assert int(second[csv_url]["bytes"]) == len(served)
    assert '01001000,010010000000,"Flensburg, kreisfreie Stadt an der Förde"' in served.decode()


def test_a_download_that_fails_does_not_break_the_page(client, data, monkeypatch):
    def broken(path):
        raise ValueError(path)

    monkeypatch.setattr(opendata, "_render", broken)
    response = client.get("/offene-daten/")
    assert response.status_code == 200
    assert "unbekannt" in response.content.decode()


def test_the_registry_extract(client, site):
    states = list(json.loads(client.get("/kommunen/daten/laender.json").content))
    assert len(states) == 16 and states[0] == {
        "key": "01",
        "code": "SH",
        "name": "Schleswig-Holstein",
        "url": f"{SITE}/laender/sh/",
    }
    counties = pd.read_csv(io.BytesIO(client.get("/kommunen/daten/kreise.csv").content),
                           dtype=str, keep_default_na=False)  # fmt: skip
    assert len(counties) == 401 and counties.iloc[0]["key"] == "01001"
    body = client.get("/kommunen/daten/kommunen.csv").content.decode()
    lines = body.splitlines()
    assert len(lines) == 1 + Municipality.objects.active().count() == 11005
    flensburg = next(line for line in lines if line.startswith("01001000,"))
    assert flensburg.startswith(
        '01001000,010010000000,"Flensburg, Stadt",Flensburg,61,SH,01,01001,'
    )
    heide = json.loads(client.get("/kommunen/daten/kommunen.json").content)
    heide = next(m for m in heide if m["ags"] == "01051044")
    assert heide["ars"] == "010510044044" and heide["association_key"] == "010510044"
    assert heide["size_class"] == "mittelstadt" and heide["population"] == 21852
    assert client.get("/kommunen/daten/gemeinden.csv").status_code == 404
    assert client.get("/kommunen/daten/kommunen.xlsx").status_code == 404
    assert client.post("/kommunen/daten/kommunen.csv").status_code == 405


def _table(client, package: dict, name: str) -> tuple[bytes, dict]:
    resource = next(r for r in package["resources"] if r["name"] == name)
    return client.get(resource["path"].removeprefix(SITE)).content, resource


@pytest.mark.parametrize(("name", "key", "value", "row"), [
    ("gemeindeverzeichnis-kommunen", "ags", "01001000", ("name", "Flensburg, Stadt")),
    ("gemeindeverzeichnis-kommunen", "ars", "010010000000", ("name", "Flensburg, Stadt")),
    ("modellprojekte-modellprojekte", "ags", "05122000", ("name", "Solingen")),
])  # fmt: skip
def test_pandas_and_frictionless_keep_official_keys_as_text(client, data, tmp_path,
                                                           name, key, value, row):  # fmt: skip
    package = json.loads(client.get("/modellprojekte/daten/datapackage.json").content)
    body, resource = _table(client, package, name)
    fields = resource["schema"]["fields"]

    # pandas, with the column types of the data package (a bare read_csv would make 1001000 of it)
    types = {f["name"]: "string" for f in fields if f["type"] == "string"}
    frame = pd.read_csv(io.BytesIO(body), dtype=types, keep_default_na=False)
    assert str(frame[key].dtype) == "string"
    match = frame[frame[key] == value]
    assert len(match) == 1 and match.iloc[0][row[0]] == row[1]
    pattern = next(f["constraints"]["pattern"] for f in fields if f["name"] == key)
    assert frame[key][frame[key] != ""].str.fullmatch(pattern.strip("^$")).all()

    # frictionless, reading the package's own description of the file
    (tmp_path / "table.csv").write_bytes(body)
    descriptor = {**resource, "path": "table.csv"}
    table = frictionless.Resource(descriptor, basepath=str(tmp_path))
    report = frictionless.validate(table)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    with frictionless.Resource(descriptor, basepath=str(tmp_path)) as table:
        found = [r for r in table.row_stream if r[key] == value]
    assert len(found) == 1 and isinstance(found[0][key], str) and found[0][row[0]] == row[1]
