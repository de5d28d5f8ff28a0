# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Every CSV and XLSX download is written here, with one spreadsheet-formula guard.

Two CSV dialects (decision in docs/architecture.md, "Downloads"):

- :data:`GERMAN` for files people open in a German spreadsheet (the programme office's export):
  ``;`` between cells, decimal comma, local date-times as ``2026-12-03 14:05:00``, a UTF-8 BOM
  so that Excel reads the umlauts.
- :data:`PLAIN` for open data and machine consumers (model-project data that DCAT describes, the
  catalog, the network, public statistics): ``,``, decimal point, ISO 8601, no BOM, CRLF line
  ends (RFC 4180) — the columns and number formats these files always had, so consumers keep
  working.

In both, a text cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, unless it is a plain number.
XLSX cells keep their types: numbers are numbers, dates are dates, text is always stored as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Dialect:
    name: str
    delimiter: str
    decimal_comma: bool
    bom: bool
    lineterminator: str


GERMAN = Dialect("german", ";", decimal_comma=True, bom=True, lineterminator="\r\n")
PLAIN = Dialect("plain", ",", decimal_comma=False, bom=False, lineterminator="\r\n")


def guard(text: str) -> str:
    """Neutralise a spreadsheet formula (CSV injection): ``=SUM(A1)`` → ``'=SUM(A1)``."""
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def csv_cell(value, dialect: Dialect) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal | float):
        text = str(value)
        return text.replace(".", ",") if dialect.decimal_comma else text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        if dialect.decimal_comma:  # German spreadsheets read this as a date-time
            return _local(value).strftime("%Y-%m-%d %H:%M:%S")
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return guard(str(value))


def csv_text(header: Sequence[str], rows: Iterable[Sequence], dialect: Dialect) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=dialect.delimiter, lineterminator=dialect.lineterminator)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(value, dialect) for value in row])
    return ("\ufeff" if dialect.bom else "") + out.getvalue()


def dict_rows(rows: Iterable[dict], columns: Sequence[str]) -> Iterable[list]:
    return ([row.get(column) for column in columns] for row in rows)


def _download(body, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence], *,
                 dialect: Dialect) -> HttpResponse:  # fmt: skip
    return _download(csv_text(header, rows, dialect), "text/csv; charset=utf-8", filename)


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], *, sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for row in rows:
        ws.append([None] * len(row))
        for cell, value in zip(ws[ws.max_row], row, strict=True):
            _xlsx_cell(cell, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(cell, value) -> None:
    if value is None or isinstance(value, bool | int | float):
        cell.value = value
    elif isinstance(value, Decimal):
        cell.value = value
        cell.number_format = "#,##0.00"
    elif isinstance(value, dt.datetime):
        cell.value = _local(value).replace(tzinfo=None)  # XLSX has no time zones
        cell.number_format = "DD.MM.YYYY HH:MM:SS"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "DD.MM.YYYY"
    else:
        if isinstance(value, list | tuple):
            value = "; ".join(str(v) for v in value)
        cell.value = guard(str(value))
        cell.data_type = "s"  # text stays text, whatever it starts with


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence], *,
                  sheet: str) -> HttpResponse:  # fmt: skip
    return _download(xlsx_bytes(header, rows, sheet=sheet), XLSX_TYPE, filename)
