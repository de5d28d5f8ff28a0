# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The programme "Modellprojekte Smart Cities" with its three real rounds, and one open demo call.

Facts and sources: /work/shared/data/mpsc/programme-facts.md (copied here as `source_note`).
Deadlines were published as dates; we store them as the last second of that day in Europe/Berlin
(23:59:59), see docs/decisions/0051.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from .models import Call, Programme
from .services import (
    SYSTEM_ACTOR,
    call_create,
    call_criteria_save,
    call_extend_deadline,
    call_form_save,
)

BERLIN = ZoneInfo("Europe/Berlin")
PUBLIC_BODIES = ["municipality", "county", "cooperation"]
RATES = {"funding_rate": Decimal("65.00"), "hardship_rate": Decimal("90.00"),
         "max_grant_phase_a": Decimal("2500000.00"), "max_grant_phase_b": Decimal("15000000.00")}  # fmt: skip
FUNDING_SOURCES = (
    "Förderquote 65 %, 90 % bei Haushaltsnotlage; Phase A bis 2,5 Mio. €, Phase B bis 15 Mio. €: "
    "https://www.nrwbank.de/de/foerderlotse-produkte/Modellprojekte-Smart-Cities-Zuschuss/15959/produktdetail.html ; "
    "https://grantway.induct.net/grant/kfw-bankengruppe/modellprojekte-smart-cities-stadtentwicklung-und-digitalisierung/4O6JZEQwk3OqX6lyVA8oM1Gz"
)


def _end_of_day(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 23, 59, 59, tzinfo=BERLIN)


def _start_of_day(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 0, 0, tzinfo=BERLIN)


SECTIONS = [
    {"key": "ausgangslage", "title": "Ausgangslage und Akteure", "char_limit": 6000, "required": True,
     "guidance": "Beschreiben Sie die Ausgangslage, die beteiligten Partner und Akteure sowie die gemeinsamen Ziele."},
    {"key": "strategie", "title": "Ziele und Smart-City-Strategie", "char_limit": 8000, "required": True,
     "guidance": "Wie verbindet das Vorhaben integrierte Stadtentwicklung mit den Chancen der Digitalisierung "
                 "(Smart City Charta)? Welche mindestens drei Sektoren umfasst es?"},
    {"key": "massnahmen", "title": "Maßnahmen und Projektplan", "char_limit": 10000, "required": True,
     "guidance": "Arbeitspakete, Zeitplan und Meilensteine der Phasen A (Strategie) und B (Umsetzung)."},
    {"key": "beteiligung", "title": "Beteiligung der Stadtgesellschaft", "char_limit": 5000, "required": True,
     "guidance": "Wie werden Bürgerinnen und Bürger, Wirtschaft, Wissenschaft und Zivilgesellschaft einbezogen?"},
    {"key": "transfer", "title": "Übertragbarkeit, Open Source und Wissenstransfer", "char_limit": 5000,
     "required": True,
     "guidance": "Wie werden Lösungen skalierbar und übertragbar gemacht und als Open Source veröffentlicht?"},
    {"key": "finanzierung", "title": "Erläuterungen zum Kosten- und Finanzierungsplan", "char_limit": 4000,
     "required": False, "guidance": "Erläutern Sie die Kostenpositionen und den Eigenanteil."},
]  # fmt: skip

CRITERIA_2020 = [
    {"title": "Gemeinwohl", "weight": Decimal("25"), "criteria": []},
    {"title": "Zukunftsfähigkeit und integrierte Stadtentwicklung", "weight": Decimal("25"), "criteria": [
        "Orientierung an übergeordneten und lokalen stadtentwicklungspolitischen Zielen",
        "Ausrichtung an der lokalen Ausgangslage",
        "Systematische Zukunftsbefassung",
        "Potenzial zur Lösung alter und neuer stadtentwicklungspolitischer Herausforderungen",
        "Gestaltende Nutzung der Digitalisierung im Raum und Umgang mit ihren stadträumlichen Wirkungen",
    ]},
    {"title": "Netzwerkstadt: Einbezug der Akteure und lokale Ressourcen", "weight": Decimal("25"), "criteria": [
        "Aussagekräftige, empiriebasierte und partizipative Smart-City-Strategie",
        "Berücksichtigung des Ressourcenbedarfs (Finanzen, Daten, Kompetenzen, Personal) bei der "
        "Entwicklung und Auswahl von Maßnahmen",
    ]},
    {"title": "Stadtnetzwerk: Modellhaftigkeit", "weight": Decimal("25"), "criteria": []},
]  # fmt: skip

