# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""What every service shares: the refusal type, the audit log, the one writer of a case's
state, locking, applicant mail and unassigning."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.core.links import absolute_url
from stadtnetz.organisations.models import Membership, Role

from .. import workflow
from ..models import (
    Assignment,
    AuditEvent,
    Review,
    ReviewCase,
    ReviewStatus,
    Transition,
)


class ReviewError(ValidationError):
    """A refused write; ``message_dict`` maps fields (or "__all__") to messages."""


def _refuse(message: str, field: str = "__all__"):
    raise ReviewError({field: [message]})


DEFAULT_CHECKLIST = [
    "Antragsteller ist eine förderfähige Art von Organisation",
    "Ratsbeschluss liegt bei (oder wird im Nachreichfenster nachgereicht)",
    "Beantragte Förderung liegt innerhalb der Höchstbeträge je Phase",
    "Nur ein Antrag je Antragsteller",
    "Fristgerecht eingereicht",
]
DEFAULT_ANCHORS = [
    "0 – nicht erkennbar",
    "1 – schwach",
    "2 – mit deutlichen Lücken",
    "3 – solide",
    "4 – gut",
    "5 – herausragend",
]


def _event(call, actor, kind: str, summary: str, case=None) -> None:
    AuditEvent.objects.create(call=call, case=case, actor=actor, kind=kind, summary=summary[:1000])


# --- transitions ---------------------------------------------------------------------------------


def case_transition(*, case: ReviewCase, action: str, actor, reason: str = "") -> ReviewCase:
    """The only writer of ``ReviewCase.state``: checks the workflow table, appends a record."""
    if not workflow.allowed(case.state, action):
        _refuse(
            _("This step is not possible in the state “%(state)s”.")
            % {"state": case.get_state_display()}
        )
    previous = case.state
    case.state = workflow.target(previous, action)
    case.state_reason = reason
    case.save(update_fields=["state", "state_reason", "updated_at"])
    Transition.objects.create(
        case=case, from_state=previous, to_state=case.state, actor=actor, reason=reason
    )
    return case


def _locked_case(case: ReviewCase) -> ReviewCase:
    return (
        ReviewCase.objects.select_for_update().select_related("application", "call").get(pk=case.pk)
    )


def _editor_emails(organisation) -> list[str]:
    emails = Membership.objects.filter(
        organisation=organisation, role__in=[Role.EDITOR, Role.ADMIN]
    ).values_list("user__email", flat=True)
    return sorted(set(filter(None, emails)))


def _mail_applicant(case: ReviewCase, template: str, subject: str, **context) -> None:
    recipients = _editor_emails(case.application.organisation)
    if not recipients:
        return
    body = render_to_string(template, {"case": case, "application": case.application,
                                       "site_url": absolute_url(), **context})  # fmt: skip
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def _remove(assignment: Assignment, actor, reason: str) -> None:
    assignment.removed_at = timezone.now()
    assignment.removed_by = actor
    assignment.removed_reason = reason[:500]
    assignment.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    Review.objects.filter(
        case=assignment.case, reviewer=assignment.reviewer, status=ReviewStatus.DRAFT
    ).delete()
    _event(assignment.case.call, actor, "unassign", _("%(name)s unassigned from “%(title)s”: %(reason)s") % {
        "name": assignment.reviewer.display_name, "title": assignment.case.application.title, "reason": reason},
        case=assignment.case)  # fmt: skip
