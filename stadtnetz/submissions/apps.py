# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "stadtnetz.submissions"
    label = "submissions"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from stadtnetz.notifications import registry
        from stadtnetz.programmes.signals import deadline_extended

        from . import reminders
        from .receivers import mail_drafts_about_extension

        registry.register_reminder_scan(reminders.call_closing_scan)
        registry.register_due_dates(reminders.draft_deadlines)
        deadline_extended.connect(
            mail_drafts_about_extension, dispatch_uid="submissions.mail_drafts_about_extension"
        )
