# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Decision letter and jury protocol as tagged PDFs (WeasyPrint, the look of the application PDF)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from stadtnetz.core.pdf import font_dir, render_pdf
from stadtnetz.submissions.pdf import _money

from . import selectors
from .models import ReviewCase


def _render(template: str, context: dict) -> bytes:
    with translation.override("de"):
        html = render_to_string(
            template,
            {**context, "font_dir": font_dir().as_uri(), "prepared_at": timezone.localtime()},
        )
    return render_pdf(html)


def decision_letter_pdf(case: ReviewCase) -> bytes:
    submission = selectors.valid_submissions([case]).get(case.application_id)
    return _render("reviews/pdf/decision_letter.html", {
        "case": case, "application": case.application, "call": case.call, "submission": submission,
        "grant": _money(submission.requested_grant) if submission else "–",
    })  # fmt: skip


def protocol_pdf(call) -> bytes:
    rows = selectors.ranking(call, parts=False)
    run = selectors.selection_runs(call).filter(status="optimal").first()
    return _render("reviews/pdf/protocol.html", {
        "call": call, "rows": rows, "run": run, "decided": list(selectors.decided_cases(call).order_by("state", "waiting_rank", "pk")),
    })  # fmt: skip
