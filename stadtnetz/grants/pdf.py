# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The grant notice (Zuwendungsbescheid) as a tagged PDF/UA, in the look of the application PDF
(Fira Sans, KERN colours; every table header with its scope). The notice is German."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from stadtnetz.core import pdf
from stadtnetz.core.formats import format_decimal, format_percent


def _money(value) -> str:
    return format_decimal(value, language="de")


def _signed(value) -> str:
    text = _money(value)
    return f"+{text}" if value > 0 else text


def _date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


def notice_context(notice) -> dict:
    from .selectors import plan_comparison

    comparison = plan_comparison(notice)
    reports = list(notice.reports.order_by("due_on", "pk"))
    phases = list(notice.project.phases.order_by("phase"))
    from .services.notice import grant_settings

    call = notice.application.call if notice.application_id else notice.project.call
    return {
        "notice": notice,
        "weeks": grant_settings(call).payment_window_weeks,
        "project": notice.project,
        "organisation": notice.project.organisation,
        "call": call,
        "application": notice.application,
        "rate": format_percent(notice.funding_rate, language="de"),
        "period": f"{_date(notice.period_start)} – {_date(notice.period_end)}",
        "issued_at": timezone.localtime(notice.issued_at).strftime("%d.%m.%Y"),
        "issued_by": notice.issued_by.display_name if notice.issued_by else "",
        "conditions": [c.text for c in notice.conditions.all()],
        "rows": [
            {**row, **{k: _money(row[k]) for k in ("requested_costs", "requested_grant", "costs", "grant")},
             "diff_costs": _signed(row["diff_costs"]), "diff_grant": _signed(row["diff_grant"])}
            for row in comparison["rows"]
        ],
        "totals": {k: (_signed(v) if k.startswith("diff") else _money(v)) for k, v in comparison["totals"].items()},
        "phases": [{"phase": p.phase, "status": p.get_status_display(), "starts_on": _date(p.starts_on),
                    "ends_on": _date(p.ends_on), "grant": _money(p.grant) if p.grant is not None else "–"}
                   for p in phases],
        "reports": [{"kind": r.get_kind_display(), "year": r.period_year or "–", "due_on": _date(r.due_on)}
                    for r in reports],
    }  # fmt: skip


def notice_pdf(notice) -> bytes:
    with translation.override("de"):
        html = render_to_string(
            "grants/notice_pdf.html",
            {**notice_context(notice), "font_dir": pdf.font_dir().as_uri()},
        )
    return pdf.render_pdf(html, uncompressed_pdf=False)
