# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Word lists of the German text analysis: stop words and parts of compound words.

Both lists are written in folded form (lower case, ä → ae, ö → oe, ü → ue, ß → ss), the form that
:func:`stadtnetz.core.text.fold` produces. They were written for this project from the
vocabulary of municipal administration and the fields of action of the Smart City programme;
extend them when a frequent compound is not split (see docs/search.md).
"""

from __future__ import annotations

# Function words that carry no meaning on their own; dropped at index and at query time, so that
# "Beteiligung der Bürger" and "Beteiligung Bürger" are the same search.
STOP_WORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    auch auf aus bei beim bin bis bist da damit dann das dass dem den denn der des dessen die dies
    diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines einige
    er es etwa euer eure fuer gegen hat hatte hier ich ihr ihre im in ins ist ja jede jedem jeden
    jeder jedes jene kann kein keine man mehr mit muss nach nicht noch nun nur ob oder ohne sehr
    sein seine sich sie sind so sollen soll sondern um und uns unser unter vom von vor war waren
    was weil welche welcher wenn werden wie wir wird wo zu zum zur zwischen ueber
    """.split()
)

# Words that occur as parts of compounds ("Bürgerbeteiligung" = "Bürger" + "Beteiligung"). A
# compound is split only when every part is in this list (with the usual linking letters between
# parts), so the split never guesses.
COMPOUND_PARTS = frozenset(
    """
    abfall alltag amt ausbau beleuchtung konzept loesung station stelle ticket verbund angebot anlage antrag app arbeit arbeits auto bahn bau bedarf behoerde
    beratung bericht beteiligung betrieb bewohner bezirk bildung bord buerger buero bus
    cloud daten dienst dienstleistung digital dorf einzel energie entwicklung erfahrung fahrrad
    feuerwehr finanz flaeche foerderung forum frei freizeit gebaeude gemeinde gemeinschaft
    gesellschaft gesundheit gewerbe haus handel heim heizung hilfe hitze hoch infrastruktur
    innen jugend karte kataster kern kind kinder klima kommune kommunal kooperation kosten
    kreis kultur labor lade land laerm leistung lern licht luft management markt messung mit
    mobilitaet modell nachbar nah netz netzwerk notfall nutzung offen online ort park parken
    personal pflege plan planung plattform portal projekt qualitaet quartier rad rat rathaus
    raum region rettung sanierung schul schule schutz senioren sensor service sharing
    sicherheit smart solar sozial stadt standort steuer strasse strategie strom system teilhabe
    touristen transfer umwelt verein verkehr versorgung verwaltung wald waerme wasser
    web wege werk digitalisierung wetter wirtschaft wissen wohn wohnen wohnung zentrum zukunft
    """.split()
)

# Letters that join the parts of a German compound ("Verwaltung-s-digitalisierung") or end an
# inflected last part ("Bürgerbeteiligung-en"), longest first.
LINKING_ENDINGS = ("ern", "en", "er", "es", "n", "s", "e", "")
