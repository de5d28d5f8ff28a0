# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The one NinjaAPI of Stadtnetz, versioned under /api/v1/."""

from ninja import NinjaAPI

from stadtnetz import __version__
from stadtnetz.assessments.api import router as assessments_router
from stadtnetz.core import api_errors, links
from stadtnetz.core.limits import COSTLY_API
from stadtnetz.grants.api import router as grants_router
from stadtnetz.municipalities.api import router as municipalities_router
from stadtnetz.notifications.api import router as notifications_router
from stadtnetz.organisations.api import router as organisations_router
from stadtnetz.programmes.api import router as programmes_router
from stadtnetz.projects.api import router as projects_router
from stadtnetz.reviews.api import router as reviews_router
from stadtnetz.search.api import router as search_router
from stadtnetz.solutions.api import router as solutions_router
from stadtnetz.submissions.api import router as submissions_router
from stadtnetz.users.api import router as users_router

DESCRIPTION = f"""\
The open API of Stadtnetz {__version__}, the platform of a smart-city funding programme: from the
municipality registry and the calls for applications through applications, review and selection
to the knowledge the funded municipalities share.

- **Registry** (`/states`, `/counties`, `/municipalities`): the German states, counties and
  municipalities with their official keys (AGS), population and size class.
- **Organisations** (`/organisations`): municipalities, counties and cooperations that take part.
- **Calls** (`/calls`): open, upcoming and closed calls with deadlines, rates, form sections and
  criteria.
- **Applications** (`/submissions`): start an application, write its details, sections and
  budget, check it for completeness and submit it; the receipt and PDF of the submission.
  Everything the application pages can write can be written here.
- **Review and selection** (`/calls/{{id}}/…`, `/reviews`, `/applications/{{id}}/conflict-declaration`,
  `/selection/solve`): conflicts of interest, reviewer assignment, reviews, the ranking and the
  exact selection optimiser, for reviewers and the programme office.
- **Knowledge** (`/model-projects`, `/measures`, `/lessons`, `/municipalities/{{ags}}/peers`): the
  model projects, what they did and learnt, and the projects most similar to a municipality.
- **Solutions** (`/solutions`, `/publiccode/validate`): the catalogue of open-source solutions
  with their reuse-readiness, declared reuses, and a validator for publiccode.yml files.
- **Maturity** (`/assessments/…`): the maturity questionnaire, a stateless evaluation, saved
  assessments of an organisation and peer-group statistics.
- **Search** (`/search`): one search over all of the above.
- **Account** (`/auth/token`, `/auth/tokens`, `/me`): personal API tokens.
- **Notifications** (`/notifications`): your notifications (unread first), marking them read,
  and the address of your private calendar feed of due dates.

**Authentication.** Reads of public data need none. Everything else takes a personal token sent
as `Authorization: Bearer <token>`; issue one with `POST /auth/token` or in your profile. Tokens
expire, and a `read` token may only use GET and HEAD.

**Errors** always have one shape, `ErrorOut`: `detail` for people (German; English with the
language cookie or, where offered, `lang=en`), `code` for programs, and where it helps `field` or
`parameter` naming the place at fault. Each operation lists every status it can answer.

**Limits.** Bodies over the documented size get 413; anonymous reads and the costly endpoints
(validation, search) are rate-limited per address and answer 429 with `Retry-After`.
`HEAD` is accepted wherever `GET` is.
"""


class StadtnetzAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["servers"] = [{"url": links.site_url(), "description": "this installation"}]
        return api_errors.complete_responses(schema, rate_limited_paths=set(COSTLY_API))


api = StadtnetzAPI(
    title="Stadtnetz API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
)
api_errors.install(api)

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
api.add_router("", grants_router)
api.add_router("", notifications_router)
