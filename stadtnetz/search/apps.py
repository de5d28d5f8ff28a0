# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "stadtnetz.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # The bulk_imported receiver; the content apps register their providers themselves.
        from . import signals  # noqa: F401