ROUNDS = [
    {"code": "mpsc-2019", "round_year": 2019, "title": "Modellprojekte Smart Cities – Staffel 2019",
     "theme": "Stadtentwicklung und Digitalisierung", "opens_at": _start_of_day(2019, 3, 29),
     "closes_at": _end_of_day(2019, 5, 17), "max_duration_months": 84,
     "description": "Erste Staffel: integrierte, sektorübergreifende Smart-City-Strategien (mindestens drei "
                    "Sektoren) auf Grundlage der Smart City Charta. Rund 100 Bewerbungen, 13 Modellprojekte.",
     "source_note": "Veröffentlichung 29.03.2019, Frist 17.05.2019: https://www.vku.de/themen/digitalisierung/"
                    "bunderegierung-foerdert-kommunen-bei-der-entwicklung-zu-smart-cities/ ; Laufzeit 2 + 5 Jahre: "
                    "https://osna-live.de/20198/osnabrueck-wird-smart-city-bundesregierung-foerdert-mit-345-millionen-euro/ ; "
                    + FUNDING_SOURCES},
    {"code": "mpsc-2020", "round_year": 2020, "title": "Modellprojekte Smart Cities – Staffel 2020",
     "theme": "Gemeinwohl und Netzwerkstadt/Stadtnetzwerk", "opens_at": _start_of_day(2020, 2, 7),
     "closes_at": _end_of_day(2020, 4, 20), "max_duration_months": 84,
     "description": "Zweite Staffel: kommunale, fachübergreifende und raumbezogene Strategien der Stadtentwicklung "
                    "und deren Umsetzung. 86 Bewerbungen, 32 Modellprojekte.",
     "source_note": "Frist 20.04.2020: https://www.egovernment.de/gesucht-ideen-fuer-smart-cities-a-904338/ ; "
                    "Verlängerung auf 20.05.2020: https://www.vku.de/themen/digitalisierung/foerderung-von-"
                    "modellprojekten-smart-cities-geht-in-die-zweite-runde-frist-verlaengert/ ; Öffnung am "
                    "07.02.2020 laut Produktbeschreibung, frühester datierter Beleg 13.02.2020 (VKU) ; Kriterien: "
                    "https://smart-cities-made-in.de/bewerbungsverfahren/bewertungs-und-auswahlverfahren/ ; "
                    + FUNDING_SOURCES,
     "extension": (_end_of_day(2020, 5, 20), "Verlängerung um einen Monat aufgrund der Corona-Krise"),
     "criteria": CRITERIA_2020},
    {"code": "mpsc-2021", "round_year": 2021, "title": "Modellprojekte Smart Cities – Staffel 2021",
     "theme": "Gemeinsam aus der Krise: Raum für Zukunft", "opens_at": _start_of_day(2020, 12, 16),
     "closes_at": _end_of_day(2021, 3, 14), "max_duration_months": 60,
     "description": "Dritte Staffel. 94 Bewerbungen, 28 Modellprojekte.",
     "source_note": "Aufruf 16.12.2020, Frist 14.03.2021: https://charta-digitale-vernetzung.de/modellprojekte-"
                    "smart-cities-aufruf-fuer-bewerbungen-zur-dritten-staffel/ ; Laufzeit 1 + 4 Jahre: "
                    "https://ilzerland.bayern/2024/11/18/halbzeit-im-smartesland-projekt/ ; " + FUNDING_SOURCES},
]  # fmt: skip

DEMO_CODE = "demo-erprobung"


def _demo_round(now: dt.datetime) -> dict:
    closes = (timezone.localtime(now, BERLIN) + dt.timedelta(weeks=6)).date()
    opens = (timezone.localtime(now, BERLIN) - dt.timedelta(days=7)).date()
    return {
        "code": DEMO_CODE, "round_year": closes.year, "title": "Demo-Aufruf zum Ausprobieren",
        "theme": "Gemeinwohl und Netzwerkstadt (Übungsaufruf)",
        "opens_at": _start_of_day(opens.year, opens.month, opens.day),
        "closes_at": _end_of_day(closes.year, closes.month, closes.day), "max_duration_months": 84,
        "description": "Ein offener Übungsaufruf mit den Regeln der Staffel 2020, damit der ganze Ablauf heute "
                       "ausprobiert werden kann. Keine echte Förderung.",
        "source_note": FUNDING_SOURCES, "criteria": CRITERIA_2020,
    }  # fmt: skip


@transaction.atomic
def seed_programmes(*, now: dt.datetime | None = None) -> dict:
    """Create what is missing; change nothing that exists (except reopening a lapsed demo call)."""
    now = now or timezone.now()
    created = {"programme": 0, "calls": 0, "extensions": 0}
    programme, made = Programme.objects.get_or_create(
        slug="modellprojekte-smart-cities",
        defaults={
            "name": "Modellprojekte Smart Cities",
            "funder": "Bundesministerium des Innern, für Bau und Heimat (heute BMWSB), mit der KfW "
                      "(Programm 436)",
            "description": "Modellprojekte Smart Cities: Stadtentwicklung und Digitalisierung. Der Bund fördert "
                           "Kommunen, die strategische, integrierte Smart-City-Ansätze entwickeln und erproben. "
                           "73 Modellprojekte in drei Staffeln (2019–2021).",
        },
    )  # fmt: skip
    created["programme"] += int(made)
    for data in [*ROUNDS, _demo_round(now)]:
        data = dict(data)
        extension = data.pop("extension", None)
        criteria = data.pop("criteria", None)
        call = Call.objects.filter(code=data["code"]).first()
        if call is None:
            call = call_create(actor=SYSTEM_ACTOR, programme=programme, eligible_kinds=PUBLIC_BODIES,
                               **RATES, **data)  # fmt: skip
            call_form_save(actor=SYSTEM_ACTOR, call=call, sections=SECTIONS)
            if criteria:
                call_criteria_save(actor=SYSTEM_ACTOR, call=call, groups=criteria)
            created["calls"] += 1
            if extension:
                new_closes_at, reason = extension
                call_extend_deadline(actor=SYSTEM_ACTOR, call=call, new_closes_at=new_closes_at,
                                     reason=reason)  # fmt: skip
                created["extensions"] += 1
        elif data["code"] == DEMO_CODE and call.closes_at < now:
            call_extend_deadline(actor=SYSTEM_ACTOR, call=call, new_closes_at=data["closes_at"],
                                 reason="Demo-Aufruf erneut geöffnet")  # fmt: skip
            created["extensions"] += 1
    return created
