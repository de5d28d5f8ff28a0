# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""What the applications app does when an app below it reports an event (connected in
SubmissionsConfig.ready)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.core.links import absolute_url
from stadtnetz.core.mail import send_after_commit
from stadtnetz.organisations.models import Membership, Role

from .models import Application, ApplicationStatus


def mail_drafts_about_extension(sender, *, call, record, **kwargs) -> None:
    """Every organisation with a draft (or withdrawn) application for the call learns the new
    deadline: its editors and administrators, one mail each, after the commit (issue 16 item 13).
    Receives `stadtnetz.programmes.signals.deadline_extended`."""
    drafts = Application.objects.filter(
        call=call, status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN]
    ).select_related("organisation")
    for application in drafts:
        recipients = sorted(set(filter(None, Membership.objects.filter(
            organisation=application.organisation, role__in=[Role.EDITOR, Role.ADMIN]
        ).values_list("user__email", flat=True))))  # fmt: skip
        if not recipients:
            continue
        body = render_to_string("programmes/email/deadline_extended.txt", {
            "call": call, "application": application, "record": record,
            "previous": timezone.localtime(record.previous_closes_at).strftime("%d.%m.%Y %H:%M"),
            "new": timezone.localtime(record.new_closes_at).strftime("%d.%m.%Y %H:%M"),
            "application_url": absolute_url(application.get_absolute_url()),
        })  # fmt: skip
        send_after_commit(subject=_("Deadline extended: %(call)s") % {"call": call.title}, message=body,
                          recipients=recipients, from_email=settings.DEFAULT_FROM_EMAIL)  # fmt: skip
