# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from . import views, views_applicant

app_name = "reviews"

urlpatterns = [
    path("auswahl/aufrufe/<int:call_pk>/", views.call_review, name="call_review"),
    path(
        "auswahl/aufrufe/<int:call_pk>/einstellungen/",
        views.review_settings,
        name="review_settings",
    ),
    path("auswahl/aufrufe/<int:call_pk>/gutachterpool/", views.pool, name="pool"),
    path("auswahl/aufrufe/<int:call_pk>/zuordnung/", views.assignment, name="assignment"),
    path("auswahl/aufrufe/<int:call_pk>/rangliste/", views.ranking, name="ranking"),
    path("auswahl/aufrufe/<int:call_pk>/jury/", views.selection, name="selection"),
    path(
        "auswahl/aufrufe/<int:call_pk>/jury/laeufe/<int:run_pk>/",
        views.selection_run,
        name="selection_run",
    ),
    path("auswahl/aufrufe/<int:call_pk>/jury-protokoll.pdf", views.protocol, name="protocol"),
    path("auswahl/aufrufe/<int:call_pk>/statistik/", views.statistics, name="statistics"),
    path(
        "auswahl/aufrufe/<int:call_pk>/statistik.csv", views.statistics_csv, name="statistics_csv"
    ),
    path(
        "auswahl/aufrufe/<int:call_pk>/statistik.json",
        views.statistics_json,
        name="statistics_json",
    ),
    path("auswahl/antraege/<int:case_pk>/", views.case_detail, name="case_detail"),
    path("auswahl/antraege/<int:case_pk>/formalpruefung/", views.formal_check, name="formal_check"),
    path(
        "auswahl/antraege/<int:case_pk>/formalpruefung/nachforderung/",
        views.late_documents_request,
        name="late_documents_request",
    ),
    path(
        "auswahl/antraege/<int:case_pk>/antragsteller/",
        views_applicant.applicant_case,
        name="applicant_case",
    ),
    path(
        "auswahl/antraege/<int:case_pk>/nachreichen/<int:document_pk>/",
        views_applicant.late_document_upload,
        name="late_document_upload",
    ),
    path("auswahl/antraege/<int:case_pk>/befangenheit/", views.declare, name="declare"),
    path("auswahl/antraege/<int:case_pk>/gutachten/", views.review_start, name="review_start"),
    path(
        "auswahl/antraege/<int:case_pk>/abgleich/",
        views.reconciliation_message,
        name="reconciliation_message",
    ),
    path(
        "auswahl/antraege/<int:case_pk>/abgleich/ergebnis/",
        views.reconciliation_resolve,
        name="reconciliation_resolve",
    ),
    path("auswahl/antraege/<int:case_pk>/entscheidung/", views.decision, name="decision"),
    path(
        "auswahl/antraege/<int:case_pk>/bescheid.pdf", views.decision_letter, name="decision_letter"
    ),
    path("auswahl/gutachten/<int:review_pk>/", views.review_edit, name="review_edit"),
    path(
        "auswahl/gutachten/<int:review_pk>/wiedereroeffnen/",
        views.review_reopen,
        name="review_reopen",
    ),
]
