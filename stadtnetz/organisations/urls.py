# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("organisationen/", views.organisation_list, name="list"),
    path("organisationen/neu/", views.organisation_create, name="create"),
    path("organisationen/uebernahmen/", views.claims, name="claims"),
    path("organisationen/anfragen/<int:pk>/", views.request_decide, name="request_decide"),
    path("organisationen/<slug:slug>/", views.organisation_detail, name="detail"),
    path("organisationen/<slug:slug>/bearbeiten/", views.organisation_edit, name="edit"),
    path("organisationen/<slug:slug>/beitreten/", views.organisation_join, name="join"),
    path("organisationen/<slug:slug>/domains/", views.official_domains, name="official_domains"),
    path("organisationen/<slug:slug>/mitglieder/", views.organisation_members, name="members"),
    path(
        "organisationen/<slug:slug>/mitglieder/<int:pk>/rolle/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "organisationen/<slug:slug>/mitglieder/<int:pk>/entfernen/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "organisationen/<slug:slug>/einladungen/<int:pk>/widerrufen/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("einladung/<str:token>/", views.invitation_accept, name="invitation"),
]
