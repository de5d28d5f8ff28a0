# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "stadtnetz.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        # The search finds this app's content through the providers it declares (search.py).
        from stadtnetz.search import registry

        from . import search

        for provider in search.PROVIDERS:
            registry.register(provider)
        registry.facet_labels_register("kind", search.kind_labels)
