# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("suche/", views.search_page, name="search"),
]
