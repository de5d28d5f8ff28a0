# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The work plan: milestones of a funded project's measures (issue 12, "Work plan").

The funded organisation's editors add and change milestones; each change names the version it
was made on (optimistic locking: a stale version is refused, nothing is overwritten). The due
date lies within the project period of the notice; a reached milestone needs the date it was
reached (not in the future); evidence is text and/or a link.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.core.text import has_control_characters

from ..models import GrantNotice, Milestone, MilestoneStatus
from ..permissions import can_act_for_grantee
from .common import GrantError


class StaleMilestone(GrantError):
    """The milestone changed since the editor loaded it."""


def _clean(
    *,
    notice: GrantNotice,
    title: str,
    due_on,
    status: str,
    reached_on,
    evidence: str,
    evidence_url: str,
    today: dt.date,
) -> dict:
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Enter a title.")]
    elif len(title) > 200:
        errors["title"] = [_("At most 200 characters.")]
    elif has_control_characters(title):
        errors["title"] = [_("The title contains control characters.")]
    if not isinstance(due_on, dt.date):
        errors["due_on"] = [_("Enter the due date.")]
    elif not notice.period_start <= due_on <= notice.period_end:
        errors["due_on"] = [
            _("The due date must lie within the project period (%(start)s – %(end)s).")
            % {
                "start": notice.period_start.strftime("%d.%m.%Y"),
                "end": notice.period_end.strftime("%d.%m.%Y"),
            }
        ]
    if status not in MilestoneStatus.values:
        errors["status"] = [_("Choose planned, reached, late or dropped.")]
    if status == MilestoneStatus.REACHED:
        if not isinstance(reached_on, dt.date):
            errors["reached_on"] = [_("A reached milestone needs the date it was reached.")]
        elif reached_on > today:
            errors["reached_on"] = [_("The date cannot lie in the future.")]
    else:
        reached_on = None
    evidence = (evidence or "").strip()
    if len(evidence) > 5000:
        errors["evidence"] = [_("At most 5000 characters.")]
    elif "\x00" in evidence:
        errors["evidence"] = [_("The text contains a NUL character.")]
    evidence_url = (evidence_url or "").strip()
    if evidence_url:
        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError:
            errors["evidence_url"] = [_("Enter a web address starting with https://.")]
        if len(evidence_url) > 500:
            errors["evidence_url"] = [_("At most 500 characters.")]
    if errors:
        raise GrantError(errors)
    return {
        "title": title,
        "due_on": due_on,
        "status": status,
        "reached_on": reached_on,
        "evidence": evidence,
        "evidence_url": evidence_url,
    }


@transaction.atomic
def milestone_create(
    *,
    actor,
    notice: GrantNotice,
    measure,
    title: str,
    due_on,
    status: str = MilestoneStatus.PLANNED,
    reached_on=None,
    evidence: str = "",
    evidence_url: str = "",
    today: dt.date | None = None,
) -> Milestone:
    """A new milestone of one of the notice's project's measures."""
    can_act_for_grantee(actor, notice).enforce()
    if measure is None or measure.project_id != notice.project_id:
        raise GrantError({"measure": [_("Choose a measure of this project.")]})
    values = _clean(notice=notice, title=title, due_on=due_on, status=status, reached_on=reached_on,
                    evidence=evidence, evidence_url=evidence_url, today=today or dt.date.today())  # fmt: skip
    return Milestone.objects.create(measure=measure, **values)


@transaction.atomic
def milestone_update(
    *,
    actor,
    notice: GrantNotice,
    milestone: Milestone,
    version: int,
    measure=None,
    today: dt.date | None = None,
    **fields,
) -> Milestone:
    """Change a milestone made on ``version``; fields not given keep their value."""
    can_act_for_grantee(actor, notice).enforce()
    current = Milestone.objects.select_for_update().select_related("measure").get(pk=milestone.pk)
    if current.measure.project_id != notice.project_id:
        raise GrantError({"__all__": [_("This milestone belongs to another project.")]})
    if version != current.version:
        raise StaleMilestone(
            {"__all__": [_("Someone changed this milestone in the meantime. Reload the page.")]}
        )
    if measure is not None and measure.project_id != notice.project_id:
        raise GrantError({"measure": [_("Choose a measure of this project.")]})
    merged = {
        "title": current.title,
        "due_on": current.due_on,
        "status": current.status,
        "reached_on": current.reached_on,
        "evidence": current.evidence,
        "evidence_url": current.evidence_url,
        **fields,
    }
    values = _clean(notice=notice, today=today or dt.date.today(), **merged)
    if measure is not None:
        values["measure"] = measure
    updated = Milestone.objects.filter(pk=current.pk, version=version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:  # pragma: no cover - the row is locked above
        raise StaleMilestone({"__all__": [_("Someone changed this milestone in the meantime.")]})
    current.refresh_from_db()
    return current
