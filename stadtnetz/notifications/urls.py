# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("benachrichtigungen/", views.notification_list, name="list"),
    path("benachrichtigungen/<int:pk>/gelesen/", views.mark_read, name="mark_read"),
    path("benachrichtigungen/alle-gelesen/", views.mark_all_read, name="mark_all_read"),
    path("benachrichtigungen/einstellungen/", views.preferences, name="preferences"),
    path("benachrichtigungen/kalender/", views.calendar, name="calendar"),
    path("benachrichtigungen/kalender/neu/", views.calendar_create, name="calendar_create"),
    path("benachrichtigungen/kalender/widerrufen/", views.calendar_revoke, name="calendar_revoke"),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
]
