# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The application PDF's tables carry their headers in the structure tree (issue 14, item 21)."""

from __future__ import annotations

import pytest

from stadtnetz.core.tests.pdf_structure import assert_accessible_tables
from stadtnetz.submissions import services

from .conftest import complete

pytestmark = pytest.mark.django_db


def test_application_pdf_tables_have_scoped_headers(application, editor):
    complete(application, editor)
    submission = services.application_submit(actor=editor, application=application)
    tables = assert_accessible_tables(bytes(submission.pdf))
    receipt, budget = tables[0], tables[1]
    # The receipt's key/value table: a row header per line, each value cell names it.
    assert [c.tag for c in receipt[:2]] == ["TH", "TD"]
    assert {c.scope for c in receipt if c.tag == "TH"} == {"Row"}
    assert len([c for c in receipt if c.tag == "TH"]) == 6
    # The budget table: column headers.
    assert {c.scope for c in budget if c.tag == "TH"} == {"Column"}
    assert all(len(c.headers) == 1 for c in budget if c.tag == "TD")
    # The financing table mixes nothing up: row headers only.
    financing = next(t for t in tables if len([c for c in t if c.tag == "TH"]) >= 4
                     and {c.scope for c in t if c.tag == "TH"} == {"Row"} and t is not receipt)  # fmt: skip
    assert financing
