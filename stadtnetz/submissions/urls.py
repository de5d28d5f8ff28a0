# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from . import views, views_office

app_name = "submissions"

urlpatterns = [
    path("antraege/", views.application_list, name="application_list"),
    path("antraege/neu/<int:call_pk>/", views.application_create, name="application_create"),
    path("antraege/<int:pk>/", views.application_detail, name="application_detail"),
    path("antraege/<int:pk>/abschnitte/<slug:key>/", views.section_edit, name="section_edit"),
    path(
        "antraege/<int:pk>/abschnitte/<slug:key>/kommentare/", views.comment_add, name="comment_add"
    ),
    path(
        "antraege/<int:pk>/kommentare/<int:comment_pk>/erledigt/",
        views.comment_resolve,
        name="comment_resolve",
    ),
    path("antraege/<int:pk>/finanzplan/", views.budget, name="budget"),
    path(
        "antraege/<int:pk>/finanzplan/<int:line_pk>/aendern/",
        views.budget_line_edit,
        name="budget_line_edit",
    ),
    path(
        "antraege/<int:pk>/finanzplan/<int:line_pk>/loeschen/",
        views.budget_line_delete,
        name="budget_line_delete",
    ),
    path("antraege/<int:pk>/haushaltsnotlage/", views.hardship_request, name="hardship_request"),
    path("antraege/<int:pk>/beteiligte/", views.collaborators, name="collaborators"),
    path(
        "antraege/<int:pk>/beteiligte/<int:collaborator_pk>/widerrufen/",
        views.collaborator_revoke,
        name="collaborator_revoke",
    ),  # fmt: skip
    path("antraege/einladung/<str:token>/", views.collaborator_accept, name="collaborator_accept"),
    path("antraege/<int:pk>/anlagen/", views.attachments, name="attachments"),
    path(
        "antraege/<int:pk>/anlagen/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "antraege/<int:pk>/anlagen/<int:attachment_pk>/loeschen/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("antraege/<int:pk>/vorschau/", views.preview, name="preview"),
    path("antraege/<int:pk>/einreichen/", views.submit, name="submit"),
    path("antraege/<int:pk>/zurueckziehen/", views.withdraw, name="withdraw"),
    path("antraege/<int:pk>/eingangsbestaetigung/<int:version>/", views.receipt, name="receipt"),
    path(
        "antraege/<int:pk>/eingangsbestaetigung/<int:version>/pdf/",
        views.receipt_pdf,
        name="receipt_pdf",
    ),
    path("antraege/<int:pk>/verlauf/", views.history, name="history"),
    path("eingangsbestaetigung/pruefen/", views.verify, name="verify"),
    path("aufrufe/<int:call_pk>/antraege/", views_office.overview, name="office_overview"),
    path(
        "aufrufe/<int:call_pk>/haushaltsnotlagen/",
        views_office.hardship_requests,
        name="office_hardship",
    ),
    path(
        "aufrufe/<int:call_pk>/haushaltsnotlagen/<int:request_pk>/nachweis/",
        views_office.hardship_proof,
        name="office_hardship_proof",
    ),
    path(
        "aufrufe/<int:call_pk>/antraege/export.csv",
        views_office.export_csv,
        name="office_export_csv",
    ),
    path(
        "aufrufe/<int:call_pk>/antraege/export.xlsx",
        views_office.export_xlsx,
        name="office_export_xlsx",
    ),
]
