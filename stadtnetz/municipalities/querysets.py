# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When

from stadtnetz.core.text import fold

from .lookup import registry_query


class CountyQuerySet(models.QuerySet):
    def active(self) -> CountyQuerySet:
        return self.filter(dissolved_at__isnull=True)


class MunicipalityQuerySet(models.QuerySet):
    def active(self) -> MunicipalityQuerySet:
        return self.filter(dissolved_at__isnull=True)

    def of_size_class(self, size_class: str) -> MunicipalityQuerySet:
        from .models import SizeClass

        lower, upper = SizeClass.bounds(size_class)
        qs = self.filter(population__gte=lower)
        return qs.filter(population__lt=upper) if upper else qs

    def search(self, text: str) -> MunicipalityQuerySet:
        """Name (word-prefix, case- and accent-insensitive), AGS/county key prefix or postcode.

        Results are annotated with ``relevance`` so that callers can rank them: 0 = the name is the
        query, perhaps with a qualifier ("Halle" finds "Halle (Saale), Stadt" and the village
        "Halle" at 0, and callers put the larger place first), 1 = the name starts with the
        query ("Hallenberg"), 2 = another word matches.
        """
        query = registry_query(text)
        if query.digits is not None:
            from .models import Postcode

            matches = Q(ags__startswith=query.digits) | Q(postcode=query.digits)
            if len(query.digits) == 5:  # every municipality that uses the postcode (OSM table)
                matches |= Q(
                    pk__in=Postcode.objects.filter(code=query.digits).values("municipality_id")
                )
            return self.filter(matches).annotate(relevance=Value(0, output_field=IntegerField()))
        if not query.terms:
            return self.annotate(relevance=Value(0, output_field=IntegerField()))
        qs = self
        for term in query.terms:
            qs = qs.filter(search_text__contains=f" {term}")
        phrase = " ".join(query.terms)
        return qs.annotate(
            relevance=Case(
                When(Q(sort_name=phrase) | Q(sort_name__startswith=f"{phrase} "), then=Value(0)),
                When(sort_name__startswith=phrase, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )

    def with_related(self) -> MunicipalityQuerySet:
        return self.select_related("state", "county", "source_import")


__all__ = ["CountyQuerySet", "MunicipalityQuerySet", "fold"]
