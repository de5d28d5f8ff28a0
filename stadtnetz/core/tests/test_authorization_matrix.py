# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The authorization matrix: every URL pattern and API operation × every role.

Each row names a URL pattern, how to call it, and the expected outcome per role. A URL pattern
without a row fails `test_every_url_pattern_has_a_row`, so a new page cannot ship unreviewed.

Outcomes: "ok" 200, "go" a redirect that is not to the sign-in page, "login" a redirect to
sign-in, "no" 403, "bad" 400, "gone" 404, "method" 405, "auth" 401 (API without token).
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from stadtnetz.organisations.models import Membership, OrganisationKind, Role
from stadtnetz.organisations.services import invitation_create, organisation_create
from stadtnetz.users.services import api_token_create

from .matrix import ORG_MANAGERS, ORG_VIEWERS, ROLES, STATUS, _all, _only, _signed_in

# name: (method, kwargs-builder, data, expected per role)
MATRIX = {
    "core:home": ("get", None, None, _all("ok")),
    "core:imprint": ("get", None, None, _all("ok")),
    "core:privacy": ("get", None, None, _all("ok")),
    "core:accessibility": ("get", None, None, _all("ok")),
    "core:open_data": ("get", None, None, _all("ok")),
    "core:health": ("get", None, None, _all("ok")),
    "core:favicon": ("get", None, None, _all("ok")),
    "municipalities:list": ("get", None, None, _all("ok")),
    "municipalities:download": (
        "get",
        lambda w: {"table": "kreise", "fmt": "csv"},
        None,
        _all("ok"),
    ),
    "municipalities:detail": ("get", lambda w: {"ags": "05122000"}, None, _all("ok")),
    "municipalities:county": ("get", lambda w: {"key": "05122"}, None, _all("ok")),
    "municipalities:states": ("get", None, None, _all("ok")),
    "municipalities:state": ("get", lambda w: {"code": "nw"}, None, _all("ok")),
    "organisations:list": ("get", None, None, _all("ok")),
    "organisations:create": ("get", None, None, _signed_in("ok")),
    "organisations:detail": ("get", lambda w: {"slug": w.org.slug}, None, _all("ok")),
    "organisations:edit": (
        "get",
        lambda w: {"slug": w.org.slug},
        None,
        _only({"org_admin", "staff"}),
    ),
    "organisations:members": ("get", lambda w: {"slug": w.org.slug}, None, _only(ORG_VIEWERS)),
    "organisations:membership_role": (
        "post",
        lambda w: {"slug": w.org.slug, "pk": w.member_membership.pk},
        {"role": "editor"},
        _only(ORG_MANAGERS, yes="go"),
    ),
    "organisations:membership_remove": (
        "post",
        lambda w: {"slug": w.org.slug, "pk": w.editor_membership.pk},
        {},
        _only(ORG_MANAGERS | {"editor"}, yes="go"),
    ),
    "organisations:invitation_revoke": (
        "post",
        lambda w: {"slug": w.org.slug, "pk": w.invitation.pk},
        {},
        _only(ORG_MANAGERS, yes="go"),
    ),
    "organisations:invitation": ("get", lambda w: {"token": w.invitation_secret}, None, _all("ok")),
    "users:signup": ("get", None, None, {**_all("go"), "anonymous": "ok"}),
    "users:signup_done": ("get", None, None, _all("ok")),
    "users:verify": ("get", lambda w: {"token": "forged"}, None, _all("bad")),
    "users:resend_verification": ("get", None, None, _all("ok")),
    "users:login": ("get", None, None, {**_all("go"), "anonymous": "ok"}),
    "users:logout": ("get", None, None, _all("method")),
    "users:password_reset": ("get", None, None, _all("ok")),
    "users:password_reset_done": ("get", None, None, _all("ok")),
    "users:password_reset_confirm": (
        "get",
        lambda w: {"uidb64": "MQ", "token": "x-y"},
        None,
        _all("ok"),
    ),
    "users:password_change": ("get", None, None, _signed_in("ok")),
    "users:profile": ("get", None, None, _signed_in("ok")),
    "users:token_create": ("get", None, None, _signed_in("method")),
    "users:token_revoke": (
        "post",
        lambda w: {"pk": w.admin_token.pk},
        {},
        _only({"org_admin"}, yes="go"),
    ),
    "users:delete": ("get", None, None, _signed_in("ok")),
    "set_language": ("post", None, {"language": "en", "next": "/"}, _all("go")),
    # API: reads are public; personal endpoints need a bearer token (sent for signed-in roles)
    "api:openapi-json": ("get", None, None, _all("ok")),
    "api:openapi-view": ("get", None, None, _all("ok")),
    "api:api-root": ("get", None, None, _all("gone")),
    "api:list_states": ("get", None, None, _all("ok")),
    "api:list_counties": ("get", None, None, _all("ok")),
    "api:list_municipalities": ("get", None, None, _all("ok")),
    "api:get_municipality": ("get", lambda w: {"ags": "05122000"}, None, _all("ok")),
    "api:list_organisations": ("get", None, None, _all("ok")),
    "api:get_organisation": ("get", lambda w: {"organisation_id": w.org.pk}, None, _all("ok")),
    "api:issue_token": (
        "post_json",
        None,
        {"username": "nobody", "password": "wrong"},
        _all("auth"),
    ),
    "api:list_tokens": ("get", None, None, _signed_in("ok", anonymous="auth")),
    "api:revoke_token": (
        "delete",
        lambda w: {"token_id": w.admin_token.pk},
        None,
        {**_all("gone"), "anonymous": "auth", "org_admin": "empty"},
    ),
    "api:me": ("get", None, None, _signed_in("ok", anonymous="auth")),
}


