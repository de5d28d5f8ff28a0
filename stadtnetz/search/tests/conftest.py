# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""A small German corpus of measures, indexed through a provider like any content type."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.translation import gettext_lazy

from stadtnetz.search import registry
from stadtnetz.search.models import SearchDocument
from stadtnetz.search.registry import Document, Provider
from stadtnetz.search.services import documents_update

BERLIN = dt.timezone(dt.timedelta(hours=1))
CORPUS = [
    # object id, title, body, state, size class, fields
    (
        "1",
        "Buergerbeteiligung im Quartier",
        "Online-Buergerbeteiligung zur Neugestaltung des Marktplatzes mit Werkstaetten.",
        "NW",
        "mittelstadt",
        ("beteiligung",),
    ),
    (
        "2",
        "Digitale Sprechstunde",
        "Die Beteiligung der Bürger an der Haushaltsplanung läuft über eine Plattform.",
        "BY",
        "kleinstadt",
        ("beteiligung", "verwaltung"),
    ),
    (
        "3",
        "Radverkehrsstrategie 2030",
        "Die Stadt plant Radwege, Fahrradparkhäuser und eine Radverkehrsstrategie mit den Bürgern.",
        "NW",
        "grossstadt",
        ("mobilitaet",),
    ),
    (
        "4",
        "Mobilitätsstationen im ländlichen Raum",
        "Carsharing, Lastenräder und Rufbusse an Mobilitätsstationen. Mobilität für alle Dörfer.",
        "BY",
        "landgemeinde",
        ("mobilitaet", "infrastruktur"),
    ),
    (
        "5",
        "Datenplattform für die Kommune",
        "Eine offene urbane Datenplattform sammelt Sensordaten zu Luft, Lärm und Verkehr.",
        "SN",
        "grossstadt",
        ("daten-plattformen",),
    ),
    (
        "6",
        "Smarte Straßenbeleuchtung",
        "Straßenlaternen mit Bewegungsmeldern sparen Energie und Strom.",
        "SN",
        "kleinstadt",
        ("energie-umwelt", "infrastruktur"),
    ),
    (
        "7",
        "Beteiligungsportal",
        "Bürgerinnen und Bürger geben Hinweise zu Schlaglöchern; die Verwaltung antwortet online.",
        "HE",
        "mittelstadt",
        ("beteiligung", "verwaltung"),
    ),
    (
        "8",
        "Sensoren gegen Hitze",
        "Klimaanpassung: Hitzeinseln erkennen und Bäume gezielt bewässern. <b>fett</b> & Co.",
        "HE",
        "grossstadt",
        ("energie-umwelt",),
    ),
    (
        "9",
        "Gesundheitskiosk",
        "Telemedizin und Beratung im Quartier für ältere Menschen ohne Hausarzt.",
        "TH",
        "kleinstadt",
        ("gesundheit",),
    ),
    (
        "10",
        "Verwaltungsdigitalisierung",
        "Online-Dienste der Verwaltung: Anträge, Termine, Bürgerkonto. Digitale Verwaltung für alle.",
        "TH",
        "mittelstadt",
        ("verwaltung",),
    ),
]


def corpus_documents(pks=None):
    for day, (object_id, title, body, state, size_class, fields) in enumerate(CORPUS, start=1):
        if pks is not None and object_id not in {str(pk) for pk in pks}:
            continue
        yield Document(
            object_id=object_id,
            title=title,
            body=body,
            url=f"/massnahmen/{object_id}/",
            updated=dt.datetime(2026, 1, day, 12, 0, tzinfo=BERLIN),
            state=state,
            size_class=size_class,
            kind="municipality",
            fields=fields,
        )


@pytest.fixture
def corpus(registry_loaded):
    """The fixture's documents and nothing else. Facets name states from the registry, which a
    transactional test before this one may have flushed: hence `registry_loaded`, which imports it
    again then. Session-wide fixtures of other apps (the imported model projects and their fields
    of action) leave documents of the real providers in the index: removed here, inside the test's
    transaction, so that every count below is the corpus's."""
    SearchDocument.objects.all().delete()
    provider = registry.register(
        Provider(key="fixture", label=gettext_lazy("Measure"), documents=corpus_documents)
    )
    documents_update(provider=provider, pks=[row[0] for row in CORPUS])
    yield provider
    registry.unregister("fixture")


@pytest.fixture
def registry_loaded(registry):
    """The project-wide `registry` fixture under a name that does not shadow the search registry."""
    return registry
