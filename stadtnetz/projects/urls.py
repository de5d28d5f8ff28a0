# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("modellprojekte/", views.project_list, name="list"),
    path("modellprojekte/karte/", views.project_map, name="map"),
    path("modellprojekte/daten/", views.data_page, name="data"),
    path("modellprojekte/daten/catalog.ttl", views.catalog_ttl, name="catalog_ttl"),
    path("modellprojekte/daten/datapackage.json", views.datapackage_json, name="datapackage"),
    path("modellprojekte/daten/<str:dataset>.<str:fmt>", views.download, name="download"),
    path("modellprojekte/<slug:slug>/", views.project_detail, name="detail"),
    path("modellprojekte/<slug:slug>/massnahmen/neu/", views.measure_create, name="measure_create"),
    path(
        "modellprojekte/<slug:slug>/lernbeispiele/neu/", views.lesson_create, name="lesson_create"
    ),
    path("wissen/", views.knowledge_overview, name="knowledge"),
    path("wissen/<slug:code>/", views.field_detail, name="field"),
    path("massnahmen/", views.measure_list, name="measures"),
    path("massnahmen/<str:pk>/", views.measure_detail, name="measure"),
    path("massnahmen/<str:pk>/bearbeiten/", views.measure_edit, name="measure_edit"),
    path("lernbeispiele/", views.lesson_list, name="lessons"),
    path("lernbeispiele/<str:pk>/", views.lesson_detail, name="lesson"),
    path("lernbeispiele/<str:pk>/bearbeiten/", views.lesson_edit, name="lesson_edit"),
    path("netzwerk/", views.network_page, name="network"),
    path("netzwerk/aehnliche/", views.peer_list, name="peers"),
    path("netzwerk/kanten.csv", views.network_edges_csv, name="network_csv"),
    path("netzwerk/netzwerk.graphml", views.network_graphml, name="network_graphml"),
]
