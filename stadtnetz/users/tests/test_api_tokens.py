# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Personal API tokens: issue, use, list, revoke (API and profile page), limits, bad input."""

from __future__ import annotations

import hashlib
import json

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from stadtnetz.users import services
from stadtnetz.users.models import ApiToken

TOKEN_URL = "/api/v1/auth/token"
TOKENS_URL = "/api/v1/auth/tokens"
ME_URL = "/api/v1/me"
PASSWORD = "Sicheres-Passwort-2026"


def issue(client, username, password, **extra):
    body = {"username": username, "password": password, **extra}
    return client.post(TOKEN_URL, body, content_type="application/json")


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def alice(make_user):
    return make_user("alice", first_name="Alice")


def test_issue_token_returns_201_with_secret_and_stores_only_its_hash(client, alice, password):
    response = issue(client, "alice", password, name="Import-Skript")

    assert response.status_code == 201
    body = response.json()
    secret = body["token"]
    assert secret.startswith("snt_")
    assert len(secret) > 30
    assert body["token_type"] == "Bearer"
    assert body["name"] == "Import-Skript"
    token = ApiToken.objects.get(pk=body["id"])
    assert token.user == alice
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) < len(secret)
    stored = json.dumps(list(ApiToken.objects.values()), default=str)
    assert secret not in stored
    assert secret[4:] not in stored


def test_wrong_password_is_401_and_creates_no_token(client, alice):
    response = issue(client, "alice", "falsch-falsch")
    assert response.status_code == 401
    assert response.json()["detail"] == "Benutzername oder Passwort ist nicht korrekt."
    unknown = issue(client, "nobody", "falsch-falsch")
    assert unknown.status_code == 401
    assert not ApiToken.objects.exists()


def test_unverified_account_gets_403(client, make_user, password):
    make_user("ben", verified=False)
    response = issue(client, "ben", password)
    assert response.status_code == 403
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_inactive_or_deleted_account_cannot_get_a_token(client, make_user, password):
    make_user("carla", is_active=False)
    assert issue(client, "carla", password).status_code == 401
    assert not ApiToken.objects.exists()


def test_repeated_failures_lock_the_token_endpoint_with_429(client, alice, password, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        issue(client, "alice", "falsch-falsch")
    assert AccessAttempt.objects.get(username="alice").failures_since_start == 5

    response = issue(client, "alice", password)

    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] in {
        "Too many failed attempts; try again later.",
        "Zu viele fehlgeschlagene Versuche; bitte versuchen Sie es später erneut.",
    }
    assert not ApiToken.objects.exists()


