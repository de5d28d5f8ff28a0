# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("programme/", views.programme_list, name="programme_list"),
    path("programme/neu/", views.programme_create, name="programme_create"),
    path("programme/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("programme/<slug:slug>/aufrufe/neu/", views.call_create, name="call_create"),
    path("aufrufe/", views.call_list, name="call_list"),
    path("aufrufe/<int:pk>/", views.call_detail, name="call_detail"),
    path("aufrufe/<int:pk>/bearbeiten/", views.call_edit, name="call_edit"),
    path("aufrufe/<int:pk>/frist-verlaengern/", views.call_extend, name="call_extend"),
    path("aufrufe/<int:pk>/formular/", views.call_form_edit, name="call_form_edit"),
    path("aufrufe/<int:pk>/kriterien/", views.call_criteria_edit, name="call_criteria_edit"),
    path("calls.ics", views.call_calendar, name="call_calendar"),
]
