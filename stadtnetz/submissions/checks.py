# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The completeness and criteria check, shown at any time and enforced at submission."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.programmes.models import CallStatus

from .budget import BudgetSummary, rate_for, summarise


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    section: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _money(value) -> str:
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def application_check(application, *, at: dt.datetime | None = None, answers=None, lines=None,
                      form=None) -> tuple[list[Problem], BudgetSummary]:  # fmt: skip
    call, organisation = application.call, application.organisation
    moment = at or timezone.now()
    problems: list[Problem] = []
    status = call.status_at(moment)
    if status != CallStatus.OPEN:
        problems.append(Problem("call_not_open", _("The call is not open (status: %(status)s).")
                                % {"status": CallStatus(status).label}))  # fmt: skip
    if organisation.kind not in call.eligible_kinds:
        problems.append(Problem("kind_not_eligible", _("Organisations of the kind “%(kind)s” may not apply to this call.")
                                % {"kind": organisation.get_kind_display()}))  # fmt: skip
    form = form if form is not None else call.current_form()
    answers = answers if answers is not None else {a.key: a for a in application.answers.all()}
    if form is None:
        problems.append(Problem("form_missing", _("The call has no application form yet.")))
    else:
        for section in form.sections.all():
            text = answers[section.key].text if section.key in answers else ""
            if section.required and not text.strip():
                problems.append(Problem("section_empty", _("The section “%(title)s” is required and empty.")
                                        % {"title": section.title}, section.key))  # fmt: skip
            if len(text) > section.char_limit:
                problems.append(Problem(
                    "section_too_long",
                    _("The section “%(title)s” has %(count)s characters; the limit is %(limit)s.")
                    % {"title": section.title, "count": len(text), "limit": section.char_limit},
                    section.key,
                ))  # fmt: skip
    lines = list(lines if lines is not None else application.budget_lines.all())
    rate, hardship = rate_for(call, application)
    summary = summarise(
        lines, rate=rate, hardship=hardship, third_party=application.third_party_funds()
    )
    if not lines:
        problems.append(Problem("budget_missing", _("The budget plan has no cost lines.")))
    if not application.starts_on or not application.duration_months:
        problems.append(
            Problem("duration_missing", _("Please give the planned start and duration."))
        )
    else:
        if application.duration_months > call.max_duration_months:
            problems.append(Problem("duration_too_long", _("The duration of %(months)s months exceeds the maximum of %(max)s months.")
                                    % {"months": application.duration_months, "max": call.max_duration_months}))  # fmt: skip
        first = application.starts_on.year
        last = (application.starts_on.month - 1 + application.duration_months - 1) // 12 + first
        outside = sorted({line.year for line in lines if not first <= line.year <= last})
        if outside:
            problems.append(Problem("budget_year_outside", _("Cost lines in %(years)s lie outside the project period %(first)s–%(last)s.")
                                    % {"years": ", ".join(map(str, outside)), "first": first, "last": last}))  # fmt: skip
    if call.required_documents:
        present = set(application.attachments.values_list("document_type", flat=True))
        for code, label in call.required_document_labels():
            if code not in present:
                problems.append(Problem("document_missing", _("The required document “%(type)s” is not attached.")
                                        % {"type": label}))  # fmt: skip
    if call.declarations and not application.is_signed:
        problems.append(Problem("not_signed", _("The declarations are not yet confirmed and no authorised signatory is "
                                                "named: an administrator of the organisation signs on the submit page.")))  # fmt: skip
    maxima = {"A": call.max_grant_phase_a, "B": call.max_grant_phase_b}
    for phase, grant in summary.grant_by_phase.items():
        if grant > maxima[phase]:
            problems.append(Problem("phase_maximum_exceeded", _("The grant for phase %(phase)s (%(grant)s EUR) exceeds the maximum of %(max)s EUR.")
                                    % {"phase": phase, "grant": _money(grant), "max": _money(maxima[phase])}))  # fmt: skip
    for phase, funds in summary.third_party_by_phase.items():
        room = summary.by_phase.get(phase, Decimal("0.00")) - summary.grant_by_phase.get(
            phase, Decimal("0.00")
        )
        if funds > room:
            problems.append(Problem("budget_third_party_too_high", _("The third-party funds of phase %(phase)s (%(funds)s EUR) exceed its own contribution of %(room)s EUR.")
                                    % {"phase": phase, "funds": _money(funds), "room": _money(room)}))  # fmt: skip
    return problems, summary
