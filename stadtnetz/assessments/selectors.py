# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads: an organisation's history, peer groups and the published statistics.

Peer statistics use the latest completed assessment of each organisation within one major
questionnaire version and are only returned for groups of at least ``peer_min_group_size``
organisations (B7). A constant number of queries per call.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.db.models import Prefetch

from stadtnetz.municipalities.models import PlaceCategory
from stadtnetz.organisations.models import Organisation

from . import questionnaire
from .models import Assessment, DimensionScore, Sharing, Status

SIZE_CLASSES = PlaceCategory.values


def assessment_get(pk: int) -> Assessment | None:
    return (
        Assessment.objects.select_related("organisation", "created_by")
        .prefetch_related("answers", "dimension_scores")
        .filter(pk=pk)
        .first()
    )


def organisation_get(slug: str) -> Organisation | None:
    return (
        Organisation.objects.select_related("municipality__state", "county__state")
        .filter(slug=slug)
        .first()
    )


def assessment_history(organisation: Organisation) -> list[Assessment]:
    """All assessments of the organisation, newest first, with their dimension scores."""
    return list(
        Assessment.objects.filter(organisation=organisation)
        .select_related("created_by")
        .prefetch_related("dimension_scores")
        .order_by("-assessed_on", "-pk")
    )


@dataclass
class PeerStatistics:
    major: int
    size_class: str
    state: str
    count: int
    shown: bool
    minimum: int
    # Only organisations with a model project of the funding programme (the programme's peers).
    programme: bool = False
    dimensions: list[dict] = field(default_factory=list)  # id, median, p25, p75
    stages: dict[str, int] = field(default_factory=dict)  # overall stage → number
    evidenced_median: float | None = None


def _latest_completed(major: int, size_class: str = "", state: str = "", programme: bool = False,
                      organisation_ids=None):  # fmt: skip
    qs = Assessment.objects.filter(status=Status.COMPLETED, questionnaire_major=major)
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    if programme:
        from stadtnetz.projects.models import ModelProject

        qs = qs.filter(organisation_id__in=ModelProject.objects.values("organisation_id"))
    if size_class:
        qs = qs.filter(size_class=size_class)
    if state:
        qs = qs.filter(state_code=state)
    rows = qs.order_by("organisation_id", "-assessed_on", "-pk").prefetch_related(
        Prefetch("dimension_scores", queryset=DimensionScore.objects.order_by("pk"))
    )
    latest: dict[int, Assessment] = {}
    for assessment in rows:
        latest.setdefault(assessment.organisation_id, assessment)
    return list(latest.values())


def _quantiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) == 1:
        return values[0], values[0], values[0]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[1], q[2]


def peer_statistics(
    *, size_class: str = "", state: str = "", major: int | None = None, programme: bool = False
):
    """Aggregates of one peer group; ``shown`` is False (and nothing else filled) below minimum."""
    q = questionnaire.current()
    major = q.major if major is None else major
    members = _latest_completed(major, size_class, state, programme)
    return _aggregate(q, major, size_class, state, members, programme=programme)


def percentile_of(value: float | None, values: list[float]) -> int | None:
    """Share of the group (in %) at or below the value: the position within the peer group."""
    if value is None or not values:
        return None
    return round(100 * sum(1 for v in values if v <= value) / len(values))


def statistics_table(major: int | None = None) -> list[PeerStatistics]:
    """Every published group: all, per size class, per state, per size class × state."""
    q = questionnaire.current()
    major = q.major if major is None else major
    group = _latest_completed(major)
    keys = {("", "")}
    for a in group:
        keys |= {(a.size_class, ""), ("", a.state_code), (a.size_class, a.state_code)}
    rows = []
    for size_class, state in sorted(keys):
        stats = _aggregate(q, major, size_class, state, [
            a for a in group
            if (not size_class or a.size_class == size_class) and (not state or a.state_code == state)
        ])  # fmt: skip
        if stats.shown:
            rows.append(stats)
    participants = peer_statistics(major=major, programme=True)
    if participants.shown:
        rows.append(participants)
    return rows


