# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Calls (rounds) of the funding programmes.

A call belongs to no place, so it has no state, size class or field of action; ``kind`` stays
empty too (the facet is the kind of organisation). Its status (upcoming, open, closed) changes
with the clock and is therefore not part of the indexed text.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadtnetz.search.registry import Document, Provider

from .models import Call, Programme


def documents(pks=None):
    qs = Call.objects.select_related("programme")
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    with translation.override("de"):
        for call in qs.order_by("pk").iterator(chunk_size=500):
            body = [
                _("Call"),
                call.programme.name,
                call.programme.funder,
                _("Round %(year)s") % {"year": call.round_year},
                call.theme,
                call.description,
            ]
            body.extend(call.eligible_kind_labels())
            yield Document(
                object_id=str(call.pk),
                title=call.title,
                body=" · ".join(part.strip() for part in body if part and part.strip()),
                url=call.get_absolute_url(),
                updated=call.updated_at,
            )


PROVIDER = Provider(
    key="call",
    label=gettext_lazy("Call"),
    documents=documents,
    watch={
        Call: lambda call: [call.pk],
        Programme: lambda programme: Call.objects.filter(programme=programme).values_list(
            "pk", flat=True
        ),
    },
    order=5,
)


PROVIDERS = (PROVIDER,)
