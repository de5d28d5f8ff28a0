# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The programme's two obligations, as the checks the final statement of use asks.

- open source: a measure that produces software (its ``SoftwareObligation`` says so) must name
  a published repository, unless the programme office recorded an exception with a reason;
- knowledge transfer: every completed measure (done, continued) has at least one lesson.

``final_statement_blockers(notice)`` lists what stands in the way, one message per measure; the
reports service refuses the final statement while the list is not empty. (A first version by the
reports engineer; the budget/office engineer's module with the crawler's publication check
replaces it.)
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import GrantNotice, SoftwareObligation

COMPLETED_MEASURE_STATES = ("done", "continued")


def software_blockers(notice: GrantNotice) -> list[str]:
    rows = (
        SoftwareObligation.objects.filter(
            measure__project_id=notice.project_id,
            produces_software=True,
            measure__repository_url="",
            exception_reason="",
        )
        .select_related("measure")
        .order_by("measure__title", "measure_id")
    )
    return [
        _(
            "The measure “%(measure)s” produces software but names no published repository, "
            "and the programme office recorded no exception."
        )
        % {"measure": row.measure.title}
        for row in rows
    ]


def lesson_blockers(notice: GrantNotice) -> list[str]:
    from stadtnetz.projects.models import Measure

    titles = (
        Measure.objects.filter(project_id=notice.project_id, status__in=COMPLETED_MEASURE_STATES)
        .exclude(lessons__isnull=False)
        .order_by("title", "pk")
        .values_list("title", flat=True)
    )
    return [
        _("The completed measure “%(measure)s” has no lesson yet (knowledge transfer).")
        % {"measure": title}
        for title in titles
    ]


def final_statement_blockers(notice: GrantNotice) -> list[str]:
    """Everything that stops the final statement of use (empty: it may be submitted)."""
    return software_blockers(notice) + lesson_blockers(notice)
