# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Peers like us: model projects ranked by similarity to a municipality or organisation.

The formula (documented in docs/projects.md and docs/decisions/0034):

    rank first by "same kind and same size class", then by the score (0–100):
      kind          25  same organisation kind (municipality, county, cooperation)
      size class    25  same size class; 12 for the neighbouring class
                        (a cooperation counts as the size classes of its members)
      population    15  15 × (1 − |log10(p_subject / p_peer)|), at least 0
      region        15  10 same state, 5 neighbouring state; plus 5 × (1 − km / 300), at least 0
      urbanisation   5  same degree of urbanisation (Destatis/Eurostat DEGURBA)
      fields        15  3 per field of action shared by measures of both, at most 15;
                        without measures of the subject: 1 per field the peer works in, at most 5

      maturity     10  10 × (1 − mean stage difference over the dimensions both assessed / 3),
                        only when both organisations agreed to be named with their maturity
                        (assessments, decision 0013): internal results never rank anyone
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Avg, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stadtnetz.municipalities.models import County, Municipality, PlaceCategory
from stadtnetz.organisations.models import CooperationMember, Organisation, OrganisationKind

from .geo import distance_km
from .models import Measure, ModelProject

NEIGHBOURS = {
    "SH": {"HH", "NI", "MV"}, "HH": {"SH", "NI"}, "NI": {"SH", "HH", "MV", "BB", "ST", "TH", "HE", "NW", "HB"},
    "HB": {"NI"}, "NW": {"NI", "HE", "RP"}, "HE": {"NW", "NI", "TH", "BY", "BW", "RP"},
    "RP": {"NW", "HE", "BW", "SL"}, "BW": {"RP", "HE", "BY"}, "BY": {"BW", "HE", "TH", "SN"},
    "SL": {"RP"}, "BE": {"BB"}, "BB": {"BE", "MV", "NI", "ST", "SN"},
    "MV": {"SH", "NI", "BB"}, "SN": {"BB", "ST", "TH", "BY"}, "ST": {"NI", "BB", "SN", "TH"},
    "TH": {"NI", "ST", "SN", "BY", "HE"},
}  # fmt: skip
# Size classes from small to large: neighbours in this order score half
ORDER = [PlaceCategory.RURAL, PlaceCategory.SMALL_TOWN, PlaceCategory.MEDIUM_TOWN,
         PlaceCategory.LARGE_CITY]  # fmt: skip
SIZE_LABELS = dict(PlaceCategory.choices)


@dataclass
class Profile:
    """What the formula compares, for a subject or a candidate."""

    name: str
    kind: str
    sizes: set[str]
    population: int | None
    states: set[str]
    latitude: float | None
    longitude: float | None
    urbanisation: int | None
    fields: Counter = field(default_factory=Counter)
    key: str = ""
    maturity: dict[str, int] | None = None  # dimension → stage value, when shared


@dataclass
class Peer:
    project: ModelProject
    score: float
    first: bool
    reasons: list[str]
    distance_km: float | None


def _size_of_population(population: int | None) -> set[str]:
    place = PlaceCategory.for_population(population)
    return {place.value} if place else set()


def profile_for_municipality(municipality: Municipality) -> Profile:
    fields, maturity = Counter(), None
    organisation = Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, municipality=municipality
    ).first()
    if organisation is not None:
        fields = _fields_of([organisation.pk]).get(organisation.pk, Counter())
        maturity = _maturity_of([organisation.pk]).get(organisation.pk)
    return Profile(
        name=municipality.name, kind=OrganisationKind.MUNICIPALITY,
        sizes=_size_of_population(municipality.population), population=municipality.population,
        states={municipality.state.code},
        latitude=float(municipality.latitude) if municipality.latitude is not None else None,
        longitude=float(municipality.longitude) if municipality.longitude is not None else None,
        urbanisation=municipality.urbanisation, fields=fields, key=municipality.ags,
        maturity=maturity,
    )  # fmt: skip


