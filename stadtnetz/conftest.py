# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures: the real registry in the test database, users in every role, a browser."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone

from stadtnetz.municipalities.models import Municipality
from stadtnetz.municipalities.services import registry_import

# Playwright's sync API runs an event loop in the test thread; the ORM calls that tests make next
# to it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Import the shipped Destatis registry once per test database: tests run on real data."""
    with django_db_blocker.unblock():
        registry_import(force=True)


@pytest.fixture
def registry(db):
    """The real registry; re-imported when a transactional test has flushed the tables."""
    if not Municipality.objects.filter(ags="05122000").exists():
        registry_import(force=True)
    return Municipality.objects


@pytest.fixture
def solingen(registry) -> Municipality:
    return Municipality.objects.select_related("county", "state").get(ags="05122000")


@pytest.fixture
def make_user(db):
    from stadtnetz.users.models import User

    counter = {"n": 0}

    def make(
        username: str | None = None,
        *,
        verified: bool = True,
        password: str = "Sicheres-Passwort-2026",
        **fields,
    ):
        counter["n"] += 1
        username = username or f"person{counter['n']}"
        user = User(
            username=username,
            email=fields.pop("email", f"{username}@example.org"),
            email_verified_at=timezone.now() if verified else None,
            **fields,
        )
        user.set_password(password)
        user.save()
        return user

    return make


@pytest.fixture
def password() -> str:
    return "Sicheres-Passwort-2026"
