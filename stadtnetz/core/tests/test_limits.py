# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Issue 14, items 11 and 12: oversized JSON bodies get 413, costly anonymous endpoints 429."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

BIG = json.dumps({"username": "x", "password": "y", "name": "z" * (3 * 1024 * 1024)})

POSTS = [
    "/api/v1/auth/token",
    "/api/v1/assessments/evaluate",
    "/api/v1/publiccode/validate",
    "/api/v1/submissions",
    "/api/v1/solutions/1/reuses",
    "/api/v1/submissions/1/budget-lines",
    "/api/v1/submissions/1/submit",
]


@pytest.mark.parametrize("path", POSTS)
def test_json_bodies_over_the_limit_get_413_in_json(client, db, path, settings):
    settings.DEBUG = False
    response = client.post(path, BIG, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "payload_too_large"
    assert "KB" in body["detail"]


def test_put_bodies_over_the_limit_get_413(client, db):
    response = client.put(
        "/api/v1/submissions/1/sections/strategie", BIG, content_type="application/json"
    )
    assert response.status_code == 413


def test_a_chunked_body_is_measured_while_read(client, db, settings):
    # Without Content-Length Django only notices while reading; the answer is still JSON 413.
    response = client.generic(
        "POST", "/api/v1/auth/token", BIG.encode(), content_type="application/json",
        CONTENT_LENGTH="",
    )  # fmt: skip
    assert response.status_code in (400, 401, 413, 422)
    assert response["Content-Type"].startswith("application/json")


def _limited(settings, scope, hits):
    settings.STADTNETZ_RATE_LIMITS = {**settings.STADTNETZ_RATE_LIMITS, scope: (hits, 60)}


def test_publiccode_validation_is_rate_limited_with_retry_after(client, db, settings):
    _limited(settings, "validate", 2)
    for _ in range(2):
        ok = client.post("/api/v1/publiccode/validate", "name: x\n", content_type="text/plain")
        assert ok.status_code != 429
    limited = client.post("/api/v1/publiccode/validate", "name: x\n", content_type="text/plain")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["code"] == "rate_limited"


def test_validator_page_is_rate_limited(client, db, settings):
    _limited(settings, "validate", 1)
    assert client.get(reverse("solutions:validate")).status_code == 200
    limited = client.get(reverse("solutions:validate"))
    assert limited.status_code == 429
    assert "Retry-After" in limited
    assert "Zu viele Anfragen" in limited.content.decode()


def test_search_is_rate_limited_on_page_and_api(client, db, settings):
    _limited(settings, "search", 1)
    assert client.get(reverse("search:search"), {"q": "Sensor"}).status_code == 200
    assert client.get(reverse("search:search"), {"q": "Sensor"}).status_code == 429
    assert client.get("/api/v1/search", {"q": "Sensor"}).status_code == 429


def test_anonymous_api_reads_are_rate_limited_but_token_reads_are_not(client, make_user, settings):
    from stadtnetz.users.services import api_token_create

    _limited(settings, "api_read", 2)
    for _ in range(2):
        assert client.get("/api/v1/calls").status_code == 200
    limited = client.get("/api/v1/calls")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    secret = api_token_create(user=make_user("leser"), name="x").secret
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_receipt_verification_is_rate_limited(client, db, settings):
    _limited(settings, "verify", 1)
    data = {"sha256": "a" * 64}
    assert client.post(reverse("submissions:verify"), data).status_code == 200
    limited = client.post(reverse("submissions:verify"), data)
    assert limited.status_code == 429
    assert "Retry-After" in limited


def test_receipt_verification_refuses_a_body_larger_than_a_receipt(client, db, settings):
    settings.STADTNETZ_ATTACHMENT_MAX_BYTES = 1000
    response = client.generic(
        "POST", reverse("submissions:verify"), b"x" * 200_000,
        content_type="multipart/form-data; boundary=x",
    )  # fmt: skip
    assert response.status_code == 413
