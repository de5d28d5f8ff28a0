# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from . import views

app_name = "municipalities"

urlpatterns = [
    path("kommunen/", views.municipality_list, name="list"),
    path("kommunen/daten/<slug:table>.<str:fmt>", views.registry_download, name="download"),
    path("kommunen/<str:ags>/", views.municipality_detail, name="detail"),
    path("kreise/<str:key>/", views.county_detail, name="county"),
    path("laender/", views.state_list, name="states"),
    path("laender/<str:code>/", views.state_detail, name="state"),
]
