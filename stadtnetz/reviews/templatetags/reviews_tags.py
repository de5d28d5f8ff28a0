# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def attr_title(case):
    """'Organisation: title' of a review case (empty for anything else)."""
    application = getattr(case, "application", None)
    return f"{application.organisation.name}: {application.title}" if application else ""
