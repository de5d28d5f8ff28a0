# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Solution catalog API: list and detail (public), validation (public), reuse declarations
(bearer token of an editor of the declaring organisation)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from stadtnetz.core.api_auth import token_auth
from stadtnetz.core.api_errors import ErrorOut, error, invalid
from stadtnetz.organisations.models import Organisation
from stadtnetz.publiccode import validate

from . import permissions, selectors, services
from .extract import http_url
from .models import Reuse, ReuseStatus

router = Router(tags=["solutions"])
MAX_VALIDATE_BYTES = 512 * 1024
FACET_PATTERN = r"^[^\x00-\x1f]{0,120}$"


class ResultOut(Schema):
    type: str
    key: str
    description: str
    description_de: str = ""
    line: int
    column: int


class ValidationOut(Schema):
    valid: bool = Field(description="true when there is no error (warnings are allowed)")
    version: str | None = Field(description="the declared publiccodeYmlVersion, if readable")
    results: list[ResultOut] = Field(description="errors and warnings, in document order")


class ReadinessPartOut(Schema):
    key: str
    points: int
    maximum: int
    detail: str


class ReuseOut(Schema):
    id: int
    solution_id: int
    organisation_id: int
    organisation: str
    status: str
    since: date
    note: str


class SolutionOut(Schema):
    id: int
    name: str
    repository_url: str
    aliases: list[str]
    publisher: str = Field(alias="publisher_name")
    organisation_id: int | None
    licence: str
    licence_osi: bool
    licence_fsf: bool
    licence_eupl_compatible: bool
    development_status: str
    software_type: str
    categories: list[str]
    platforms: list[str]
    maintenance_type: str
    countries: list[str]
    languages: list[str]
    short_description_de: str
    short_description_en: str
    landing_url: str
    logo_url: str
    valid: bool
    error_count: int
    warning_count: int
    readiness: int
    vitality: int | None
    crawl_state: str
    last_verified_at: str | None

    @staticmethod
    def resolve_last_verified_at(obj) -> str | None:
        return obj.last_verified_at.isoformat() if obj.last_verified_at else None

    # only http(s) addresses, also for entries stored before the check (issue 14 item 14)
    @staticmethod
    def resolve_landing_url(obj) -> str:
        return http_url(obj.landing_url)

    @staticmethod
    def resolve_logo_url(obj) -> str:
        return http_url(obj.logo_url)


class UsedByOut(Schema):
    text: str
    organisation_id: int | None
    confirmed: bool


class SolutionDetailOut(SolutionOut):
    @staticmethod
    def resolve_screenshot_urls(obj) -> list[str]:
        return [u for u in obj.screenshot_urls if http_url(u)]

    long_description_de: str
    long_description_en: str
    features: list[str]
    screenshot_urls: list[str]
    maintenance_contractors: list[dict]
    maintenance_contacts: list[dict]
    used_by: list[UsedByOut]
    validation_results: list[ResultOut]
    readiness_parts: list[ReadinessPartOut]
    reuses: list[ReuseOut]
    commits_12m: int | None
    authors_12m: int | None
    tag_count: int | None
    last_commit_at: str | None
    has_license_file: bool | None
    has_readme: bool | None
    has_contributing: bool | None
    has_security: bool | None
    reuse_compliant: bool | None
    publiccode: dict | None

    @staticmethod
    def resolve_reuses(obj) -> list[dict]:
        return [_reuse_out(r) for r in obj.current_reuses]

    @staticmethod
    def resolve_used_by(obj) -> list[dict]:
        return [
            {"text": u.text, "organisation_id": u.organisation.pk if u.organisation else None,
             "confirmed": u.confirmed is not None}
            for u in selectors.used_by(obj, obj.current_reuses)
        ]  # fmt: skip

    @staticmethod
    def resolve_last_commit_at(obj) -> str | None:
        return obj.last_commit_at.isoformat() if obj.last_commit_at else None


class SolutionPage(Schema):
    count: int
    page: int
    pages: int
    items: list[SolutionOut]


class SolutionQuery(Schema):
    search: str = Field("", max_length=200)
    category: str = Field("", pattern=FACET_PATTERN)
    scope: str = Field("", pattern=FACET_PATTERN)
    licence: str = Field("", pattern=FACET_PATTERN)
    status: str = Field("", pattern=FACET_PATTERN)
    maintenance: str = Field("", pattern=FACET_PATTERN)
    platform: str = Field("", pattern=FACET_PATTERN)
    type: str = Field("", pattern=FACET_PATTERN)
    country: str = Field("", pattern=FACET_PATTERN)
    validity: str = Field("", pattern="^(valid|invalid|none)?$")
    readiness: str = Field("", pattern="^(high|medium|low)?$")
    sort: str = Field("name", pattern="^(name|readiness|verified)$")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=200)


