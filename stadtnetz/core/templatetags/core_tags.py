# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django import template
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag
def query_replace(request, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination and sorting links)."""
    query = request.GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def thousands(value) -> str:
    """A number with the locale's thousands separator (83.166.711 in German)."""
    if value is None or value == "":
        return "–"
    return number_format(value, force_grouping=True)
