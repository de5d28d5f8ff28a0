# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The front door and the demo seeding: they read many domain apps, so they live above them
    and `core` stays the ground floor that imports no domain app."""

    name = "stadtnetz.pages"
    label = "pages"
