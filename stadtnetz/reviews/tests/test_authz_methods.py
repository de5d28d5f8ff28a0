# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Every method a reviews URL accepts has a row in the authorization matrix (issue 11: "rows for
every URL and method").

Pages: each reviews URL is asked with GET, POST, PUT, PATCH and DELETE by a signed-in user; a
method the view accepts answers anything but 405 (Django's method decorators answer before any
permission check). API: the methods come from the reviews routers' operations. A method without
a row ("name" or "name#method" with that method) fails here.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from stadtnetz.core.tests.test_authorization_matrix import (
    MATRIX,
    row_url_name,
    url_patterns,
    world,  # noqa: F401 (fixture)
)

PROBED = ("get", "post", "put", "patch", "delete")


def _rows() -> dict[str, set[str]]:
    """URL name → the methods that have a row ("post_json" counts as POST)."""
    rows: dict[str, set[str]] = {}
    for name, (method, *_rest) in MATRIX.items():
        rows.setdefault(row_url_name(name), set()).add(method.removesuffix("_json"))
    return rows


def _kwargs(name, world):  # noqa: F811
    builders = [row[1] for key, row in MATRIX.items() if row_url_name(key) == name and row[1]]
    return builders[0](world) if builders else None


def test_every_method_of_every_reviews_page_has_a_row(client, world):  # noqa: F811
    client.force_login(world.users["programme_office"])
    rows = _rows()
    names = [n for n in url_patterns() if n.startswith("reviews:")]
    assert len(names) >= 20
    missing = []
    for name in names:
        url = reverse(name, kwargs=_kwargs(name, world))
        for method in PROBED:
            with transaction.atomic():
                status = getattr(client, method)(url).status_code
                transaction.set_rollback(True)
            if status != 405 and method not in rows.get(name, set()):
                missing.append(f"{name} {method.upper()} (answered {status})")
    assert missing == []


def test_every_method_of_every_reviews_api_operation_has_a_row():
    from stadtnetz.reviews import api, api_solver

    rows = _rows()
    missing = []
    operations = 0
    for router in (api.router, api_solver.router):
        for view in router.path_operations.values():
            for operation in view.operations:
                operations += 1
                name = f"api:{operation.view_func.__name__}"
                for method in operation.methods:
                    if method.lower() not in rows.get(name, set()):
                        missing.append(f"{name} {method}")
    assert operations >= 10
    assert missing == []


@pytest.mark.parametrize("name", ["reviews:pool", "reviews:review_edit", "reviews:declare"])
def test_the_probe_sees_what_a_view_accepts(client, world, name):  # noqa: F811
    """The check above can fail: a view's real methods are found (405 for the others)."""
    client.force_login(world.users["programme_office"])
    url = reverse(name, kwargs=_kwargs(name, world))
    accepted = set()
    for method in PROBED:
        with transaction.atomic():
            if getattr(client, method)(url).status_code != 405:
                accepted.add(method)
            transaction.set_rollback(True)
    expected = {
        "reviews:pool": {"get", "post"},
        "reviews:review_edit": {"get", "post"},
        "reviews:declare": {"post"},
    }
    assert accepted == expected[name]