def _app_contributions():
    """Rows and world builders from every app's tests/authz.py."""
    rows, builders = {}, []
    for config in apps.get_app_configs():
        if not config.name.startswith("stadtnetz."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.authz")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.authz":
                raise
            continue
        overlap = set(rows) & set(module.ROWS)
        assert not overlap, f"rows defined twice: {overlap}"
        rows.update(module.ROWS)
        if hasattr(module, "extend_world"):
            builders.append(module.extend_world)
    return rows, builders


APP_ROWS, WORLD_BUILDERS = _app_contributions()
MATRIX.update(APP_ROWS)


def url_patterns():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                space = pattern.namespace or namespace
                if space != "admin":
                    yield from walk(pattern.url_patterns, space)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(set(walk(get_resolver().url_patterns)))


def row_url_name(name: str) -> str:
    """A row's URL pattern name: rows for a further method of the same URL are keyed
    "name#method" (e.g. "reviews:pool#post")."""
    return name.split("#", 1)[0]


def test_every_url_pattern_has_a_row():
    assert sorted({row_url_name(name) for name in MATRIX}) == url_patterns()


class World:
    pass


@pytest.fixture
def world(registry, solingen, make_user):
    w = World()
    w.users = {
        "member": make_user("m-member"),
        "editor": make_user("m-editor"),
        "org_admin": make_user("m-admin"),
        "consultant": make_user("m-consultant"),
        "other_editor": make_user("m-other"),
        "reviewer": make_user("m-reviewer", is_reviewer=True),
        "programme_office": make_user("m-office", is_programme_office=True),
        "staff": make_user("m-staff", is_staff=True),
    }
    w.org = organisation_create(
        actor=w.users["programme_office"], kind=OrganisationKind.MUNICIPALITY, name="Solingen",
        municipality=solingen,
    )  # fmt: skip
    w.member_membership = Membership.objects.create(
        user=w.users["member"], organisation=w.org, role=Role.MEMBER
    )
    w.editor_membership = Membership.objects.create(
        user=w.users["editor"], organisation=w.org, role=Role.EDITOR
    )
    Membership.objects.create(user=w.users["org_admin"], organisation=w.org, role=Role.ADMIN)
    consultancy = organisation_create(
        actor=w.users["consultant"], kind=OrganisationKind.CONSULTANCY, name="Beratung"
    )
    other = organisation_create(
        actor=w.users["other_editor"], kind=OrganisationKind.ASSOCIATION, name="Verein"
    )
    Membership.objects.filter(organisation=other).update(role=Role.EDITOR)
    assert consultancy and other
    issued = invitation_create(
        organisation=w.org, actor=w.users["org_admin"], email="x@example.org", role=Role.MEMBER
    )
    w.invitation = issued.invitation
    w.invitation_secret = issued.link.rstrip("/").rsplit("/", 1)[-1]
    w.admin_token = api_token_create(user=w.users["org_admin"], name="matrix").token
    w.bearer = {
        role: api_token_create(user=user, name="probe").secret for role, user in w.users.items()
    }
    for build in WORLD_BUILDERS:
        build(w)
    return w


def outcome(response) -> str:
    code = response.status_code
    if code in (301, 302):
        return "login" if "/konto/anmelden/" in response["Location"] else "go"
    return next((name for name, status in STATUS.items() if status == code), str(code))


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(client, world, role):
    from django.urls import reverse

    if role != "anonymous":
        client.force_login(world.users[role])
    mismatches = []
    for name, (method, kwargs, data, expected) in MATRIX.items():
        url = reverse(row_url_name(name), kwargs=kwargs(world) if kwargs else None)
        headers = {}
        if name.startswith("api:") and role != "anonymous":
            headers["Authorization"] = f"Bearer {world.bearer[role]}"
        # Each row runs in a savepoint that is rolled back, so that a row which changes state
        # (leaving an organisation, revoking a token) cannot change the outcome of later rows.
        with transaction.atomic():
            if method.endswith("_json"):  # post_json, put_json, patch_json
                send = getattr(client, method.removesuffix("_json"))
                response = send(url, data, content_type="application/json", headers=headers)
            else:
                response = getattr(client, method)(url, data or {}, headers=headers)
            transaction.set_rollback(True)
        got = outcome(response)
        if got != expected[role]:
            mismatches.append(
                f"{name} {method.upper()} {url}: expected {expected[role]}, got {got}"
            )
    assert mismatches == []
