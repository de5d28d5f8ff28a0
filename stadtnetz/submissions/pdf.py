# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The application PDF: WeasyPrint, KERN look (Fira Sans), tagged PDF/UA with headings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from stadtnetz.core.formats import format_decimal, format_percent

from .models import CostCategory
from .rendering import render_markdown

FONTS = Path(settings.PACKAGE_DIR) / "static" / "vendor" / "kern" / "fonts" / "fira-sans"


def _money(value) -> str:
    """The PDF is German: "1.342.500,50"."""
    return format_decimal(value, language="de")


def _date(iso: str | None) -> str:
    """ "01.04.2027", as German forms write dates."""
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else "–"


def pdf_context(snapshot: dict) -> dict:
    """Everything the template shows, derived from the frozen snapshot only."""
    labels = dict(CostCategory.choices)
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
        "rate": format_percent(budget["rate"], language="de"),
        "starts_on": _date(snapshot["application"].get("starts_on")),
        "money": {"total": _money(budget["total"]), "grant": _money(budget["grant"]),
                  "own": _money(budget["own_contribution"]),
                  "by_phase": [(p, _money(g)) for p, g in sorted(budget["grant_by_phase"].items())]},
    }  # fmt: skip


def font_dir() -> Path:
    """Fira Sans as TrueType, unpacked once from KERN's WOFF2 (decoding WOFF2 per PDF costs ~0.7 s)."""
    target = Path(settings.DATA_DIR) / "pdf-fonts"
    weights = ("Regular", "SemiBold", "Bold")
    if all((target / f"FiraSans-{w}.ttf").is_file() for w in weights):
        return target
    from fontTools.ttLib import woff2

    target.mkdir(parents=True, exist_ok=True)
    for weight in weights:
        partial = target / f"FiraSans-{weight}.ttf.part"
        with (FONTS / f"FiraSans-{weight}.woff2").open("rb") as source, partial.open("wb") as out:
            woff2.decompress(source, out)
        partial.replace(target / f"FiraSans-{weight}.ttf")
    return target


def render_pdf(context: dict) -> bytes:
    import weasyprint

    with translation.override("de"):
        html = render_to_string(
            "submissions/pdf/application.html",
            {**context, **pdf_context(context["snapshot"]), "font_dir": font_dir().as_uri()},
        )
    document = weasyprint.HTML(string=html, base_url=str(FONTS))
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
