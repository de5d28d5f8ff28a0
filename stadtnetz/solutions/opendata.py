# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The solution catalog as open data, described for the catalogue (core.opendata)."""

from __future__ import annotations

from datetime import date

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

INTEGER = {"id", "errors", "warnings", "readiness", "vitality"}
BOOLEAN = {"licence_osi", "licence_fsf", "licence_eupl_compatible", "valid"}


def datasets() -> list:
    from stadtnetz.core.opendata import Dataset, Distribution, Field

    from .models import Solution
    from .views import EXPORT_FIELDS

    def modified() -> date | None:
        moment = Solution.objects.aggregate(m=Max("updated_at"))["m"]
        return timezone.localdate(moment) if moment else None

    fields = tuple(
        Field(name, type="integer" if name in INTEGER else "boolean" if name in BOOLEAN
              else "string")
        for name in EXPORT_FIELDS
    )  # fmt: skip
    return [Dataset(
        key="loesungen", title="Lösungskatalog: Open-Source-Software der öffentlichen Hand",
        description="Lösungen aus publiccode.yml-Dateien deutscher Repositorys der öffentlichen "
                    "Hand und Repositorys der Modellprojekte ohne publiccode.yml: Lizenz, "
                    "Entwicklungsstand, Wartung, Prüfergebnis und Nachnutzungsreife.",
        keywords=("Open Source", "publiccode.yml", "Smart City", "Nachnutzung"),
        themes=("TECH", "GOVE"), issued=date(2026, 11, 25), modified=modified,
        landing_page=reverse("solutions:list"),
        distributions=(
            Distribution(reverse("solutions:export", args=["csv"]), "CSV",
                         "Lösungskatalog (CSV)", fields),
            Distribution(reverse("solutions:export", args=["json"]), "JSON",
                         "Lösungskatalog (JSON)"),
        ),
    )]  # fmt: skip
