# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""One helper for every CSV and XLSX download (issue 14, item 22)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from openpyxl import load_workbook

from stadtnetz.core import exports

MOMENT = dt.datetime(2026, 12, 3, 13, 5, tzinfo=dt.UTC)  # 14:05 in Berlin


@pytest.mark.parametrize(
    ("text", "expected"),
    [("=SUM(A1)", "'=SUM(A1)"), ("+49 30 1234", "'+49 30 1234"), ("-x", "'-x"), ("@cmd", "'@cmd"),
     ("\t=1+1", "'\t=1+1"), ("\r=1", "'\r=1"), ("-5", "-5"), ("+3,5", "+3,5"), ("Jena", "Jena"),
     ("a=b", "a=b"), ("", "")],
)  # fmt: skip
def test_formula_guard(text, expected):
    assert exports.guard(text) == expected


def test_german_csv_semicolons_decimal_comma_local_time_and_bom():
    text = exports.csv_text(["a", "b", "c", "d", "e"],
                            [[Decimal("1234.50"), MOMENT, "=1+1", 7, None]], exports.GERMAN)  # fmt: skip
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows == [["a", "b", "c", "d", "e"], ["1234,50", "2026-12-03 14:05:00", "'=1+1", "7", ""]]
    assert "\r\n" in text


def test_plain_csv_keeps_points_and_iso_dates():
    text = exports.csv_text(["a", "b", "c", "d"],
                            [[Decimal("1234.50"), MOMENT, dt.date(2026, 1, 2), ["x", "y"]]],
                            exports.PLAIN)  # fmt: skip
    assert not text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text)))[1] == [
        "1234.50", "2026-12-03T13:05:00+00:00", "2026-01-02", "x; y"
    ]  # fmt: skip


def test_xlsx_keeps_types_and_never_stores_a_formula():
    data = exports.xlsx_bytes(["when", "money", "day", "text", "count"],
                              [[MOMENT, Decimal("281666.66"), dt.date(2026, 1, 2), '=HYPERLINK("x")', 3]],
                              sheet="Test")  # fmt: skip
    sheet = load_workbook(io.BytesIO(data)).active
    when, money, day, text, count = sheet[2]
    assert when.value == dt.datetime(2026, 12, 3, 14, 5) and when.is_date  # Berlin wall time
    assert money.value == pytest.approx(281666.66) and money.data_type == "n"
    assert day.value.date() == dt.date(2026, 1, 2) and day.is_date
    assert text.value == '\'=HYPERLINK("x")' and text.data_type == "s"
    assert count.value == 3 and sheet.freeze_panes == "A2"
    assert ZoneInfo(settings.TIME_ZONE).key == "Europe/Berlin"


def test_no_download_writes_csv_or_xlsx_by_itself():
    """Every export goes through core.exports, so none can miss the guard or the dialect."""
    writers = re.compile(r"csv\.(writer|DictWriter)\(|Workbook\(")
    offenders = [
        str(path.relative_to(settings.PACKAGE_DIR))
        for path in Path(settings.PACKAGE_DIR).rglob("*.py")
        if "tests" not in path.parts and path.name != "exports.py"
        and writers.search(path.read_text(encoding="utf-8"))
    ]  # fmt: skip
    assert offenders == []
