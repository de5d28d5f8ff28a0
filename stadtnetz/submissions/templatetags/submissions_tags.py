# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django import template

register = template.Library()


@register.filter
def get_label(mapping, key):
    return mapping.get(key) or key or "–"


@register.inclusion_tag("submissions/_call_applications.html", takes_context=True)
def call_applications(context, call):
    """On a call's page: the applications the reader's organisations already have for it, with
    links (one query; nothing for anonymous readers)."""
    from ..selectors import applications_for_call_and_user

    user = context.get("user")
    applications = applications_for_call_and_user(call, user) if user else []
    return {"applications": applications, "call": call}
