# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The notice area's rows of the authorization matrix, on their own (the full matrix runs them
too), and every method its pages and API operations accept has a row."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from stadtnetz.core.tests.matrix import ROLES
from stadtnetz.core.tests.test_authorization_matrix import (
    outcome,
    row_url_name,
    world,  # noqa: F401 (fixture)
)

from .authz_notice import ROWS

PROBED = ("get", "post", "put", "patch", "delete")


def _run(client, world, role):  # noqa: F811
    mismatches = []
    for name, (method, kwargs, data, expected) in ROWS.items():
        url = reverse(row_url_name(name), kwargs=kwargs(world) if kwargs else None)
        headers = {}
        if name.startswith("api:") and role != "anonymous":
            headers["Authorization"] = f"Bearer {world.bearer[role]}"
        with transaction.atomic():
            if method.endswith("_json"):
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
    return mismatches


@pytest.mark.parametrize("role", ROLES)
def test_notice_rows(client, world, role):  # noqa: F811
    if role != "anonymous":
        client.force_login(world.users[role])
    assert _run(client, world, role) == []


def test_every_method_of_the_notice_pages_has_a_row(client, world):  # noqa: F811
    client.force_login(world.users["editor"])
    rows: dict[str, set[str]] = {}
    builders = {}
    for key, (method, kwargs, *_rest) in ROWS.items():
        rows.setdefault(row_url_name(key), set()).add(method.removesuffix("_json"))
        builders.setdefault(row_url_name(key), kwargs)
    missing = []
    for name, methods in rows.items():
        if name.startswith("api:"):
            continue
        url = reverse(name, kwargs=builders[name](world) if builders[name] else None)
        for method in PROBED:
            with transaction.atomic():
                status = getattr(client, method)(url).status_code
                transaction.set_rollback(True)
            if status != 405 and method not in methods:
                missing.append(f"{name} {method.upper()} (answered {status})")
    assert missing == []


def test_every_method_of_the_notice_api_has_a_row():
    from stadtnetz.grants import api_notice

    names = {row_url_name(key): set() for key in ROWS}
    for key, (method, *_rest) in ROWS.items():
        names[row_url_name(key)].add(method.removesuffix("_json"))
    missing = []
    for view in api_notice.router.path_operations.values():
        for operation in view.operations:
            name = f"api:{operation.view_func.__name__}"
            for method in operation.methods:
                if method.lower() not in names.get(name, set()):
                    missing.append(f"{name} {method}")
    assert missing == []
