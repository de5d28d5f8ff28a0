# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("reifegrad/", views.start, name="start"),
    path("reifegrad/check/", views.tryout, name="tryout"),
    path("reifegrad/check/ergebnis/", views.tryout_result, name="tryout_result"),
    path("reifegrad/check/massnahmenplan.md", views.tryout_plan_md, name="tryout_plan_md"),
    path("reifegrad/check/massnahmenplan.pdf", views.tryout_plan_pdf, name="tryout_plan_pdf"),
    path("reifegrad/check/speichern/", views.tryout_save, name="tryout_save"),
    path("reifegrad/statistik/", views.statistics_page, name="statistics"),
    path("reifegrad/statistik.csv", views.statistics_csv, name="statistics_csv"),
    path("reifegrad/rangliste/", views.ranking_page, name="ranking"),
    path(
        "reifegrad/organisationen/<slug:slug>/freigabe/",
        views.sharing_update,
        name="sharing",
    ),
    path(
        "reifegrad/organisationen/<slug:slug>/",
        views.organisation_assessments,
        name="organisation",
    ),
    path("reifegrad/organisationen/<slug:slug>/neu/", views.assessment_create, name="create"),
    path("reifegrad/bewertungen/<int:pk>/", views.assessment_detail, name="detail"),
    path("reifegrad/bewertungen/<int:pk>/schritt/<int:step>/", views.assessment_edit, name="edit"),
    path(
        "reifegrad/bewertungen/<int:pk>/abschliessen/",
        views.assessment_complete,
        name="complete",
    ),
    path("reifegrad/bewertungen/<int:pk>/massnahmenplan.md", views.plan_md, name="plan_md"),
    path("reifegrad/bewertungen/<int:pk>/nachweise/", views.evidence_documents, name="evidence"),
    path(
        "reifegrad/bewertungen/<int:pk>/nachweise/<int:document_pk>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path(
        "reifegrad/bewertungen/<int:pk>/nachweise/<int:document_pk>/entfernen/",
        views.evidence_delete,
        name="evidence_delete",
    ),
    path("reifegrad/bewertungen/<int:pk>/massnahmenplan.pdf", views.plan_pdf, name="plan_pdf"),
]
