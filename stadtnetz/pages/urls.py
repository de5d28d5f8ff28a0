# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The front door keeps its name `core:home`: config/urls.py mounts these patterns together with
core's in the `core` namespace, so every template and redirect that names it stays as it was."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
]
