# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""URLs of the grant app: notice (composed in urls.py)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
