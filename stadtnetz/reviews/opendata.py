# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Published selection statistics (one dataset per call whose statistics are public), described
for the open-data catalogue (core.opendata)."""

from __future__ import annotations

from datetime import date

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

COLUMNS = (("dimension", "string"), ("key", "string"), ("applications", "integer"),
           ("selected", "integer"))  # fmt: skip


def datasets() -> list:
    from django.contrib.auth.models import AnonymousUser

    from stadtnetz.core.opendata import Dataset, Distribution, Field
    from stadtnetz.programmes.models import Call

    from .models import ReviewCase
    from .permissions import can_view_statistics

    anonymous = AnonymousUser()
    fields = tuple(Field(name, type=kind) for name, kind in COLUMNS)
    found = []
    calls = Call.objects.filter(review_cases__isnull=False).distinct().order_by("pk")
    for call in calls:
        if not can_view_statistics(anonymous, call).allowed:
            continue

        def modified(call=call) -> date | None:
            moment = ReviewCase.objects.filter(call=call).aggregate(m=Max("updated_at"))["m"]
            return timezone.localdate(moment) if moment else None

        csv_url = reverse("reviews:statistics_csv", args=[call.pk])
        json_url = reverse("reviews:statistics_json", args=[call.pk])
        found.append(Dataset(
            key=f"auswahl-statistik-{call.pk}", title=f"Auswahlstatistik: {call.title}",
            description=f"Anträge und Auswahl im Aufruf „{call.title}“ nach Merkmalen (Art, "
                        "Land, Größenklasse, Handlungsfeld) und nach Punktebereichen; "
                        "veröffentlicht, sobald alle Anträge entschieden sind.",
            keywords=("Smart City", "Förderaufruf", "Auswahl", "Statistik"),
            themes=("GOVE",), issued=modified() or date(2026, 12, 3), modified=modified,
            landing_page=reverse("reviews:statistics", args=[call.pk]),
            distributions=(
                Distribution(csv_url, "CSV", f"Auswahlstatistik {call.title} (CSV)", fields),
                Distribution(json_url, "JSON", f"Auswahlstatistik {call.title} (JSON)"),
            ),
        ))  # fmt: skip
    return found
