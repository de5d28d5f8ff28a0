# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Municipalities of the registry (not dissolved ones)."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadtnetz.search.registry import Document, Provider

from .models import Municipality, SizeClass, State


def documents(pks=None):
    """Smallest first: a full reindex then gives the largest places the highest index ids, and
    among registry entries the search's "newest" candidates of a common word are the largest
    places (docs/decisions/0042)."""
    qs = Municipality.objects.filter(dissolved_at__isnull=True).select_related("state", "county")
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    with translation.override("de"):
        ordered = qs.order_by(F("population").asc(nulls_first=True), "pk")
        for municipality in ordered.iterator(chunk_size=2000):
            size_class = municipality.size_class
            facts = [str(municipality.get_kind_display())]
            if municipality.county and municipality.county.name != municipality.name:
                facts.append(municipality.county.name)
            facts.append(municipality.state.name)
            if size_class:
                facts.append(str(size_class.label))
            if municipality.population:
                facts.append(
                    _("%(population)s inhabitants")
                    % {"population": number_format(municipality.population, force_grouping=True)}
                )
            facts.append(f"AGS {municipality.ags}")
            if municipality.postcode:
                facts.append(municipality.postcode)
            if municipality.association_name:
                facts.append(municipality.association_name)
            yield Document(
                object_id=str(municipality.pk),
                title=municipality.name,
                body=" · ".join(facts),
                url=reverse("municipalities:detail", args=[municipality.ags]),
                updated=municipality.updated_at,
                state=municipality.state.code,
                size_class=size_class.value if size_class else "",
                kind="municipality",
            )


PROVIDER = Provider(
    key="municipality",
    label=gettext_lazy("Municipality"),
    documents=documents,
    watch={Municipality: lambda municipality: [municipality.pk]},
    order=50,
)


PROVIDERS = (PROVIDER,)


def state_names() -> dict[str, str]:
    """The search facet "state": two-letter code -> name."""
    return dict(State.objects.values_list("code", "name"))


def size_class_labels() -> dict[str, str]:
    """The search facet "size_class": value -> label, in the order of the classes."""
    return {value: str(label) for value, label in SizeClass.choices}
