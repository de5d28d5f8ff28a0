# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The action plan PDF: column and row headers keep their scope (issue 14, item 21)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from stadtnetz.core.tests.pdf_structure import assert_accessible_tables

from .conftest import full_answers

pytestmark = pytest.mark.django_db


def test_action_plan_pdf_headers_have_scope(client):
    response = client.get(f"/reifegrad/check/massnahmenplan.pdf?{urlencode(full_answers('F'))}")
    assert response.status_code == 200
    (table,) = assert_accessible_tables(response.content)
    scopes = {c.scope for c in table if c.tag == "TH"}
    assert scopes == {"Row", "Column"}
    # each stage cell names its dimension (row) and its column
    assert all(len(c.headers) == 2 for c in table if c.tag == "TD")