def profile_for_organisation(organisation: Organisation) -> Profile | None:
    if organisation.kind == OrganisationKind.MUNICIPALITY and organisation.municipality:
        return profile_for_municipality(organisation.municipality)
    fields = _fields_of([organisation.pk]).get(organisation.pk, Counter())
    maturity = _maturity_of([organisation.pk]).get(organisation.pk)
    if organisation.kind == OrganisationKind.COUNTY and organisation.county:
        county: County = organisation.county
        figures = Municipality.objects.filter(county=county, dissolved_at=None).aggregate(
            lat=Avg("latitude"), lon=Avg("longitude"), population=Sum("population")
        )
        return Profile(
            name=organisation.name, kind=OrganisationKind.COUNTY, sizes={PlaceCategory.COUNTY.value},
            population=figures["population"], states={county.state.code},
            latitude=figures["lat"], longitude=figures["lon"], urbanisation=None, fields=fields,
            key=county.key, maturity=maturity,
        )  # fmt: skip
    if organisation.kind == OrganisationKind.COOPERATION:
        members = list(
            CooperationMember.objects.filter(cooperation=organisation).select_related(
                "municipality__state", "county__state"
            )
        )
        sizes, states, points, population = set(), set(), [], 0
        for member in members:
            if member.municipality:
                sizes |= _size_of_population(member.municipality.population)
                states.add(member.municipality.state.code)
                population += member.municipality.population or 0
                if member.municipality.latitude is not None:
                    points.append((float(member.municipality.latitude),
                                   float(member.municipality.longitude)))  # fmt: skip
            else:
                sizes.add(PlaceCategory.COUNTY.value)
                states.add(member.county.state.code)
        return Profile(
            name=organisation.name, kind=OrganisationKind.COOPERATION, sizes=sizes,
            population=population or None, states=states,
            latitude=sum(p[0] for p in points) / len(points) if points else None,
            longitude=sum(p[1] for p in points) / len(points) if points else None,
            urbanisation=None, fields=fields, key=organisation.slug, maturity=maturity,
        )  # fmt: skip
    return None


# The public maturity of organisations: organisation id -> {dimension: stage value}. The app
# that owns the self-assessments gives it in its AppConfig.ready (maturity_source_set), so the
# knowledge imports nothing above it; without that app, peers are compared without maturity.
_maturity_source: Callable[[Iterable[int]], dict[int, dict[str, int]]] | None = None


def maturity_source_set(source: Callable[[Iterable[int]], dict[int, dict[str, int]]]) -> None:
    global _maturity_source  # noqa: PLW0603 - one registration, at start-up
    _maturity_source = source


def _maturity_of(organisation_ids) -> dict[int, dict[str, int]]:
    return _maturity_source(organisation_ids) if _maturity_source is not None else {}


def _fields_of(organisation_ids) -> dict[int, Counter]:
    result: dict[int, Counter] = {}
    rows = Measure.objects.filter(project__organisation__in=organisation_ids).values_list(
        "project__organisation_id", "fields_of_action__name"
    )
    for organisation_id, name in rows:
        if name:
            result.setdefault(organisation_id, Counter())[name] += 1
    return result


def _candidates() -> list[tuple[ModelProject, Profile]]:
    projects = list(
        ModelProject.objects.select_related(
            "organisation__municipality__state", "organisation__county__state"
        ).prefetch_related("states")
    )
    coop_ids = [
        p.organisation_id for p in projects if p.organisation.kind == OrganisationKind.COOPERATION
    ]
    member_sizes: dict[int, set[str]] = {}
    for organisation_id, population, county_id in CooperationMember.objects.filter(
        cooperation__in=coop_ids
    ).values_list("cooperation_id", "municipality__population", "county_id"):
        sizes = {PlaceCategory.COUNTY.value} if county_id else _size_of_population(population)
        member_sizes.setdefault(organisation_id, set()).update(sizes)
    fields = _fields_of([p.organisation_id for p in projects])
    maturity = _maturity_of([p.organisation_id for p in projects])
    result = []
    for project in projects:
        organisation = project.organisation
        municipality = organisation.municipality
        if organisation.kind == OrganisationKind.MUNICIPALITY and municipality:
            sizes = _size_of_population(municipality.population)
            urbanisation = municipality.urbanisation
        elif organisation.kind == OrganisationKind.COUNTY:
            sizes, urbanisation = {PlaceCategory.COUNTY.value}, None
        else:
            sizes, urbanisation = member_sizes.get(organisation.pk, set()), None
        result.append((project, Profile(
            name=project.name, kind=organisation.kind, sizes=sizes, population=project.population,
            states={s.code for s in project.states.all()},
            latitude=float(project.latitude) if project.latitude is not None else None,
            longitude=float(project.longitude) if project.longitude is not None else None,
            urbanisation=urbanisation, fields=fields.get(organisation.pk, Counter()),
            key=municipality.ags if municipality else (
                organisation.county.key if organisation.county else organisation.slug),
            maturity=maturity.get(organisation.pk),
        )))  # fmt: skip
    return result


