# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The grant section of the model project page (``{% grant_section project %}``): the notice and
the overdue milestones, shown only to those who may see the grant. A template tag, so that the
projects app does not import the grants app (the grants app builds on projects)."""

from __future__ import annotations

from django import template

from ..selectors import grant_section as grant_section_for

register = template.Library()


@register.inclusion_tag("grants/notice_project_section.html", takes_context=True)
def grant_section(context, project):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"grant": grant_section_for(user, project), "project": project}
