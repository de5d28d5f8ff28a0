# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin
from django.urls import include, path

from stadtnetz.core import urls as core_urls
from stadtnetz.pages import urls as pages_urls
from stadtnetz.users.views import set_language

from .api import api

handler400 = "stadtnetz.core.views.bad_request"
handler403 = "stadtnetz.core.views.permission_denied"
handler404 = "stadtnetz.core.views.page_not_found"
handler500 = "stadtnetz.core.views.server_error"

urlpatterns = [
    # The front door (stadtnetz.pages) keeps its historic name core:home.
    path("", include((pages_urls.urlpatterns + core_urls.urlpatterns, "core"))),
    path("", include("stadtnetz.municipalities.urls")),
    path("", include("stadtnetz.organisations.urls")),
    path("konto/", include("stadtnetz.users.urls")),
    path("", include("stadtnetz.programmes.urls")),
    path("", include("stadtnetz.submissions.urls")),
    path("", include("stadtnetz.solutions.urls")),
    path("", include("stadtnetz.projects.urls")),
    path("", include("stadtnetz.assessments.urls")),
    path("", include("stadtnetz.search.urls")),
    path("", include("stadtnetz.reviews.urls")),
    path("", include("stadtnetz.grants.urls")),
    path("", include("stadtnetz.dashboard.urls")),
    path("", include("stadtnetz.notifications.urls")),
    path("sprache/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
