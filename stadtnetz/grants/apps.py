# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "stadtnetz.grants"
    label = "grants"
    verbose_name = _("Grants and project life")

    def ready(self) -> None:
        # Statements' reminders (report_due_30/7, report_overdue) and due dates in the
        # person's calendar feed, when the notifications app is installed.
        from .services import reports_notify

        reports_notify.register()