def _reuse_out(reuse: Reuse) -> dict:
    return {"id": reuse.pk, "solution_id": reuse.solution_id,
            "organisation_id": reuse.organisation_id, "organisation": reuse.organisation.name,
            "status": reuse.status, "since": reuse.since, "note": reuse.note}  # fmt: skip


@router.get("/solutions", response=SolutionPage, summary="List solutions (with facet filters)")
def list_solutions(request, filters: Query[SolutionQuery]):
    facets = {kind: getattr(filters, kind) for kind in selectors.FACET_KINDS}
    qs = selectors.solution_list(
        selectors.SolutionFilter(q=filters.search, facets=facets, sort=filters.sort)
    )
    paginator = Paginator(qs, filters.page_size)
    page = paginator.get_page(filters.page)
    return {"count": paginator.count, "page": page.number, "pages": paginator.num_pages,
            "items": list(page.object_list)}  # fmt: skip


@router.get(
    "/solutions/{solution_id}",
    response={200: SolutionDetailOut, 404: ErrorOut},
    summary="One solution",
)
def get_solution(request, solution_id: int):
    solution = selectors.solution_get(solution_id)
    if solution is None:
        raise Http404("No such solution.")
    return solution


@router.post(
    "/publiccode/validate",
    summary="Validate a publiccode.yml (request body = the YAML, at most 512 KB)",
    response={200: ValidationOut, 400: ErrorOut, 413: ErrorOut},
    description=(
        "The body is the text of the file, whatever it contains: a YAML syntax error or a "
        "document that is not a mapping is a result (`valid: false`, with line and column), not "
        "an error of the request. Send it as `text/plain` (any other content type, such as "
        "`application/yaml`, is read the same way). 400: an empty body."
    ),
    openapi_extra={"requestBody": {"required": True, "content": {
        "text/plain": {"schema": {"type": "string", "description": "the publiccode.yml"}}}}},
)  # fmt: skip
def validate_publiccode(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return error(400, "Invalid Content-Length.", parameter="Content-Length")
    if length > MAX_VALIDATE_BYTES:
        return error(413, f"The body is larger than {MAX_VALIDATE_BYTES} bytes.")
    body = request.read(MAX_VALIDATE_BYTES + 1)
    if len(body) > MAX_VALIDATE_BYTES:
        return error(413, f"The body is larger than {MAX_VALIDATE_BYTES} bytes.")
    if not body.strip():
        return error(400, "Send the publiccode.yml as the request body.", code="empty_body")
    result = validate(body, max_bytes=MAX_VALIDATE_BYTES)
    return Status(200, {"valid": result.valid, "version": result.version,
                        "results": result.to_list(german=True)})  # fmt: skip


class ReuseIn(Schema):
    organisation_id: int
    status: str = Field(pattern="^(production|piloting|dropped)$")
    since: date
    note: str = Field("", max_length=2000)
    contact_name: str = Field("", max_length=200)
    contact_email: str = Field("", max_length=254)


@router.get("/solutions/{solution_id}/reuses", response={200: list[ReuseOut], 404: ErrorOut},
            summary="Confirmed reuses of a solution")  # fmt: skip
def list_reuses(request, solution_id: int):
    solution = selectors.solution_get(solution_id)
    if solution is None:
        raise Http404("No such solution.")
    return [_reuse_out(r) for r in solution.current_reuses]  # type: ignore[attr-defined]


@router.post("/solutions/{solution_id}/reuses", response={201: ReuseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             auth=token_auth, summary="Declare that your organisation reuses a solution")  # fmt: skip
def declare_reuse(request, solution_id: int, payload: ReuseIn):
    solution = selectors.solution_get(solution_id)
    if solution is None:
        raise Http404("No such solution.")
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        return error(400, "Unknown organisation.", code="invalid", field="organisation_id")
    decision = permissions.can_declare_reuse(request.auth, organisation)
    if not decision:
        return error(403, str(decision.reason))
    try:
        reuse = services.reuse_declare(
            solution=solution, organisation=organisation, actor=request.auth,
            status=ReuseStatus(payload.status), since=payload.since, note=payload.note,
            contact_name=payload.contact_name, contact_email=payload.contact_email,
        )  # fmt: skip
    except ValidationError as problem:
        return invalid(problem)
    return Status(201, _reuse_out(reuse))


@router.delete("/reuses/{reuse_id}", response={204: None, 403: ErrorOut, 404: ErrorOut}, auth=token_auth,
               summary="Withdraw a reuse declaration")  # fmt: skip
def withdraw_reuse(request, reuse_id: int):
    reuse = Reuse.objects.select_related("organisation", "solution").filter(pk=reuse_id).first()
    if reuse is None or reuse.withdrawn_at is not None:
        raise Http404("No such reuse declaration.")
    decision = permissions.can_declare_reuse(request.auth, reuse.organisation)
    if not decision:
        return error(403, str(decision.reason))
    services.reuse_withdraw(reuse=reuse, actor=request.auth)
    return Status(204, None)
