# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The API contract tells the truth: unique schema names, every status listed, one error shape,
real response schemas, HEAD wherever GET, a description of the whole API and its server."""

from __future__ import annotations

import json
import typing
from collections import defaultdict

import pytest
from pydantic import BaseModel

from config.api import api
from stadtnetz.core.api_errors import ErrorOut
from stadtnetz.users.services import api_token_create

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"detail", "code", "field", "parameter", "errors"}


def _models(annotation, seen: set) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, seen)
        return
    for argument in typing.get_args(annotation):
        _models(argument, seen)


def _operations():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def test_every_schema_class_of_the_api_has_its_own_component_name():
    """Two classes of one name collapse into one OpenAPI component (which of the two is
    documented depends on import order): GET /calls/{id} was documented with the application's
    sections. Walk every model an operation uses and require one class per name."""
    seen: set = set()
    for operation in _operations():
        for model in operation.response_models.values():
            if isinstance(model, type) and issubclass(model, BaseModel):
                _models(model, seen)
        for model in operation.models:
            _models(model, seen)
    by_name: dict[str, set] = defaultdict(set)
    for model in seen:
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: sorted(owners) for name, owners in by_name.items() if len(owners) > 1}
    assert not clashes
    assert len(seen) > 60  # the walk really reached the schemas


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def _resolve(document, schema):
    ref = schema.get("$ref", "")
    return document["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema


def test_every_operation_lists_every_status_it_can_answer(document):
    checked = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            statuses = set(operation["responses"])
            assert "413" in statuses, where
            if operation.get("parameters") or "requestBody" in operation:
                assert "422" in statuses, where
            if any(p["in"] == "path" for p in operation.get("parameters", [])):
                assert "404" in statuses, where
            if operation.get("security"):
                assert "401" in statuses, where
                if method != "get":
                    assert "403" in statuses, where
            if method == "get":
                assert "429" in statuses, where
                assert "Retry-After" in operation["responses"]["429"]["headers"], where
            for status, answer in operation["responses"].items():
                if not status.startswith("4"):
                    continue
                schema = _resolve(document, answer["content"]["application/json"]["schema"])
                assert {"detail", "code"} <= set(schema["required"]), (where, status)
                assert answer["description"] not in ("Not Found", "Bad Request"), (where, status)
                checked += 1
    assert checked > 200
    assert "409" in document["paths"]["/api/v1/submissions/{application_id}/sections/{key}"]["put"]["responses"]  # fmt: skip
    assert "409" in document["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert "429" in document["paths"]["/api/v1/publiccode/validate"]["post"]["responses"]


def test_validation_and_maturity_answers_have_real_schemas(document):
    """Not "any object": each names its fields."""
    for path, method, status in [
        ("/api/v1/publiccode/validate", "post", "200"),
        ("/api/v1/assessments/questionnaire", "get", "200"),
        ("/api/v1/assessments/evaluate", "post", "200"),
        ("/api/v1/assessments/statistics", "get", "200"),
        ("/api/v1/assessments/organisations/{organisation_id}", "post", "201"),
        ("/api/v1/assessments/organisations/{organisation_id}", "get", "200"),
    ]:
        schema = document["paths"][path][method]["responses"][status]["content"]
        schema = schema["application/json"]["schema"]
        schema = _resolve(document, schema.get("items", schema))
        assert schema.get("properties"), (path, method)
    evaluation = document["components"]["schemas"]["EvaluationOut"]["properties"]
    assert {"overall", "dimensions", "next_steps", "flags"} <= set(evaluation)
    assert "from" in document["components"]["schemas"]["NextStepOut"]["properties"]


def test_description_covers_the_whole_api_and_servers_follow_the_site_url(client, settings):
    settings.SITE_URL = "https://foerderung.example.org"
    document = client.get("/api/v1/openapi.json").json()
    assert document["servers"][0]["url"] == "https://foerderung.example.org"
    description = document["info"]["description"]
    tags = {tag for ops in document["paths"].values() for op in ops.values() for tag in op["tags"]}
    assert len(tags) >= 10
    for words in ["registry", "Organisations", "Calls", "Applications", "Review", "Knowledge",
                  "Solutions", "Maturity", "Search", "token", "ErrorOut", "HEAD", "429"]:  # fmt: skip
        assert words in description, words


def test_maturity_answers_match_their_schemas(client):
    """The declared schemas are the ones sent (ninja validates every answer against them)."""
    questionnaire = client.get("/api/v1/assessments/questionnaire").json()
    answers = {q["id"]: "F" for d in questionnaire["dimensions"] for q in d["questions"]}
    result = client.post(
        "/api/v1/assessments/evaluate", {"answers": answers}, content_type="application/json"
    )
    assert result.status_code == 200
    step = result.json()["next_steps"][0]
    assert step["from"] == "F" and "from_" not in step
    stats = client.get("/api/v1/assessments/statistics").json()
    assert stats["shown"] is False and "dimensions" not in stats


def test_head_is_answered_wherever_get_is(client, document, make_user):
    token = api_token_create(user=make_user("head"), name="t").secret
    bearer = {"Authorization": f"Bearer {token}"}
    count = 0
    for path, operations in document["paths"].items():
        if "get" not in operations or "{" in path or path.endswith("openapi.json"):
            continue
        headers = bearer if operations["get"].get("security") else {}
        get = client.get(path, headers=headers)
        head = client.head(path, headers=headers)
        assert head.status_code == get.status_code, path
        assert head.content == b"" and int(head["Content-Length"]) == len(get.content), path
        count += 1
    assert count >= 12
    assert client.head("/api/v1/organisations/999999").status_code == 404
    assert client.head("/api/v1/municipalities/05122000").status_code == 200
    assert client.head("/api/v1/me").status_code == 401


def _error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) <= ERROR_KEYS, body
    ErrorOut.model_validate(body)
    assert body["detail"].strip() and body["code"].strip()
    if code:
        assert body["code"] == code, body
    return body


def test_every_error_status_has_the_one_shape(client, make_user, settings, password):
    user = make_user("shape")
    read = {"Authorization": f"Bearer {api_token_create(user=user, name='r', scope='read').secret}"}
    # 400: a refused value, the parameter named
    body = _error_shape(client.get("/api/v1/search", {"q": "x"}), 400)
    assert body["parameter"] == "q"
    # 401: no token, and an unknown one
    _error_shape(client.get("/api/v1/me"), 401, "not_authenticated")
    _error_shape(client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}), 401)
    # 403: a read-only token writes
    _error_shape(client.delete("/api/v1/auth/tokens/1", headers=read), 403, "forbidden")
    # 404: get-by-id of nothing, in ninja's path and in the app's own lookups
    _error_shape(client.get("/api/v1/organisations/999999"), 404, "not_found")
    _error_shape(client.get("/api/v1/solutions/999999"), 404, "not_found")
    _error_shape(client.get("/api/v1/submissions/999999", headers=read), 404, "not_found")
    # 409: one token too many
    settings.API_TOKEN_MAX_PER_USER = 1
    issued = client.post(
        "/api/v1/auth/token",
        {"username": "shape", "password": password},
        content_type="application/json",
    )
    _error_shape(issued, 409, "conflict")
    # 413: a body over the limit, from the middleware and from an endpoint's own limit
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = json.dumps({"answers": {}, "evidence": {"S1": {"document": "x" * 2000}}})
    _error_shape(
        client.post("/api/v1/assessments/evaluate", big, content_type="application/json"),
        413,
        "payload_too_large",
    )
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000_000
    _error_shape(
        client.post("/api/v1/assessments/evaluate", big * 40, content_type="application/json"),
        413,
        "payload_too_large",
    )
    # 422: a query parameter and a body field that do not match the document, each named
    body = _error_shape(client.get("/api/v1/municipalities", {"page": "zero"}), 422)
    assert body["code"] == "invalid_input" and body["parameter"] == "page"
    body = _error_shape(
        client.post("/api/v1/auth/token", {"username": "x"}, content_type="application/json"),
        422,
    )
    assert body["field"] == "password" and "password" in body["errors"]
    # 429: the anonymous read limit, with Retry-After
    settings.STADTNETZ_RATE_LIMITS = {**settings.STADTNETZ_RATE_LIMITS, "api_read": (1, 60)}
    client.get("/api/v1/states")
    limited = client.get("/api/v1/states")
    _error_shape(limited, 429, "rate_limited")
    assert int(limited["Retry-After"]) >= 1