def _aggregate(q, major, size_class, state, members, programme: bool = False) -> PeerStatistics:
    minimum = q.scoring.peer_min_group_size
    stats = PeerStatistics(major=major, size_class=size_class, state=state, count=len(members),
                           shown=len(members) >= minimum, minimum=minimum,
                           programme=programme)  # fmt: skip
    if stats.shown:
        for dim in q.dimensions:
            values = [float(s.score) for a in members for s in a.dimension_scores.all()
                      if s.dimension == dim.id and s.score is not None]  # fmt: skip
            p25, median, p75 = _quantiles(values) if values else (None, None, None)
            stats.dimensions.append({"id": dim.id, "median": median, "p25": p25, "p75": p75,
                                     "values": sorted(values)})  # fmt: skip
        stats.stages = {stage: 0 for stage in [*q.stage_ids, ""]}
        for a in members:
            stats.stages[a.overall_stage] += 1
        shares = [float(a.evidenced_share) for a in members if a.evidenced_share is not None]
        stats.evidenced_median = statistics.median(shares) if shares else None
    return stats


def ranking(major: int | None = None) -> list[Assessment]:
    """Latest completed assessment of each organisation that agreed to be named, best first."""
    q = questionnaire.current()
    major = q.major if major is None else major
    named = set(
        Sharing.objects.filter(named_in_ranking=True).values_list("organisation_id", flat=True)
    )
    latest = _latest_completed(major, organisation_ids=named)
    organisations = {
        o.pk: o for o in Organisation.objects.filter(pk__in=[a.organisation_id for a in latest])
    }
    for a in latest:
        a.organisation = organisations[a.organisation_id]
    latest.sort(key=lambda a: (-(a.overall_index or 0), a.organisation.name, a.pk))
    return latest


def learning_partners(
    stages: dict[str, int | None], *, exclude_organisation_id: int | None = None
) -> dict[str, list[Organisation]]:
    """Per dimension, organisations that offer themselves as learning partners and whose latest
    completed assessment (same major version) is exactly one stage higher in that dimension.

    ``stages`` maps dimension ids to the stage value reached (None when not assessable). A
    dimension at the top stage, or not assessable, gets no partners."""
    q = questionnaire.current()
    partner_ids = set(
        Sharing.objects.filter(learning_partner=True).values_list("organisation_id", flat=True)
    )
    partner_ids.discard(exclude_organisation_id)
    found: dict[str, list[Organisation]] = {dim: [] for dim in stages}
    if not partner_ids:
        return found
    latest = _latest_completed(q.major, organisation_ids=partner_ids)
    organisations = {
        o.pk: o
        for o in Organisation.objects.filter(
            pk__in=[a.organisation_id for a in latest]
        ).prefetch_related("model_projects")
    }
    values = set(q.stage_value.values())
    for dim, value in stages.items():
        if value is None or value + 1 not in values:
            continue
        for a in latest:
            if any(s.dimension == dim and q.stage_value.get(s.stage) == value + 1
                   for s in a.dimension_scores.all()):  # fmt: skip
                found[dim].append(organisations[a.organisation_id])
        found[dim].sort(key=lambda o: o.name)
    return found


def public_maturity_of(organisation_ids) -> dict[int, dict[str, int]]:
    """Dimension stages of the latest completed assessment, for organisations that agreed to be
    named in the maturity ranking (the only maturity that is public): organisation id ->
    {dimension: stage value}. The model projects' peer comparison reads it (see apps.py)."""
    q = questionnaire.current()
    named = Sharing.objects.filter(named_in_ranking=True, organisation_id__in=organisation_ids)
    latest: dict[int, dict[str, int]] = {}
    rows = (
        Assessment.objects.filter(
            status=Status.COMPLETED, questionnaire_major=q.major,
            organisation_id__in=named.values("organisation_id"),
        )
        .order_by("organisation_id", "-assessed_on", "-pk")
        .prefetch_related("dimension_scores")
    )  # fmt: skip
    for assessment in rows:
        if assessment.organisation_id not in latest:
            latest[assessment.organisation_id] = {
                s.dimension: q.stage_value[s.stage]
                for s in assessment.dimension_scores.all()
                if s.stage in q.stage_value
            }
    return latest
