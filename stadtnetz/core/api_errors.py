# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""One error shape for the whole API, and an OpenAPI document that lists every status.

Every error body of ``/api/v1/`` is an :class:`ErrorOut`: ``detail`` (for people, in the
request's language), ``code`` (stable, for programs), optionally ``field`` (the body field at
fault), ``parameter`` (the query or path parameter at fault) and ``errors`` (every field at fault
→ its message). A few errors add fields of their own (a stale version adds the current one), but
always on top of this shape. The exception handlers installed by :func:`install` give ninja's
own errors (404, 401, 422, …) the same shape; the request-limit middleware answers 413 and 429
with it too.

:func:`complete_responses` adds to the OpenAPI document the statuses that the shared machinery
can answer for an operation (401 and 403 for token-protected ones, 404 with a path parameter,
413, 422, 429), so each operation lists every status it can return.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import Field, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "invalid_input",
    429: "rate_limited",
}


class ErrorOut(Schema):
    """The body of every error answer of the API."""

    detail: str = Field(description="what went wrong, for people (in the request's language)")
    code: str = Field(description="stable code for programs, e.g. not_found, invalid_input")
    field: str | None = Field(None, description="the body field at fault (dotted path)")
    parameter: str | None = Field(None, description="the query or path parameter at fault")
    errors: dict[str, str] | None = Field(
        None, description="every field or parameter at fault → its message"
    )


class ApiError(Exception):
    """Raise anywhere below an API operation: answered as an :class:`ErrorOut`."""

    def __init__(self, status: int, detail: str, *, code: str | None = None, **extra: Any):
        super().__init__(detail)
        self.status, self.detail, self.code, self.extra = status, detail, code, extra


def error_body(status: int, detail: str, *, code: str | None = None, **extra: Any) -> dict:
    return {"detail": str(detail), "code": code or CODES.get(status, "error"), **extra}


def error(status: int, detail: str, *, code: str | None = None, **extra: Any) -> Status:
    """A ``Status`` to return from an operation; ``extra`` may be field, parameter, errors, …"""
    return Status(status, error_body(status, detail, code=code, **extra))


def validation_errors(exc: DjangoValidationError) -> dict[str, str]:
    """Field → message(s) of a Django ValidationError (non-field errors under ``__all__``)."""
    if hasattr(exc, "error_dict"):
        return {key: " ".join(messages) for key, messages in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: " ".join(exc.messages)}


def invalid(exc: DjangoValidationError, status: int = 400, *, code: str = "invalid") -> Status:
    """A Django ValidationError from a service as an error answer naming the first field."""
    errors = validation_errors(exc)
    first = next(iter(errors))
    return error(
        status,
        errors[first] if len(errors) == 1 else "; ".join(f"{k}: {v}" for k, v in errors.items()),
        code=code,
        field=None if first == NON_FIELD_ERRORS else first,
        errors=errors,
    )


def _ninja_validation(request, exc: NinjaValidationError, api):
    """ninja's 422 in the shared shape: the first problem as detail, the place named."""
    errors: dict[str, str] = {}
    parameter = field = None
    for problem in exc.errors:
        loc = [str(part) for part in problem.get("loc", ())]
        where, path = (loc[0], loc[1:]) if loc else ("body", [])
        if where == "body" and path and path[0] == "payload":
            path = path[1:]
        name = ".".join(path) or where
        errors.setdefault(name, str(problem.get("msg", "invalid")))
        if where in ("query", "path", "header", "cookie"):
            parameter = parameter or name
        else:
            field = field or name
    first = next(iter(errors), "body")
    detail = f"{first}: {errors[first]}" if errors else "The request is not valid."
    body = error_body(422, detail, parameter=parameter, field=field, errors=errors)
    return api.create_response(request, body, status=422)


def install(api) -> None:
    """Give every error of ``api`` the shared shape."""

    def not_found(request, exc):
        return api.create_response(request, error_body(404, str(exc) or "Not found."), status=404)

    def http_error(request, exc: HttpError):
        return api.create_response(
            request, error_body(exc.status_code, str(exc)), status=exc.status_code
        )

    def api_error(request, exc: ApiError):
        body = error_body(exc.status, exc.detail, code=exc.code, **exc.extra)
        return api.create_response(request, body, status=exc.status)

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(
        NinjaValidationError, lambda request, exc: _ninja_validation(request, exc, api)
    )


# What the shared machinery answers, and why (the description in the OpenAPI document).
DESCRIPTIONS = {
    400: "Bad request: the body or a value is not acceptable (the field is named).",
    401: "Not authenticated: no token, or the token is unknown, revoked or expired.",
    403: "Forbidden: the account may not do this, or the token may only read.",
    404: "Not found, or not visible to you.",
    409: "Conflict: the data changed since you read it; the current state is included.",
    413: "The request body is too large.",
    422: "A parameter or the body does not match this document (the place is named).",
    429: "Too many requests: wait the seconds given in the Retry-After header.",
}
GENERIC = {"Bad Request", "Unauthorized", "Forbidden", "Not Found", "Conflict", "Content Too Large",
           "Request Entity Too Large", "Unprocessable Entity", "Unprocessable Content",
           "Too Many Requests"}  # fmt: skip
REF = "#/components/schemas/ErrorOut"
READ_METHODS = ("get", "head")


def complete_responses(schema: dict, *, rate_limited_paths: set[str]) -> dict:
    """Add each status the shared machinery can answer to every operation of ``schema``."""
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            statuses: set[int] = {413}
            parameters = operation.get("parameters", [])
            if parameters or "requestBody" in operation:
                statuses.add(422)
            if "requestBody" in operation:
                statuses.add(400)  # a body that is not JSON at all: "Cannot parse request body"
            if any(p.get("in") == "path" for p in parameters):
                statuses.add(404)
            if operation.get("security"):
                statuses.add(401)
                if method not in READ_METHODS:
                    statuses.add(403)
            if method in READ_METHODS or path in rate_limited_paths:
                statuses.add(429)
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            for declared, answer in responses.items():
                # ninja describes declared statuses by their reason phrase only ("Not Found")
                if int(declared) in DESCRIPTIONS and answer.get("description") in GENERIC:
                    answer["description"] = DESCRIPTIONS[int(declared)]
            for status in sorted(statuses):
                responses.setdefault(
                    str(status),
                    {
                        "description": DESCRIPTIONS[status],
                        "content": {"application/json": {"schema": {"$ref": REF}}},
                    },
                )
            if "429" in responses:
                responses["429"]["headers"] = {
                    "Retry-After": {
                        "description": "seconds until the limit is lifted",
                        "schema": {"type": "integer", "minimum": 1},
                    }
                }
            operation["responses"] = dict(sorted(responses.items()))  # status codes as strings
    return schema
