# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The subject and text of every event type, in English message ids (German in the .po files).

Each text is a ``%``-format string over the ``context`` that :func:`services.notify` receives,
plus ``due_on`` (the due date written out in the recipient's language). ``REQUIRED`` names the
context keys a caller must give; ``notify`` refuses a call without them, so a missing value
shows up in the caller's tests and never as a half-written message.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import EventType


@dataclass(frozen=True)
class EventText:
    subject: str | Promise
    body: str | Promise
    required: tuple[str, ...]


TEXTS: dict[str, EventText] = {
    EventType.REPORT_DUE_30: EventText(
        _("Due in 30 days: %(title)s"),
        _("%(title)s of the model project %(project)s is due on %(due_on)s."),
        ("title", "project"),
    ),
    EventType.REPORT_DUE_7: EventText(
        _("Due in 7 days: %(title)s"),
        _("%(title)s of the model project %(project)s is due on %(due_on)s, in a week at most."),
        ("title", "project"),
    ),
    EventType.REPORT_OVERDUE: EventText(
        _("Overdue: %(title)s"),
        _(
            "%(title)s of the model project %(project)s was due on %(due_on)s and has not been "
            "submitted yet. Please submit it as soon as you can."
        ),
        ("title", "project"),
    ),
    EventType.PAYMENT_SECOND_APPROVAL: EventText(
        _("Payment request awaits second approval: %(title)s"),
        _(
            "%(actor)s has checked the payment request %(title)s of the model project "
            "%(project)s. A second person of the programme office must now release it."
        ),
        ("title", "project", "actor"),
    ),
    EventType.CHANGE_REQUESTED: EventText(
        _("Changes requested: %(title)s"),
        _(
            "The programme office asks for changes to %(title)s of the model project "
            "%(project)s.\n\nReason: %(reason)s"
        ),
        ("title", "project", "reason"),
    ),
    EventType.CHANGE_REQUEST_DECIDED: EventText(
        _("Change request decided: %(title)s"),
        _(
            "The programme office has decided on the change request %(title)s of the model "
            "project %(project)s: %(decision)s.\n\nReason: %(reason)s"
        ),
        ("title", "project", "decision", "reason"),
    ),
    EventType.GRANT_NOTICE_ISSUED: EventText(
        _("Grant notice issued: %(project)s"),
        _(
            "The programme office has issued the grant notice for the model project %(project)s. "
            "You can read it and its conditions on the project's pages."
        ),
        ("project",),
    ),
    EventType.REVIEW_ASSIGNED: EventText(
        _("New application to review: %(title)s"),
        _(
            "You have been assigned the application “%(title)s” of the call %(call)s for review. "
            "Please declare any conflict of interest first, then write your review."
        ),
        ("title", "call"),
    ),
    EventType.CALL_CLOSING_SOON: EventText(
        _("Call closing soon: %(call)s"),
        _(
            "The call %(call)s closes on %(due_on)s. Your application “%(title)s” is still a "
            "draft: check and submit it before the deadline."
        ),
        ("title", "call"),
    ),
}

assert set(TEXTS) == set(EventType), "every event type needs its texts"  # noqa: S101
