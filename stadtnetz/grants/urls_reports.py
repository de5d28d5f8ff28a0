# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""URLs of the grant app: statements and change requests (composed in urls.py)."""

from django.urls import path

from . import views_reports as views

BASE = "modellprojekte/<slug:slug>/zuwendung"

urlpatterns = [
    path(f"{BASE}/nachweise/", views.report_list, name="report_list"),
    path(f"{BASE}/nachweise/<int:report_pk>/", views.report_detail, name="report_detail"),
    path(f"{BASE}/nachweise/<int:report_pk>/bearbeiten/", views.report_edit, name="report_edit"),
    path(f"{BASE}/nachweise/<int:report_pk>/pruefen/", views.report_review, name="report_review"),
    path(f"{BASE}/aenderungen/", views.change_list, name="change_list"),
    path(f"{BASE}/aenderungen/neu/", views.change_new, name="change_new"),
    path(f"{BASE}/aenderungen/<int:change_pk>/", views.change_detail, name="change_detail"),
    path(
        f"{BASE}/aenderungen/<int:change_pk>/entscheiden/",
        views.change_decide,
        name="change_decide",
    ),
    path(
        f"{BASE}/aenderungen/<int:change_pk>/zurueckziehen/",
        views.change_withdraw,
        name="change_withdraw",
    ),
]
