# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The one NinjaAPI of Stadtnetz, versioned under /api/v1/."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError

from stadtnetz import __version__
from stadtnetz.assessments.api import router as assessments_router
from stadtnetz.municipalities.api import router as municipalities_router
from stadtnetz.organisations.api import router as organisations_router
from stadtnetz.programmes.api import router as programmes_router
from stadtnetz.projects.api import router as projects_router
from stadtnetz.reviews.api import router as reviews_router
from stadtnetz.search.api import router as search_router
from stadtnetz.solutions.api import router as solutions_router
from stadtnetz.submissions.api import router as submissions_router
from stadtnetz.users.api import router as users_router

api = NinjaAPI(
    title="Stadtnetz API",
    version="1",
    description=(
        f"Open API of Stadtnetz {__version__}: the German municipality registry, organisations "
        "and personal API tokens. Read endpoints need no authentication; send personal tokens as "
        "`Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": exc.errors}, status=422)


api.add_router("", municipalities_router)
api.add_router("", organisations_router)
api.add_router("", users_router)
api.add_router("", programmes_router)
api.add_router("", submissions_router)
api.add_router("", solutions_router)
api.add_router("", projects_router)
api.add_router("", assessments_router)
api.add_router("", search_router)
api.add_router("", reviews_router)
