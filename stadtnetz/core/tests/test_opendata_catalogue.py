# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The one DCAT-AP.de catalogue of every published dataset passes GovData's SHACL shapes
(specification + conventions profile, vendored in data/dcat-ap-de/), every dataset has its
distributions and they answer; the Frictionless data package describes every CSV download with
its real columns and keeps official keys as text (decision 0062)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, RDF

from stadtnetz.core import opendata
from stadtnetz.projects.tests.conftest import (  # noqa: F401 - fixtures: the real knowledge
    imported,
    knowledge,
    knowledge_imported,
    projects,
)

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent / "data" / "dcat-ap-de"
PROFILE = ["dcat-ap_2.1.1_shacl_shapes.ttl", "dcat-ap-spec-german-messages.ttl",
           "dcat-ap-spec-german-additions.ttl", "dcat-ap-de-deprecated.ttl",
           "dcat-ap-konventionen.ttl"]  # fmt: skip
VOCABULARIES = ["dcat-ap-de-contributors.rdf", "dcat-ap-de-licenses-open.rdf",
                "eu-vocabularies-extract.ttl"]  # fmt: skip
DCATDE = rdflib.Namespace("http://dcat-ap.de/def/dcatde/")


def validate(turtle: str) -> tuple[bool, str]:
    data = rdflib.Graph().parse(data=turtle, format="turtle")
    for name in VOCABULARIES:
        data.parse(SHAPES / name)
    shapes = rdflib.Graph()
    for name in PROFILE:
        shapes.parse(SHAPES / name, format="turtle")
    conforms, _graph, text = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                              allow_warnings=False)  # fmt: skip
    return conforms, text


@pytest.fixture
def published(knowledge, settings):  # noqa: F811 - the imported fixture
    """The real knowledge, the German catalog and a call whose selection statistics are public."""
    from stadtnetz.reviews import services
    from stadtnetz.reviews.models import ReviewCase, ReviewState
    from stadtnetz.reviews.tests.factories import closed_call, organisation_for, submitted
    from stadtnetz.solutions.german_catalog import import_german_catalog
    from stadtnetz.users.models import User

    settings.SITE_URL = "https://stadtnetz.example.org"
    import_german_catalog()
    call = closed_call()
    for ags in ("05122000", "09162000"):
        submitted(call, organisation_for(ags))
    office = User.objects.create(username="office-opendata", is_programme_office=True)
    services.review_open(actor=office, call=call)
    ReviewCase.objects.filter(call=call).update(state=ReviewState.SELECTED)
    return call


def test_the_catalogue_passes_the_dcat_ap_de_shapes_with_conventions(client, published):
    response = client.get("/modellprojekte/daten/catalog.ttl")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/turtle")
    turtle = response.content.decode()
    conforms, text = validate(turtle)
    assert conforms, text
    assert "https://stadtnetz.example.org/modellprojekte/daten/catalog.ttl" in turtle
    assert ":8000" not in turtle


def test_every_dataset_is_described_with_distributions_that_answer(client, published):
    graph = rdflib.Graph().parse(data=client.get("/modellprojekte/daten/catalog.ttl").content,
                                 format="turtle")  # fmt: skip
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    keys = {str(d).rsplit("#", 1)[-1] for d in datasets}
    assert {"modellprojekte", "massnahmen", "lernbeispiele", "transfers", "stadtnetzwerk",
            "loesungen", "reifegrad-statistik", "foerderaufrufe", "gemeindeverzeichnis",
            f"auswahl-statistik-{published.pk}"} <= keys  # fmt: skip
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    assert set(graph.objects(catalog, DCAT.dataset)) == datasets
    for dataset in datasets:
        assert list(graph.objects(dataset, DCATDE.contributorID))
        assert list(graph.objects(dataset, DCAT.keyword)) and list(
            graph.objects(dataset, DCTERMS.issued)
        )
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert distributions, dataset
        for dist in distributions:
            assert (dist, RDF.type, DCAT.Distribution) in graph
            assert list(graph.objects(dist, DCATDE.licenseAttributionByText))
            path = str(dist).removeprefix("https://stadtnetz.example.org")
            assert client.get(path).status_code == 200, path


def test_a_broken_catalogue_fails_the_shapes(published):
    """The shapes really check: without contributorID, or with a made-up file type, it fails."""
    turtle = opendata.catalog_turtle()
    without = "\n".join(line for line in turtle.splitlines() if "contributorID" not in line)
    assert validate(without)[0] is False
    assert validate(turtle.replace("file-type/CSV", "file-type/TABELLE"))[0] is False


def test_the_data_package_describes_every_csv_with_its_real_columns(client, published):
    response = client.get("/modellprojekte/daten/datapackage.json")
    assert response.status_code == 200
    package = json.loads(response.content)
    assert package["profile"] == "tabular-data-package"
    csv_urls = {str(d) for d in rdflib.Graph().parse(
        data=client.get("/modellprojekte/daten/catalog.ttl").content, format="turtle"
    ).subjects(DCTERMS["format"], rdflib.URIRef(opendata.FILE_TYPE + "CSV"))}  # fmt: skip
    assert {r["path"] for r in package["resources"]} == csv_urls
    for resource in package["resources"]:
        body = client.get(resource["path"].removeprefix("https://stadtnetz.example.org")).content
        header = next(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert [f["name"] for f in resource["schema"]["fields"]] == header, resource["name"]
    table = next(r for r in package["resources"] if r["name"] == "modellprojekte-modellprojekte")
    ags = next(f for f in table["schema"]["fields"] if f["name"] == "ags")
    assert ags["type"] == "string" and ags["constraints"]["pattern"] == r"^\d{8}$"
    # Solingen's key keeps its leading zero in the CSV, as the package says it must be read
    rows = list(csv.DictReader(io.StringIO(client.get("/modellprojekte/daten/modellprojekte.csv")
                                           .content.decode())))  # fmt: skip
    assert any(row["ags"] == "05122000" for row in rows)


def test_the_open_data_page_links_the_catalogue_and_the_package(client, published):
    page = client.get("/modellprojekte/daten/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert (
        "/modellprojekte/daten/catalog.ttl" in page
        and "/modellprojekte/daten/datapackage.json" in page
    )
    for dataset in opendata.datasets():
        assert f'id="{dataset.key}"' in page
        for dist in dataset.distributions:
            assert f'href="{dist.url}"' in page
