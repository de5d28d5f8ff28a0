# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Issue 14, accounts and tokens: e-mail change, token lifetime and scope, spraying, sessions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from stadtnetz.users import services
from stadtnetz.users.models import ApiToken, User

PASSWORD = "Sicheres-Passwort-2026"
NEW_PASSWORD = "Anderes-Kennwort-2027"
LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def link_in(message) -> str:
    paths = LINK.findall(message.body)
    assert len(paths) == 1, message.body
    return paths[0]


def change_email(client, email, password=PASSWORD, **extra):
    data = {"first_name": "", "last_name": "", "email": email, "current_password": password}
    data.update(extra)
    return client.post(reverse("users:profile"), data)


# --- item 1: e-mail change ---------------------------------------------------------------------


@pytest.mark.parametrize("given", ["", "falsch-falsch-falsch"], ids=["missing", "wrong"])
def test_email_change_needs_the_current_password(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks, given
):
    user = make_user("paula", email="paula@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = change_email(client, "mallory@example.org", password=given)
    assert response.status_code == 400
    assert "current_password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.email == "paula@example.org"
    assert user.pending_email == ""
    assert user.email_verified
    assert mailoutbox == []


def test_name_change_needs_no_password(client, make_user, mailoutbox):
    user = make_user("olli")
    client.force_login(user)
    response = client.post(
        reverse("users:profile"),
        {"first_name": "Olli", "last_name": "", "email": "olli@example.org"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Olli"


def test_email_change_keeps_old_address_until_new_one_is_confirmed_and_tells_the_old_one(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user("paul", email="paul@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = change_email(client, "paul.neu@example.org")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "paul@example.org"
    assert user.email_verified
    assert user.pending_email == "paul.neu@example.org"
    by_address = {tuple(message.to): message for message in mailoutbox}
    assert set(by_address) == {("paul.neu@example.org",), ("paul@example.org",)}
    notice = by_address[("paul@example.org",)]
    assert "paul.neu@example.org" in notice.body
    assert "/konto/bestaetigen/" not in notice.body

    # A reset asked for the new, unconfirmed address sends nothing.
    mailoutbox.clear()
    client.post(reverse("users:password_reset"), {"email": "paul.neu@example.org"})
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        client.get(link_in(by_address[("paul.neu@example.org",)]))
    user.refresh_from_db()
    assert user.email == "paul.neu@example.org"
    assert user.pending_email == ""
    assert user.email_verified


def test_password_reset_is_never_sent_to_an_unverified_address(client, make_user, mailoutbox):
    make_user("vera", email="vera@example.org", verified=False)
    response = client.post(reverse("users:password_reset"), {"email": "vera@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_password_reset_link_uses_the_site_url_not_the_host_header(
    client, make_user, mailoutbox, settings
):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://stadtnetz.example.org"
    make_user("karl", email="karl@example.org")
    client.post(
        reverse("users:password_reset"), {"email": "karl@example.org"}, HTTP_HOST="evil.example"
    )
    assert len(mailoutbox) == 1
    assert "evil.example" not in mailoutbox[0].body
    assert "https://stadtnetz.example.org/konto/passwort-neu/" in mailoutbox[0].body


# --- item 3: no enumeration through sign-up and e-mail change ----------------------------------


def test_email_change_to_a_taken_address_looks_the_same_and_tells_its_owner(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    make_user("quentin", email="quentin@example.org")
    user = make_user("rita", email="rita@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        taken = change_email(client, "QUENTIN@example.org")
    assert taken.status_code == 302
    user.refresh_from_db()
    assert user.email == "rita@example.org"
    assert user.pending_email == ""
    assert [message.to for message in mailoutbox if "/konto/bestaetigen/" in message.body] == []
    assert ["quentin@example.org"] in [message.to for message in mailoutbox]
    taken_message = client.get(reverse("users:profile")).context["messages"]
    with django_capture_on_commit_callbacks(execute=True):
        free = change_email(client, "rita.neu@example.org")
    free_message = client.get(reverse("users:profile")).context["messages"]
    assert free.status_code == 302
    assert [str(m) for m in taken_message] == [str(m) for m in free_message]


def test_signup_with_a_taken_address_looks_the_same_and_tells_its_owner(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    make_user("anna", email="anna@example.org")
    data = {
        "username": "annab", "email": "ANNA@example.org", "password1": PASSWORD,
        "password2": PASSWORD, "privacy": "on",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("users:signup"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("users:signup_done")
    assert not User.objects.filter(username="annab").exists()
    assert [message.to for message in mailoutbox] == [["anna@example.org"]]
    assert "/konto/bestaetigen/" not in mailoutbox[0].body


def test_signup_and_email_change_are_rate_limited(client, make_user, settings):
    settings.STADTNETZ_RATE_LIMITS = {**settings.STADTNETZ_RATE_LIMITS, "account": (3, 3600)}
    for number in range(3):
        data = {
            "username": f"user{number}", "email": f"user{number}@example.org",
            "password1": PASSWORD, "password2": PASSWORD, "privacy": "on",
        }  # fmt: skip
        assert client.post(reverse("users:signup"), data).status_code == 302
    data = {
        "username": "user9", "email": "user9@example.org",
        "password1": PASSWORD, "password2": PASSWORD, "privacy": "on",
    }  # fmt: skip
    limited = client.post(reverse("users:signup"), data)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert not User.objects.filter(username="user9").exists()

    user = make_user("emil")
    client.force_login(user)
    blocked = change_email(client, "emil.neu@example.org")
    assert blocked.status_code == 429
    user.refresh_from_db()
    assert user.pending_email == ""


# --- item 3: password spraying -----------------------------------------------------------------


def test_many_usernames_from_one_address_are_locked_on_the_web(client, make_user, settings):
    settings.AXES_IP_FAILURE_LIMIT = 5
    make_user("target")
    for number in range(5):
        client.post(reverse("users:login"), {"username": f"guess{number}", "password": "x" * 12})
    response = client.post(reverse("users:login"), {"username": "target", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_many_usernames_from_one_address_are_locked_on_the_api(client, make_user, settings):
    settings.AXES_IP_FAILURE_LIMIT = 5
    make_user("target")
    for number in range(5):
        client.post(
            "/api/v1/auth/token",
            {"username": f"guess{number}", "password": "x" * 12},
            content_type="application/json",
        )
    response = client.post(
        "/api/v1/auth/token",
        {"username": "target", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert not ApiToken.objects.exists()


# --- item 2: tokens ----------------------------------------------------------------------------


def issue(client, username="alice", **extra):
    body = {"username": username, "password": PASSWORD, **extra}
    return client.post("/api/v1/auth/token", body, content_type="application/json")


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_password_change_revokes_all_tokens_and_says_so(client, make_user):
    client.cookies["stadtnetz_language"] = "en"
    user = make_user("alice")
    secret = issue(client).json()["token"]
    client.force_login(user)
    response = client.post(
        reverse("users:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "API tokens have been revoked" in response.content.decode() or (
        "API-Tokens wurden widerrufen" in response.content.decode()
    )
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401


def test_password_reset_revokes_all_tokens(client, make_user, mailoutbox):
    make_user("alice")
    secret = issue(client).json()["token"]
    client.post(reverse("users:password_reset"), {"email": "alice@example.org"})
    form_page = client.get(link_in(mailoutbox[0]), follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert done.status_code == 200
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401


def test_tokens_expire_after_the_configured_default(client, make_user, settings):
    settings.API_TOKEN_DEFAULT_DAYS = 90
    make_user("alice")
    body = issue(client).json()
    token = ApiToken.objects.get(pk=body["id"])
    assert body["expires_at"] is not None
    assert token.expires_at - token.created_at == dt.timedelta(days=90)
    assert client.get("/api/v1/me", **bearer(body["token"])).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    assert client.get("/api/v1/me", **bearer(body["token"])).status_code == 401


def test_token_lifetime_can_be_chosen_and_is_shown(client, make_user, settings):
    settings.API_TOKEN_MAX_DAYS = 365
    user = make_user("alice")
    body = issue(client, expires_in_days=7).json()
    token = ApiToken.objects.get(pk=body["id"])
    assert token.expires_at - token.created_at == dt.timedelta(days=7)
    too_long = issue(client, expires_in_days=366)
    assert too_long.status_code == 422
    client.force_login(user)
    page = client.get(reverse("users:profile")).content.decode()
    assert "Läuft ab" in page or "Expires" in page


def test_read_only_token_cannot_write(client, make_user):
    make_user("alice")
    secret = issue(client, scope="read").json()["token"]
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 200
    response = client.post(
        "/api/v1/submissions", {"call_id": 1}, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 403
    assert "read" in response.json()["detail"].lower() or "les" in response.json()["detail"]


def test_token_of_an_unverified_address_cannot_write(client, make_user):
    user = make_user("alice")
    secret = issue(client).json()["token"]
    User.objects.filter(pk=user.pk).update(email_verified_at=None)
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 200
    response = client.post(
        "/api/v1/submissions", {"call_id": 1}, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 403


def test_profile_page_creates_tokens_with_scope_and_lifetime(client, make_user):
    user = make_user("alice")
    client.force_login(user)
    response = client.post(
        reverse("users:token_create"), {"name": "Lesen", "scope": "read", "expires_in_days": 30}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    assert token.scope == "read"
    assert token.expires_at - token.created_at == dt.timedelta(days=30)
    assert services.api_token_authenticate(response.context["issued"].secret) is not None


# --- item 4: sessions and settings -------------------------------------------------------------


@pytest.mark.parametrize("role", ["is_staff", "is_programme_office"])
def test_idle_staff_and_office_are_signed_out(client, make_user, settings, role):
    settings.STADTNETZ_STAFF_IDLE_MINUTES = 30
    user = make_user("amt", **{role: True})
    client.force_login(user)
    assert client.get(reverse("users:profile")).status_code == 200
    session = client.session
    session["stadtnetz_last_seen"] = int(timezone.now().timestamp()) - 31 * 60
    session.save()
    response = client.get(reverse("users:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))
    assert "_auth_user_id" not in client.session


def test_idle_ordinary_people_stay_signed_in(client, make_user, settings):
    settings.STADTNETZ_STAFF_IDLE_MINUTES = 30
    user = make_user("buerger")
    client.force_login(user)
    session = client.session
    session["stadtnetz_last_seen"] = int(timezone.now().timestamp()) - 31 * 60
    session.save()
    assert client.get(reverse("users:profile")).status_code == 200


def _production_setting(name, **env):
    import json
    import os
    import subprocess
    import sys

    environment = {
        **os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_SETTINGS_MODULE": "config.settings.base", **env,
    }  # fmt: skip
    environment.pop(
        "DJANGO_SECURE_HSTS_SECONDS", None
    ) if "DJANGO_SECURE_HSTS_SECONDS" not in env else None
    code = f"import json, config.settings.base as s; print(json.dumps(s.{name}))"
    output = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout)


def test_hsts_is_on_by_default_in_production_and_can_be_switched_off():
    assert _production_setting("SECURE_HSTS_SECONDS") >= 31536000
    assert _production_setting("SECURE_HSTS_SECONDS", DJANGO_SECURE_HSTS_SECONDS="0") == 0


def test_passwords_need_twelve_characters(client, db):
    data = {
        "username": "kurt", "email": "kurt@example.org", "password1": "Kurz-Pass-1",
        "password2": "Kurz-Pass-1", "privacy": "on",
    }  # fmt: skip
    response = client.post(reverse("users:signup"), data)
    assert response.status_code == 400
    assert "password1" in response.context["form"].errors
