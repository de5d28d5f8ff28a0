# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from stadtnetz.core.text import fold
from stadtnetz.municipalities.models import PlaceCategory

from .models import (
    CooperationMember,
    Invitation,
    Membership,
    MembershipRequest,
    Organisation,
    OrganisationKind,
    RequestKind,
    RequestStatus,
    Role,
)


def place_category(organisation: Organisation | None) -> PlaceCategory | None:
    """What kind of place an organisation stands for: its municipality's size class, a county or
    a cooperation; None for the others (consultancies, programme office, …)."""
    if organisation is None:
        return None
    if organisation.municipality is not None:
        return PlaceCategory.for_population(organisation.municipality.population)
    if organisation.county_id:
        return PlaceCategory.COUNTY
    if organisation.kind == OrganisationKind.COOPERATION:
        return PlaceCategory.COOPERATION
    return None


def organisation_list(*, search: str = "", kind: str = "") -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("municipality", "county").annotate(
        member_count=Count("memberships", distinct=True)
    )
    if kind:
        qs = qs.filter(kind=kind)
    for term in fold(search).split()[:10]:
        qs = qs.filter(
            Q(name__icontains=term)
            | Q(slug__icontains=term)
            | Q(municipality__search_text__contains=f" {term}")
            | Q(municipality__ags__startswith=term)
            | Q(county__key__startswith=term)
        )
    return qs.order_by("name", "pk")


def organisation_get(slug: str) -> Organisation | None:
    return (
        Organisation.objects.select_related("municipality__state", "county__state")
        .prefetch_related(
            Prefetch(
                "cooperation_members",
                queryset=CooperationMember.objects.select_related("municipality", "county"),
            )
        )
        .filter(slug=slug)
        .first()
    )


def organisation_members(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("user__username")


def organisation_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.select_related("invited_by").order_by("-created_at")[:50]


def memberships_for_user(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def organisations_left_without_admin(user) -> list[Organisation]:
    """Organisations where the user is the only administrator while others are members too."""
    result: list = []
    administered_ids = Membership.objects.filter(user=user, role="admin").values("organisation_id")
    for organisation in Organisation.objects.filter(pk__in=administered_ids).annotate(
        admins=Count("memberships", filter=Q(memberships__role="admin"), distinct=True),
        people=Count("memberships", distinct=True),
    ):
        if organisation.admins == 1 and organisation.people > 1:
            result.append(organisation)
    return result


def membership_request_get(pk: int) -> MembershipRequest | None:
    return (
        MembershipRequest.objects.select_related("organisation", "user", "decided_by")
        .filter(pk=pk)
        .first()
    )


def pending_membership_requests(organisation: Organisation) -> list[MembershipRequest]:
    return list(
        organisation.membership_requests.filter(status=RequestStatus.PENDING)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def pending_request_of(user, organisation: Organisation) -> MembershipRequest | None:
    if not user.is_authenticated:
        return None
    return organisation.membership_requests.filter(user=user, status=RequestStatus.PENDING).first()


def claims(decided_limit: int = 50) -> tuple[list[MembershipRequest], list[MembershipRequest]]:
    """Claims waiting for the programme office, and the last decided ones (who, when, why)."""
    base = MembershipRequest.objects.filter(kind=RequestKind.CLAIM).select_related(
        "organisation", "user", "decided_by"
    )
    pending = list(base.filter(status=RequestStatus.PENDING).order_by("created_at", "pk"))
    decided = list(
        base.exclude(status=RequestStatus.PENDING).order_by("-decided_at", "-pk")[:decided_limit]
    )
    return pending, decided


def requests_to_decide_for(user) -> list[MembershipRequest]:
    """Pending membership requests of the organisations the user administers."""
    administered = Membership.objects.filter(user=user, role=Role.ADMIN).values("organisation")
    return list(
        MembershipRequest.objects.filter(
            organisation__in=administered, kind=RequestKind.MEMBERSHIP,
            status=RequestStatus.PENDING,
        )
        .select_related("organisation", "user")
        .order_by("created_at", "pk")
    )  # fmt: skip


def pending_claim_count() -> int:
    return MembershipRequest.objects.filter(
        kind=RequestKind.CLAIM, status=RequestStatus.PENDING
    ).count()


def requests_of(user, limit: int = 10) -> list[MembershipRequest]:
    """The person's own requests: waiting ones and the recent decisions with their reasons."""
    return list(
        MembershipRequest.objects.filter(user=user)
        .select_related("organisation")
        .order_by("-created_at", "-pk")[:limit]
    )
