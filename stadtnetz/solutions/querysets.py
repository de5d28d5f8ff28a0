# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.db import models

from stadtnetz.core.text import fold

MAX_QUERY_LENGTH = 200


class SolutionQuerySet(models.QuerySet):
    def listed(self):
        """Entries shown in the catalog: duplicates merged into another entry are hidden."""
        return self.filter(merged_into__isnull=True)

    def with_related(self):
        return self.select_related("organisation")

    def search(self, text: str):
        qs = self
        for term in fold(text[:MAX_QUERY_LENGTH]).split()[:10]:
            qs = qs.filter(search_text__contains=f" {term}")
        return qs

    def with_facet(self, kind: str, value: str):
        return self.filter(facets__kind=kind, facets__value=value)
