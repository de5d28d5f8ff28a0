# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Organisations: municipalities, counties, cooperations, companies, associations …"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy

from stadtnetz.municipalities.models import Municipality
from stadtnetz.search.registry import Document, Provider

from .models import Organisation, OrganisationKind


def documents(pks=None):
    qs = Organisation.objects.select_related("municipality__state", "county__state")
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    with translation.override("de"):
        for organisation in qs.order_by("pk").iterator(chunk_size=2000):
            place = organisation.municipality or organisation.county
            state = place.state if place else None
            size_class = organisation.municipality.size_class if organisation.municipality else None
            body = [str(organisation.get_kind_display())]
            if place:
                body.append(place.name)
            if state:
                body.append(state.name)
            if organisation.description:
                body.append(organisation.description)
            yield Document(
                object_id=str(organisation.pk),
                title=organisation.name,
                body=" · ".join(body),
                url=organisation.get_absolute_url(),
                updated=organisation.updated_at,
                state=state.code if state else "",
                size_class=size_class.value if size_class else "",
                kind=organisation.kind,
            )


PROVIDER = Provider(
    key="organisation",
    label=gettext_lazy("Organisation"),
    documents=documents,
    watch={
        Organisation: lambda organisation: [organisation.pk],
        Municipality: lambda municipality: Organisation.objects.filter(
            municipality=municipality
        ).values_list("pk", flat=True),
    },
    order=40,
)


PROVIDERS = (PROVIDER,)


def kind_labels() -> dict[str, str]:
    """The search facet "kind": kind of organisation -> label."""
    return {value: str(label) for value, label in OrganisationKind.choices}
