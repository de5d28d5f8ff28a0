# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""URLs of the grant app: notice, strategy, work plan (composed in urls.py)."""

from django.urls import path

from . import views_notice as views

P = "modellprojekte/<slug:slug>/zuwendung/"

urlpatterns: list = [
    path("auswahl/antraege/<int:case_pk>/zuwendungsbescheid/", views.notice_create,
         name="notice_create"),
    path(P, views.grant, name="grant"),
    path(P + "bescheid.pdf", views.notice_pdf, name="notice_pdf"),
    path(P + "finanzierungsplan/<int:number>/", views.plan_version, name="plan_version"),
    path(P + "strategie/", views.strategy, name="strategy"),
    path(P + "strategie/<int:pk>/datei/", views.strategy_file, name="strategy_file"),
    path(P + "strategie/<int:pk>/entscheidung/", views.strategy_decide, name="strategy_decide"),
    path(P + "arbeitsplan/", views.milestones, name="milestones"),
    path(P + "arbeitsplan/<int:pk>/", views.milestone_edit, name="milestone_edit"),
]  # fmt: skip
