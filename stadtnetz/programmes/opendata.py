# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The open calls with their deadlines, described for the open-data catalogue (core.opendata)."""

from __future__ import annotations

from datetime import date

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone


def datasets() -> list:
    from stadtnetz.core.opendata import Dataset, Distribution

    from .models import Call

    def modified() -> date | None:
        moment = Call.objects.aggregate(m=Max("updated_at"))["m"]
        return timezone.localdate(moment) if moment else None

    return [Dataset(
        key="foerderaufrufe", title="Förderaufrufe und ihre Fristen",
        description="Die Förderaufrufe der Programme mit Fristen (auch Fristverlängerungen) als "
                    "Kalender (iCalendar, RFC 5545) zum Abonnieren.",
        keywords=("Förderung", "Förderaufruf", "Frist", "Smart City"),
        themes=("GOVE", "ECON"), issued=date(2026, 11, 20), modified=modified,
        landing_page=reverse("programmes:call_list"),
        distributions=(Distribution(reverse("programmes:call_calendar"), "ICS",
                                    "Fristen der Förderaufrufe (iCalendar)", file_type=False),),
    )]  # fmt: skip
