# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django import template
from django.utils.formats import number_format

from stadtnetz.core.formats import format_decimal, format_money, format_percent

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


@register.filter(is_safe=True)
def page_title(value) -> str:
    """A page's ``<title>``: "Seite – Stadtnetz", or "Stadtnetz" for a page without a title."""
    title = " ".join(str(value).split())
    return f"{title} – Stadtnetz" if title and title != "Stadtnetz" else "Stadtnetz"


@register.filter
def thousands(value) -> str:
    """A number with the locale's thousands separator (83.166.711 in German)."""
    if value is None or value == "":
        return "–"
    return number_format(value, force_grouping=True)


@register.filter
def money(value) -> str:
    """An amount as the page's language writes it: "12.500,50 €" / "€12,500.50"."""
    return format_money(value)


@register.filter
def percent(value, places=2) -> str:
    """A percentage: "90,00 %" / "90.00%"."""
    return format_percent(value, places=int(places))


@register.filter
def decimal(value, places=2) -> str:
    """A number with grouping and fixed decimals: "1.342.500,50" / "1,342,500.50"."""
    return format_decimal(value, places=int(places))
