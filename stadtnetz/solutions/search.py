# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Solutions of the catalog (entries merged into another entry are not listed).

Facets come from the publishing organisation when the catalog knows it: state, size class of
its municipality, kind of organisation.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadtnetz.organisations.models import Organisation
from stadtnetz.search.registry import Document, Provider

from .models import Solution


def _words(values, limit: int = 30) -> list[str]:
    return [str(value) for value in (values or [])[:limit] if isinstance(value, str | int)]


def documents(pks=None):
    qs = Solution.objects.filter(merged_into__isnull=True).select_related(
        "organisation__municipality__state", "organisation__county__state"
    )
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    with translation.override("de"):
        for solution in qs.order_by("pk").iterator(chunk_size=500):
            organisation = solution.organisation
            place = (organisation.municipality or organisation.county) if organisation else None
            size_class = (
                organisation.municipality.size_class
                if organisation and organisation.municipality
                else None
            )
            short, long = solution.description("de")
            body = [_("Solution"), short, long]
            body.extend(_words(solution.features))
            body.extend(_words(solution.categories))
            body.append(organisation.name if organisation else solution.publisher_name)
            if place:
                body.append(place.state.name)
            body.append(solution.licence)
            body.append(solution.repository_url)
            yield Document(
                object_id=str(solution.pk),
                title=solution.name or solution.repository_url,
                body=" · ".join(part.strip() for part in body if part and part.strip()),
                url=solution.get_absolute_url(),
                updated=solution.updated_at,
                state=place.state.code if place else "",
                size_class=size_class.value if size_class else "",
                kind=organisation.kind if organisation else "",
            )


PROVIDER = Provider(
    key="solution",
    label=gettext_lazy("Solution"),
    documents=documents,
    watch={
        Solution: lambda solution: [solution.pk],
        Organisation: lambda organisation: Solution.objects.filter(
            organisation=organisation
        ).values_list("pk", flat=True),
    },
    order=60,
)


PROVIDERS = (PROVIDER,)
