# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "stadtnetz.assessments"
    label = "assessments"
    verbose_name = _("Maturity self-assessment")

    def ready(self) -> None:
        from stadtnetz.projects import peers

        from .selectors import public_maturity_of

        peers.maturity_source_set(public_maturity_of)
