# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django import template

register = template.Library()


@register.simple_tag
def facet_query(request, name: str, value: str) -> str:
    """The current search with one facet set (or removed when ``value`` is empty), first page."""
    query = request.GET.copy()
    query.pop("page", None)
    if value:
        query[name] = value
    else:
        query.pop(name, None)
    return query.urlencode()
