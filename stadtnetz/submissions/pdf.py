# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The application PDF: WeasyPrint, KERN look (Fira Sans), tagged PDF/UA with headings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from stadtnetz.core import pdf
from stadtnetz.core.formats import format_decimal, format_percent
from stadtnetz.core.pdf import font_dir
from stadtnetz.programmes.models import DocumentType

from .models import CostCategory
from .rendering import render_markdown


def _money(value) -> str:
    """The PDF is German: "1.342.500,50"."""
    return format_decimal(value, language="de")


def _date(iso: str | None) -> str:
    """ "01.04.2027", as German forms write dates."""
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else "–"


def pdf_context(snapshot: dict) -> dict:
    """Everything the template shows, derived from the frozen snapshot only."""
    labels = dict(CostCategory.choices)
    document_types = dict(DocumentType.choices)
    budget = snapshot["budget"]
    by_year: dict[int, Decimal] = {}
    by_category: dict[str, Decimal] = {}
    for line in budget["lines"]:
        amount = Decimal(line["amount"])
        by_year[line["year"]] = by_year.get(line["year"], Decimal(0)) + amount
        by_category[line["category"]] = by_category.get(line["category"], Decimal(0)) + amount
    return {
        "sections": [{**s, "html": render_markdown(s["text"]) if s["text"].strip() else ""} for s in snapshot["sections"]],
        "budget_lines": [{**line, "category_label": labels.get(line["category"], line["category"]),
                          "amount": _money(line["amount"])} for line in budget["lines"]],
        "by_year": [(year, _money(total)) for year, total in sorted(by_year.items())],
        "by_category": [(str(labels.get(k, k)), _money(v)) for k, v in by_category.items()],
        "attachments": [{**a, "document_type_label": str(document_types.get(a.get("document_type"), ""))}
                        for a in snapshot["attachments"]],
        "rate": format_percent(budget["rate"], language="de"),
        "starts_on": _date(snapshot["application"].get("starts_on")),
        "signed_at": dt.datetime.fromisoformat(snapshot["signatory"]["signed_at"]).strftime("%d.%m.%Y %H:%M")
        if (snapshot.get("signatory") or {}).get("signed_at") else "–",
        "money": {"total": _money(budget["total"]), "grant": _money(budget["grant"]),
                  "own": _money(budget["own_contribution"]),
                  "third_party": _money(budget["third_party_funds"]) if Decimal(budget.get("third_party_funds") or 0) else "",
                  "own_funds": _money(budget.get("own_funds") or budget["own_contribution"]),
                  "by_phase": [(p, _money(g)) for p, g in sorted(budget["grant_by_phase"].items())]},
    }  # fmt: skip


def render_pdf(context: dict) -> bytes:
    with translation.override("de"):
        html = render_to_string(
            "submissions/pdf/application.html",
            {**context, **pdf_context(context["snapshot"]), "font_dir": font_dir().as_uri()},
        )
    return pdf.render_pdf(html, uncompressed_pdf=False)
