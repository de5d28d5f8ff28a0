# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from stadtnetz.municipalities.search import fold

from .models import CooperationMember, Invitation, Membership, Organisation


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


def organisations_for_municipality(municipality) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            Q(municipality=municipality) | Q(cooperation_members__municipality=municipality)
        )
        .distinct()
        .order_by("name")
    )


def organisations_for_county(county) -> list[Organisation]:
    return list(
        Organisation.objects.filter(Q(county=county) | Q(cooperation_members__county=county))
        .distinct()
        .order_by("name")
    )


def memberships_for_user(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def organisations_left_without_admin(user) -> list[Organisation]:
    """Organisations where the user is the only administrator while others are members too."""
    result = []
    administered_ids = Membership.objects.filter(user=user, role="admin").values("organisation_id")
    for organisation in Organisation.objects.filter(pk__in=administered_ids).annotate(
        admins=Count("memberships", filter=Q(memberships__role="admin"), distinct=True),
        people=Count("memberships", distinct=True),
    ):
        if organisation.admins == 1 and organisation.people > 1:
            result.append(organisation)
    return result
