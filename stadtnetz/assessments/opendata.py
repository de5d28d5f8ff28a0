# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The published maturity statistics, described for the open-data catalogue (core.opendata)."""

from __future__ import annotations

from datetime import date

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone


def datasets() -> list:
    from stadtnetz.core.opendata import Dataset, Distribution, Field

    from . import questionnaire
    from .models import Assessment
    from .views import statistics_columns

    def modified() -> date | None:
        moment = Assessment.objects.aggregate(m=Max("updated_at"))["m"]
        return timezone.localdate(moment) if moment else None

    fields = []
    for name in statistics_columns(questionnaire.current()):
        kind = "string"
        if name == "organisations" or name.startswith("stage_"):
            kind = "integer"
        elif name.endswith(("_p25", "_median", "_p75")):
            kind = "number"
        fields.append(Field(name, type=kind))
    return [Dataset(
        key="reifegrad-statistik", title="Reifegrad-Statistik der Smart-City-Selbsteinschätzungen",
        description="Verteilung (25 %, Median, 75 %) der Reifegrade je Dimension und der Stufen, "
                    "nach Größenklasse, Land und Programmteilnahme; nur Gruppen mit genügend "
                    "Organisationen, damit keine einzelne erkennbar ist.",
        keywords=("Smart City", "Reifegrad", "Selbsteinschätzung", "Statistik"),
        themes=("GOVE", "TECH"), issued=date(2026, 11, 25), modified=modified,
        landing_page=reverse("assessments:statistics"),
        distributions=(Distribution(reverse("assessments:statistics_csv"), "CSV",
                                    "Reifegrad-Statistik (CSV)", tuple(fields)),),
    )]  # fmt: skip
