# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django import template

register = template.Library()


@register.filter
def get_label(mapping, key):
    return mapping.get(key) or key or "–"
