# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from . import views

app_name = "solutions"

urlpatterns = [
    path("loesungen/", views.solution_list, name="list"),
    path("loesungen/export.<str:fmt>", views.solution_export, name="export"),
    path("loesungen/<int:pk>/", views.solution_detail, name="detail"),
    path("loesungen/<int:pk>/publiccode.yml", views.solution_publiccode, name="publiccode"),
    path("loesungen/<int:pk>/nachnutzung/", views.reuse_declare, name="reuse_declare"),
    path(
        "loesungen/nachnutzung/<int:pk>/zurueckziehen/", views.reuse_withdraw, name="reuse_withdraw"
    ),  # fmt: skip
    path("loesungen/anbieter/<slug:slug>/", views.publisher_detail, name="publisher"),
    path(
        "loesungen/organisation/<slug:slug>/", views.organisation_reuses, name="organisation_reuses"
    ),  # fmt: skip
    path("loesungen/pruefen/", views.validate_page, name="validate"),
    path("loesungen/editor/", views.editor, name="editor"),
    path("loesungen/crawls/", views.crawl_status, name="crawl_status"),
    path("loesungen/crawls/<int:pk>/", views.crawl_detail, name="crawl_detail"),
    path("loesungen/ansprueche/<int:pk>/", views.claim_decide, name="claim_decide"),
]
