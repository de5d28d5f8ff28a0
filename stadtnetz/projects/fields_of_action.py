# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The controlled list of fields of action (Handlungsfelder) for measures.

Source: the list decided in issue 5, modelled on the "Handlungsfelder" research filter of the
KTS "Wissensspeicher" of the Smart City Dialog (reference D1 in
catalogs-and-transfer-anchors.md) and the sectors of the Smart City Charta. See docs/projects.md.
The German names are the stored names; the English translations live in the catalogue.
"""

from django.utils.translation import gettext_noop

FIELDS_OF_ACTION: list[tuple[str, str]] = [
    ("verwaltung", gettext_noop("Verwaltung")),
    ("mobilitaet", gettext_noop("Mobilität")),
    ("energie-umwelt", gettext_noop("Energie und Umwelt")),
    ("gesellschaft-bildung", gettext_noop("Gesellschaft und Bildung")),
    ("gesundheit", gettext_noop("Gesundheit")),
    ("beteiligung", gettext_noop("Beteiligung")),
    ("daten-plattformen", gettext_noop("Daten und Plattformen")),
    ("infrastruktur", gettext_noop("Infrastruktur")),
    ("wirtschaft-handel", gettext_noop("Wirtschaft und Handel")),
    ("stadtplanung-raum", gettext_noop("Stadtplanung und Raum")),
]
