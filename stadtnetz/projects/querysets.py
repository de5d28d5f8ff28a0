# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.db import models


class ModelProjectQuerySet(models.QuerySet):
    def with_related(self) -> ModelProjectQuerySet:
        return self.select_related(
            "organisation__municipality__state", "organisation__county__state"
        ).prefetch_related("states", "phases")

    def in_round(self, year: int) -> ModelProjectQuerySet:
        return self.filter(round_year=year)

    def in_state(self, code: str) -> ModelProjectQuerySet:
        return self.filter(states__code=code.upper()).distinct()

    def with_field_of_action(self, code: str) -> ModelProjectQuerySet:
        return self.filter(measures__fields_of_action__code=code).distinct()


class MeasureQuerySet(models.QuerySet):
    def with_related(self) -> MeasureQuerySet:
        return self.select_related("project__organisation").prefetch_related(
            "fields_of_action", "kpis"
        )


class LessonQuerySet(models.QuerySet):
    def with_related(self) -> LessonQuerySet:
        return self.select_related("project__organisation", "measure")
