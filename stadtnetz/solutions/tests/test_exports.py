# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The catalog CSV through core.exports (issue 14, item 22)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from stadtnetz.solutions.models import Solution

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["\t=cmd|' /C calc'!A0", "\r=1+1", "@SUM(1)", "-2+3"])
def test_catalog_csv_guards_every_formula_start(client, corpus_sample, name):
    Solution.objects.filter(pk=corpus_sample[0].pk).update(name=name)
    body = client.get(reverse("solutions:export", args=["csv"])).content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    (row,) = [r for r in rows if r["id"] == str(corpus_sample[0].pk)]
    assert row["name"] == "'" + name
    assert len(rows) == 5 and body.startswith("id,name,url")
