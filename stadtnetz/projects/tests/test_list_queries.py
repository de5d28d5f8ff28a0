# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The measure list, the lesson list and the network page make as many queries with the real
knowledge (484 measures, 136 lessons, 24 transfers) as with one project's share of it
(issue 15, item 10)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadtnetz.projects.models import DocumentedTransfer, Lesson, Measure

pytestmark = pytest.mark.django_db

PAGES = ["projects:measures", "projects:lessons", "projects:network"]


def _count(client, name, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(60) as captured:
        response = client.get(reverse(name))
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", PAGES)
def test_queries_do_not_grow_with_the_knowledge(client, knowledge, name,
                                                django_assert_max_num_queries):  # fmt: skip
    assert Measure.objects.count() >= 400 and Lesson.objects.count() >= 100
    client.get(reverse(name))  # warm the caches (the network's map outline is cached)
    many = _count(client, name, django_assert_max_num_queries)
    # one project with measures, lessons and transfers out, so that no list becomes empty
    keep = (
        DocumentedTransfer.objects.filter(
            origin__lessons__isnull=False, origin__measures__isnull=False
        )
        .values_list("origin_id", flat=True)
        .first()
    )
    assert keep is not None
    Lesson.objects.exclude(project_id=keep).delete()
    Measure.objects.exclude(project_id=keep).delete()
    DocumentedTransfer.objects.exclude(origin_id=keep).delete()
    few = _count(client, name, django_assert_max_num_queries)
    assert many == few
