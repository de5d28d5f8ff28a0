# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""URLs of the grant app: budget, open-source obligation, office dashboard (composed in
urls.py)."""

from django.urls import path

from . import views_budget

urlpatterns: list = [
    path("modellprojekte/<slug:slug>/zuwendung/budget/", views_budget.budget, name="budget"),
    path(
        "modellprojekte/<slug:slug>/zuwendung/budget.<str:fmt>",
        views_budget.budget_export,
        name="budget_export",
    ),
    path(
        "modellprojekte/<slug:slug>/zuwendung/open-source/",
        views_budget.obligation_overview,
        name="obligations",
    ),
    path(
        "modellprojekte/<slug:slug>/zuwendung/open-source/<int:measure_pk>/software/",
        views_budget.software_flag,
        name="software_flag",
    ),
    path(
        "modellprojekte/<slug:slug>/zuwendung/open-source/<int:measure_pk>/repository/",
        views_budget.measure_repository,
        name="measure_repository",
    ),
    path(
        "modellprojekte/<slug:slug>/zuwendung/open-source/<int:measure_pk>/ausnahme/",
        views_budget.obligation_exception,
        name="obligation_exception",
    ),
    path("zuwendungen/programmbuero/", views_budget.office, name="office"),
    path("zuwendungen/programmbuero.csv", views_budget.office_export, name="office_export"),
]
