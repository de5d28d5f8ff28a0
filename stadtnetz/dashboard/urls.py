# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("mein-stadtnetz/", views.home, name="home"),
    path(
        "mein-stadtnetz/einladungen/<int:pk>/annehmen/",
        views.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "mein-stadtnetz/mitarbeit/<int:pk>/annehmen/",
        views.collaboration_accept,
        name="collaboration_accept",
    ),
]