def test_bearer_token_works_on_me_and_token_list(client, alice, password):
    first = issue(client, "alice", password, name="eins").json()
    second = issue(client, "alice", password, name="zwei").json()

    me = client.get(ME_URL, **bearer(first["token"]))
    assert me.status_code == 200
    assert me.json() == {
        "username": "alice",
        "email": "alice@example.org",
        "first_name": "Alice",
        "last_name": "",
        "email_verified": True,
        "is_programme_office": False,
        "is_reviewer": False,
        "is_staff": False,
    }
    listed = client.get(TOKENS_URL, **bearer(first["token"]))
    assert listed.status_code == 200
    items = listed.json()
    assert [item["id"] for item in items] == [second["id"], first["id"]]
    assert {item["name"] for item in items} == {"eins", "zwei"}
    assert all("token" not in item and "key_hash" not in item for item in items)
    assert ApiToken.objects.get(pk=first["id"]).last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer snt_falsch",
        "Bearer " + "snt_" + "a" * 10_000,
        "Bearer not-a-stadtnetz-token",
        "Token snt_whatever",
        "Bearer ",
    ],
    ids=["none", "unknown", "huge", "foreign", "wrong-scheme", "empty"],
)
def test_missing_or_bad_bearer_is_401(client, alice, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    assert client.get(ME_URL, **extra).status_code == 401
    assert client.get(TOKENS_URL, **extra).status_code == 401


def test_revoke_via_api_stops_the_token(client, alice, password):
    keep = issue(client, "alice", password, name="behalten").json()
    drop = issue(client, "alice", password, name="weg").json()

    response = client.delete(f"{TOKENS_URL}/{drop['id']}", **bearer(keep["token"]))

    assert response.status_code == 204
    assert ApiToken.objects.get(pk=drop["id"]).revoked_at is not None
    assert client.get(ME_URL, **bearer(drop["token"])).status_code == 401
    assert client.get(ME_URL, **bearer(keep["token"])).status_code == 200
    # Revoking again changes nothing.
    revoked_at = ApiToken.objects.get(pk=drop["id"]).revoked_at
    assert client.delete(f"{TOKENS_URL}/{drop['id']}", **bearer(keep["token"])).status_code == 204
    assert ApiToken.objects.get(pk=drop["id"]).revoked_at == revoked_at


def test_a_token_can_revoke_itself(client, alice, password):
    token = issue(client, "alice", password).json()
    assert client.delete(f"{TOKENS_URL}/{token['id']}", **bearer(token["token"])).status_code == 204
    assert client.get(ME_URL, **bearer(token["token"])).status_code == 401


def test_another_users_token_cannot_be_revoked_via_api(client, alice, make_user, password):
    make_user("bob")
    alices = issue(client, "alice", password).json()
    bobs = issue(client, "bob", password).json()

    response = client.delete(f"{TOKENS_URL}/{alices['id']}", **bearer(bobs["token"]))

    assert response.status_code == 404
    assert ApiToken.objects.get(pk=alices["id"]).revoked_at is None
    assert client.get(ME_URL, **bearer(alices["token"])).json()["username"] == "alice"
    assert client.delete(f"{TOKENS_URL}/999999", **bearer(bobs["token"])).status_code == 404


def test_revoke_via_profile_page(client, alice, password):
    issued = services.api_token_create(user=alice, name="Profil")
    client.force_login(alice)
    page = client.get(reverse("users:profile")).content.decode()
    assert reverse("users:token_revoke", args=[issued.token.pk]) in page
    assert issued.secret not in page

    response = client.post(reverse("users:token_revoke", args=[issued.token.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("users:profile") + "#tokens"
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    assert client.get(ME_URL, **bearer(issued.secret)).status_code == 401


def test_revoke_via_profile_page_is_post_only_and_needs_sign_in(client, alice):
    issued = services.api_token_create(user=alice, name="Profil")
    url = reverse("users:token_revoke", args=[issued.token.pk])
    anonymous = client.post(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("users:login"))
    client.force_login(alice)
    assert client.get(url).status_code == 405
    issued.token.refresh_from_db()
    assert issued.token.is_active


def test_another_users_token_cannot_be_revoked_via_profile_page(client, alice, make_user):
    issued = services.api_token_create(user=alice, name="Alices")
    client.force_login(make_user("bob"))
    response = client.post(reverse("users:token_revoke", args=[issued.token.pk]))
    assert response.status_code == 403
    issued.token.refresh_from_db()
    assert issued.token.is_active
    assert client.post(reverse("users:token_revoke", args=[999999])).status_code == 404


def test_create_token_on_profile_page_shows_the_secret_once(client, alice):
    client.cookies["stadtnetz_language"] = "en"
    client.force_login(alice)
    response = client.post(reverse("users:token_create"), {"name": "Mein Skript"})
    assert response.status_code == 200
    issued = response.context["issued"]
    page = response.content.decode()
    assert issued.secret in page
    assert "Copy it now" in page
    token = ApiToken.objects.get(user=alice)
    assert token.name == "Mein Skript"
    assert token.key_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    profile = client.get(reverse("users:profile")).content.decode()
    assert "Mein Skript" in profile and issued.secret not in profile
    assert client.get(ME_URL, **bearer(issued.secret)).json()["username"] == "alice"


@pytest.mark.parametrize("name", ["", "a" * 10_000, "x\x00y"], ids=["empty", "huge", "nul"])
def test_create_token_on_profile_page_refuses_bad_names(client, alice, name):
    client.force_login(alice)
    response = client.post(reverse("users:token_create"), {"name": name})
    assert response.status_code == 400
    assert "name" in response.context["token_form"].errors
    assert not ApiToken.objects.exists()


def test_token_limit(client, alice, password, settings):
    client.cookies["stadtnetz_language"] = "en"
    settings.API_TOKEN_MAX_PER_USER = 2
    assert issue(client, "alice", password).status_code == 201
    assert issue(client, "alice", password).status_code == 201

    over = issue(client, "alice", password)
    assert over.status_code == 409
    assert "limit of 2 active tokens" in over.json()["detail"]
    assert ApiToken.objects.filter(user=alice).count() == 2

    client.force_login(alice)
    page = client.post(reverse("users:token_create"), {"name": "drei"})
    assert page.status_code == 400
    assert "name" in page.context["token_form"].errors
    assert ApiToken.objects.filter(user=alice).count() == 2

    # A revoked token frees a place.
    services.api_token_revoke(token=ApiToken.objects.filter(user=alice).first())
    assert issue(client, "alice", password).status_code == 201


def test_deleting_the_account_removes_its_tokens(client, alice, password):
    secret = issue(client, "alice", password).json()["token"]
    services.user_delete(user=alice)
    assert not ApiToken.objects.exists()
    assert client.get(ME_URL, **bearer(secret)).status_code == 401


def test_token_of_deactivated_user_stops_working(client, alice, password):
    secret = issue(client, "alice", password).json()["token"]
    alice.is_active = False
    alice.save()
    assert client.get(ME_URL, **bearer(secret)).status_code == 401


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("", "application/json"),
        ("[]", "application/json"),
        ('"alice"', "application/json"),
        ("null", "application/json"),
        ("123", "application/json"),
        ('{"username": 1, "password": 2}', "application/json"),
        ('{"username": ["alice"], "password": {"a": 1}}', "application/json"),
        ('{"username": "", "password": ""}', "application/json"),
        (json.dumps({"username": "a" * 10_000, "password": "x"}), "application/json"),
        (json.dumps({"username": "alice", "password": "x" * 100_000}), "application/json"),
        (json.dumps({"username": "alice", "password": "x", "name": "n" * 10_000}), "application/json"),
        (json.dumps({"username": "al\x00ice", "password": "x"}), "application/json"),
        (json.dumps({"username": "alice", "password": "x\x00"}), "application/json"),
        (json.dumps({"username": "alice", "password": PASSWORD, "name": "n\x00"}), "application/json"),
        (json.dumps({"username": "' OR 1=1 --", "password": "' OR '1'='1"}), "application/json"),
        (json.dumps({"username": "<script>", "password": "<script>"}), "application/json"),
        ("username=alice&password=x", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00bad", "application/json"),
    ],
    ids=[
        "malformed", "empty", "list", "string", "null", "number", "wrong-types", "nested",
        "empty-fields", "huge-username", "huge-password", "huge-name", "nul", "nul-password",
        "nul-name", "sql", "html",
        "form-encoded", "bad-encoding",
    ],
)  # fmt: skip
def test_bad_token_request_bodies_are_4xx_never_500(client, alice, body, content_type):
    response = client.post(TOKEN_URL, body, content_type=content_type)
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
    assert not ApiToken.objects.exists()
