# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The data shape of bench/grants.py at two small sizes: the office dashboard, its export and a
budget page answer with the same number of queries for 2 and for 7 projects (and 3 vs 12
payment requests per project)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .bulk import grants_bulk
from .factories import office_user

pytestmark = pytest.mark.django_db


def measured(client, notices) -> dict[str, int]:
    urls = {
        "office": (reverse("grants:office"), {}),
        "office_filtered": (reverse("grants:office"), {"attention": "1", "sort": "next_due"}),
        "office_export": (reverse("grants:office_export"), {}),
        "budget": (reverse("grants:budget", args=[notices[-1].project.slug]), {}),
    }
    counts = {}
    for name, (url, query) in urls.items():
        assert client.get(url, query).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, query).status_code == 200
        counts[name] = len(captured)
    return counts


def test_query_counts_are_equal_for_two_sizes(registry):
    client = Client()
    client.force_login(office_user())
    small = measured(client, grants_bulk(2, measures=4, milestones=2, payments=3, prefix="a"))
    large = measured(client, grants_bulk(5, measures=6, milestones=3, payments=12, prefix="b"))
    assert small == large
    page = client.get(reverse("grants:office")).content.decode()
    assert page.count('id="project-') == 7
