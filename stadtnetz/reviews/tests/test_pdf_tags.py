# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Decision letter and jury protocol: tables with scoped headers (issue 14, item 21)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stadtnetz.core.tests.pdf_structure import assert_accessible_tables
from stadtnetz.reviews.models import ReviewCase, SelectionRun
from stadtnetz.reviews.pdf import decision_letter_pdf, protocol_pdf

pytestmark = pytest.mark.django_db


def test_decision_letter_key_value_table_has_row_headers(opened):
    case = ReviewCase.objects.filter(call=opened).first()
    (table,) = assert_accessible_tables(decision_letter_pdf(case))
    headers = [c for c in table if c.tag == "TH"]
    assert len(headers) == 6 and {c.scope for c in headers} == {"Row"}


def test_protocol_tables_have_scoped_headers(opened, office):
    SelectionRun.objects.create(
        call=opened, actor=office, constraints={"budget": "2000000.00"}, candidates=[],
        solver="HiGHS", status="optimal", objective=Decimal("12.5"), selected=[],
    )  # fmt: skip
    tables = assert_accessible_tables(protocol_pdf(opened))
    run_table, ranking = tables[0], tables[1]
    assert {c.scope for c in run_table if c.tag == "TH"} == {"Row"}
    assert {c.scope for c in ranking if c.tag == "TH"} == {"Column"}
