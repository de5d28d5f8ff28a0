# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""What "Mein Stadtnetz" shows one person: a constant number of queries, whatever they hold.

This app only reads: it sits on top of the domain apps and uses their selectors and models.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stadtnetz.assessments.models import Assessment
from stadtnetz.core.permissions import is_programme_office, is_reviewer
from stadtnetz.organisations.models import Invitation, Role
from stadtnetz.organisations.selectors import (
    memberships_for_user,
    pending_claim_count,
    requests_of,
    requests_to_decide_for,
)
from stadtnetz.programmes.models import Call
from stadtnetz.reviews.models import DECIDED, PoolMember
from stadtnetz.submissions.models import Application, ApplicationStatus, Collaborator
from stadtnetz.submissions.selectors import applications_for_user

ASSESSMENTS_SHOWN = 10
CALLS_SHOWN = 20


@dataclass
class Action:
    label: str
    url: str
    note: str = ""


@dataclass
class ApplicationRow:
    application: Application
    state_label: str
    action: Action | None


@dataclass
class Dashboard:
    memberships: list = field(default_factory=list)
    drafts: list[ApplicationRow] = field(default_factory=list)
    submitted: list[ApplicationRow] = field(default_factory=list)
    decided: list[ApplicationRow] = field(default_factory=list)
    organisation_invitations: list = field(default_factory=list)
    collaborator_invitations: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    office_calls: list = field(default_factory=list)
    is_office: bool = False  # the grants office dashboard is linked (grants:office)
    review_pools: list = field(default_factory=list)
    requests_to_decide: list = field(default_factory=list)
    pending_claims: int = 0
    my_requests: list = field(default_factory=list)

    @property
    def application_count(self) -> int:
        return len(self.drafts) + len(self.submitted) + len(self.decided)


def _short_date(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


def _row(application: Application, roles: dict[int, str], now) -> tuple[str, ApplicationRow]:
    """Which group an application belongs to and what its reader does next."""
    call = application.call
    writes = Role.rank(roles.get(application.organisation_id, "")) >= Role.rank(Role.EDITOR)
    case = getattr(application, "review_case", None)
    deadline = _short_date(call.closes_at)
    if case is not None and case.state in DECIDED:
        url = (
            reverse("reviews:applicant_case", args=[case.pk])
            if writes
            else application.get_absolute_url()
        )
        action = Action(_("See the decision"), url)
        return "decided", ApplicationRow(application, case.get_state_display(), action)
    if application.status == ApplicationStatus.SUBMITTED:
        if case is not None and writes:
            action = Action(
                _("See the state of the review"),
                reverse("reviews:applicant_case", args=[case.pk]),
            )
            label = case.get_state_display()
        else:
            action = Action(_("See the receipt"), application.get_absolute_url())
            label = application.get_status_display()
        return "submitted", ApplicationRow(application, label, action)
    # drafts and withdrawn applications can still be (re)submitted while the call is open
    if now > call.closes_at:
        action = Action(_("View application"), application.get_absolute_url(),
                        _("The deadline has passed."))  # fmt: skip
    elif application.status == ApplicationStatus.WITHDRAWN:
        action = Action(_("Submit again"), application.get_absolute_url(),
                        _("Submit by %(date)s") % {"date": deadline})  # fmt: skip
    else:
        action = Action(_("Complete the application"), application.get_absolute_url(),
                        _("Submit by %(date)s") % {"date": deadline})  # fmt: skip
    return "drafts", ApplicationRow(application, application.get_status_display(), action)


def dashboard_for(user) -> Dashboard:
    """Everything on the start page of one signed-in person."""
    now = timezone.now()
    board = Dashboard()
    board.memberships = list(memberships_for_user(user))
    roles = {m.organisation_id: m.role for m in board.memberships}
    # prime the per-request role cache of organisations.permissions: no query per organisation
    user.__dict__.setdefault("_organisation_roles", {}).update(roles)

    applications = (
        applications_for_user(user).select_related("review_case").order_by("call__closes_at", "pk")
    )
    for application in applications:
        group, row = _row(application, roles, now)
        getattr(board, group).append(row)

    if user.email_verified:
        board.organisation_invitations = list(
            Invitation.objects.filter(
                email__iexact=user.email, accepted_at__isnull=True, revoked_at__isnull=True,
                expires_at__gt=now,
            )
            .exclude(organisation_id__in=roles)
            .select_related("organisation", "invited_by")
            .order_by("expires_at")
        )  # fmt: skip
        board.collaborator_invitations = list(
            Collaborator.objects.filter(
                email__iexact=user.email, user__isnull=True, accepted_at__isnull=True,
                revoked_at__isnull=True, expires_at__gt=now,
            )
            .select_related("application__organisation", "application__call", "invited_by")
            .order_by("expires_at")
        )  # fmt: skip

    board.assessments = list(
        Assessment.objects.filter(organisation_id__in=roles)
        .select_related("organisation")
        .order_by("-assessed_on", "-pk")[:ASSESSMENTS_SHOWN]
    )

    board.my_requests = requests_of(user)
    if any(m.role == Role.ADMIN for m in board.memberships):
        board.requests_to_decide = requests_to_decide_for(user)
    if is_programme_office(user):
        board.is_office = True
        board.pending_claims = pending_claim_count()
        board.office_calls = list(
            Call.objects.select_related("programme")
            .annotate(
                submitted_count=Count(
                    "applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)
                ),
                draft_count=Count(
                    "applications", filter=Q(applications__status=ApplicationStatus.DRAFT)
                ),
            )
            .order_by("-closes_at", "pk")[:CALLS_SHOWN]
        )
    if is_reviewer(user):
        board.review_pools = list(
            PoolMember.objects.filter(reviewer=user)
            .select_related("call")
            .order_by("-call__closes_at")
        )
    return board