def _size_points(subject: set[str], peer: set[str]) -> tuple[float, str | None]:
    shared = subject & peer
    if shared:
        return 25, sorted(shared, key=lambda s: ORDER.index(s) if s in ORDER else 9)[0]
    positions = {ORDER.index(s) for s in subject if s in ORDER}
    if any(abs(ORDER.index(s) - p) == 1 for s in peer if s in ORDER for p in positions):
        return 12, None
    return 0, None


def score(subject: Profile, peer: Profile) -> tuple[float, bool, list[str], float | None]:
    reasons: list[str] = []
    points = 0.0
    same_kind = subject.kind == peer.kind
    if same_kind:
        points += 25
        if subject.kind != OrganisationKind.MUNICIPALITY:
            reasons.append(
                _("same kind: %(kind)s") % {"kind": OrganisationKind(subject.kind).label}
            )
    size_points, shared_size = _size_points(subject.sizes, peer.sizes)
    points += size_points
    if shared_size:
        label = SIZE_LABELS.get(shared_size, shared_size)
        if peer.kind == OrganisationKind.COOPERATION and subject.kind != peer.kind:
            reasons.append(_("cooperation with a %(size)s like you") % {"size": label})
        else:
            reasons.append(_("%(size)s like you") % {"size": label})
    if subject.population and peer.population:
        ratio = abs(math.log10(subject.population / peer.population))
        points += max(0.0, 15 * (1 - ratio))
        if ratio < 0.15:
            reasons.append(
                _("similar population (%(population)s)")
                % {"population": number_format(peer.population, force_grouping=True)}
            )
    if subject.states & peer.states:
        points += 10
        reasons.append(_("same state"))
    elif any(peer.states & NEIGHBOURS.get(code, set()) for code in subject.states):
        points += 5
        reasons.append(_("neighbouring state"))
    distance = None
    if None not in (subject.latitude, subject.longitude, peer.latitude, peer.longitude):
        distance = distance_km(subject.latitude, subject.longitude, peer.latitude, peer.longitude)
        points += max(0.0, 5 * (1 - distance / 300))
        reasons.append(_("%(km)s km away") % {"km": number_format(round(distance))})
    if subject.urbanisation and subject.urbanisation == peer.urbanisation:
        points += 5
        reasons.append(_("same degree of urbanisation"))
    if subject.fields:
        shared = [name for name in peer.fields if name in subject.fields]
        points += min(15, 3 * len(shared))
        names = sorted(shared, key=lambda n: -peer.fields[n])
    else:
        points += min(5, len(peer.fields))
        names = [name for name, _n in peer.fields.most_common()]
    if subject.fields and len(names) > 1:
        reasons.append(
            _("shared fields of action: %(fields)s") % {"fields": ", ".join(_(n) for n in names)}
        )
    if names:
        top = names[0]
        count = peer.fields[top]
        reasons.append(
            ngettext("%(count)d measure in %(field)s", "%(count)d measures in %(field)s", count)
            % {"count": count, "field": _(top)}
        )
    if subject.maturity and peer.maturity:
        shared_dims = [dim for dim in subject.maturity if dim in peer.maturity]
        if shared_dims:
            gap = sum(abs(subject.maturity[d] - peer.maturity[d]) for d in shared_dims)
            gap /= len(shared_dims)
            points += max(0.0, 10 * (1 - gap / 3))
            if gap <= 0.5:
                reasons.append(_("similar maturity profile"))
    return round(points, 1), bool(same_kind and shared_size), reasons, distance


def peers_for(subject: Profile, *, limit: int = 20, exclude_key: str = "") -> list[Peer]:
    ranked = []
    for project, candidate in _candidates():
        if candidate.key and candidate.key in (subject.key, exclude_key):
            continue
        points, first, reasons, distance = score(subject, candidate)
        ranked.append(Peer(project=project, score=points, first=first, reasons=reasons,
                           distance_km=distance))  # fmt: skip
    ranked.sort(key=lambda p: (not p.first, -p.score, p.project.name))
    return ranked[:limit]
