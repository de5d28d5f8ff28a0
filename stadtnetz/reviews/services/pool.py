# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The reviewer pool of a call and conflicts of interest."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.organisations.models import Membership, OrganisationKind
from stadtnetz.programmes.models import Call

from .. import permissions
from ..models import (
    DECIDED,
    Assignment,
    ConflictDeclaration,
    PoolMember,
    ReviewCase,
)
from .common import (
    _event,
    _locked_case,
    _refuse,
    _remove,
)

# --- reviewer pool and conflicts -------------------------------------------------------------------


def field_code(tag: str) -> str | None:
    """The field-of-action code a tag names: the code itself or its German or English name
    (any case); None for anything else."""
    from django.utils.translation import gettext as translate
    from django.utils.translation import override

    from stadtnetz.projects.fields_of_action import FIELDS_OF_ACTION

    wanted = " ".join(str(tag).split()).casefold()
    for code, name in FIELDS_OF_ACTION:
        with override("en"):
            english = translate(name)
        if wanted in (code, name.casefold(), english.casefold()):
            return code
    return None


def expertise_codes(tags: Sequence[str]) -> list[str]:
    """Known field codes among the tags (older free-text tags that name no field are ignored)."""
    return sorted({code for code in map(field_code, tags) if code})


@transaction.atomic
def pool_invite(*, actor, call: Call, reviewer, expertise: Sequence[str] = ()) -> PoolMember:
    """Invite a reviewer; ``expertise`` are fields of action (codes or names), which the
    automatic assignment matches against the applications' main fields."""
    permissions.can_manage_review(actor, call).enforce()
    if not (reviewer.is_active and reviewer.is_reviewer):
        _refuse(_("Only accounts with the reviewer role can be invited."), "reviewer")
    unknown = [tag for tag in expertise if str(tag).strip() and field_code(tag) is None]
    if unknown:
        _refuse(
            _("Unknown field of action: %(tags)s.") % {"tags": ", ".join(map(str, unknown[:5]))},
            "expertise",
        )
    member, created = PoolMember.objects.get_or_create(
        call=call,
        reviewer=reviewer,
        defaults={"invited_by": actor, "expertise": expertise_codes(expertise)},
    )
    if created:
        _event(
            call,
            actor,
            "invite",
            _("%(name)s invited as reviewer") % {"name": reviewer.display_name},
        )
    return member


def _places_of_reviewer(reviewer) -> tuple[set[int], set[str], set[str]]:
    """Organisations, municipality AGS and county keys the reviewer belongs to."""
    orgs, municipalities, counties = set(), set(), set()
    for m in Membership.objects.filter(user=reviewer).select_related(
        "organisation__municipality", "organisation__county"
    ):
        org = m.organisation
        orgs.add(org.pk)
        if org.municipality is not None:
            municipalities.add(org.municipality.ags)
            if org.municipality.county_id:
                counties.add(org.municipality.county_key)
        if org.county is not None:
            counties.add(org.county.key)
    return orgs, municipalities, counties


def _places_of_applicant(organisation) -> tuple[set[str], set[str]]:
    municipalities, counties = set(), set()
    if organisation.municipality_id:
        municipalities.add(organisation.municipality.ags)
        if organisation.municipality.county_id:
            counties.add(organisation.municipality.county_key)
    if organisation.county_id:
        counties.add(organisation.county.key)
    for member in organisation.cooperation_members.select_related("municipality__county", "county"):
        if member.municipality_id:
            municipalities.add(member.municipality.ags)
            if member.municipality.county_id:
                counties.add(member.municipality.county_key)
        if member.county_id:
            counties.add(member.county.key)
    return municipalities, counties


def automatic_conflicts(reviewer, cases: Iterable[ReviewCase]) -> dict[int, str]:
    """case id → reason, for every case the reviewer is automatically conflicted on."""
    orgs, r_municipalities, r_counties = _places_of_reviewer(reviewer)
    member_orgs_of_cooperations: dict[int, set[int]] = {}
    found: dict[int, str] = {}
    for case in cases:
        organisation = case.application.organisation
        if organisation.pk in orgs:
            found[case.pk] = _("member of the applicant organisation")
            continue
        a_municipalities, a_counties = _places_of_applicant(organisation)
        if organisation.kind == OrganisationKind.COOPERATION:
            if organisation.pk not in member_orgs_of_cooperations:
                from stadtnetz.organisations.models import Organisation

                member_orgs_of_cooperations[organisation.pk] = set(
                    Organisation.objects.filter(municipality__ags__in=a_municipalities).values_list(
                        "pk", flat=True
                    )
                ) | set(
                    Organisation.objects.filter(
                        county__key__in=a_counties, kind="county"
                    ).values_list("pk", flat=True)
                )
            if member_orgs_of_cooperations[organisation.pk] & orgs:
                found[case.pk] = _("member of an organisation in the cooperation")
                continue
        if a_municipalities & r_municipalities:
            found[case.pk] = _("same municipality")
        elif a_counties & r_counties:
            found[case.pk] = _("same county")
    return found


@dataclass
class DeclarationResult:
    declaration: ConflictDeclaration
    unassigned: bool = False


@transaction.atomic
def conflict_declare(
    *, actor, case: ReviewCase, conflicted: bool, note: str = ""
) -> DeclarationResult:
    """The reviewer's own declaration. Declaring a conflict on an assigned case unassigns it."""
    permissions.can_declare(actor, case).enforce()
    if len(note) > 500:
        _refuse(_("At most 500 characters."), "note")
    case = _locked_case(case)
    if case.state in DECIDED:
        _refuse(_("This application has been decided; declarations are closed."))
    declaration, created = ConflictDeclaration.objects.update_or_create(
        case=case,
        reviewer=actor,
        defaults={"conflicted": conflicted, "note": note.strip(), "declared_at": timezone.now()},
    )
    summary = (
        _("%(name)s declared a conflict") if conflicted else _("%(name)s declared no conflict")
    ) % {"name": actor.display_name}
    _event(case.call, actor, "declaration", summary, case=case)
    unassigned = False
    if conflicted:
        active = Assignment.objects.filter(
            case=case, reviewer=actor, removed_at__isnull=True
        ).first()
        if active is not None:
            _remove(active, actor, _("Reviewer declared a conflict of interest"))
            unassigned = True
    return DeclarationResult(declaration, unassigned)
