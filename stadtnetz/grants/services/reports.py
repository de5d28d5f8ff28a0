# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Interim and final statements (Zwischennachweis, Verwendungsnachweis).

The notice schedules every statement (status "due"). The grantee's editors open a draft (the
call's report form is made from the default sections when the call has none yet), save answers
per section and the numerical statement (spent per phase, year and category, against the plan in
force), for the final statement also the list of contracts, and submit. The programme office
accepts or asks for changes with a reason; a statement with changes requested is a draft again
for the grantee. Every state change appends a ReportEvent; saves count the optimistic version up.

The interim statement of year Y states what was spent in Y; the final statement states the whole
project (every year of the period; its first draft is prefilled from the interim statements).
Submitting the final statement also checks the programme's two obligations: open source
(``obligations.final_statement_blockers``) and knowledge transfer (a lesson per completed
measure).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from stadtnetz.core.versioning import check_version

from ..models import (
    Phase,
    Report,
    ReportContract,
    ReportEvent,
    ReportExpenditure,
    ReportKind,
    ReportSection,
    ReportStatus,
)
from ..permissions import can_act_for_grantee, can_run_grants
from .common import GrantError, money, refuse

EDITABLE = (ReportStatus.DUE, ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)
MAX_CONTRACTS = 500

# The default report form of a call: (key, title, guidance, required, character limit). Titles
# and guidance are data of the call (German, like the call's application form); the office may
# change them per call.
DEFAULT_SECTIONS: dict[str, list[tuple[str, str, str, bool, int]]] = {
    ReportKind.INTERIM: [
        ("sachstand", gettext_noop("Sachstand"),
         gettext_noop("Was wurde im Berichtsjahr erreicht? Stand der Maßnahmen und Meilensteine."),
         True, 5000),
        ("abweichungen", gettext_noop("Abweichungen vom Plan"),
         gettext_noop("Zeitliche, inhaltliche oder finanzielle Abweichungen und ihre Gründe."),
         True, 3000),
        ("ausblick", gettext_noop("Ausblick"),
         gettext_noop("Was ist für das nächste Jahr geplant?"), True, 3000),
    ],
    ReportKind.FINAL: [
        ("ergebnisse", gettext_noop("Ergebnisse"),
         gettext_noop("Die wesentlichen Ergebnisse des Modellprojekts."), True, 10000),
        ("zielerreichung", gettext_noop("Zielerreichung"),
         gettext_noop("Wurden die Ziele des Antrags erreicht? Woran lässt sich das messen?"),
         True, 5000),
        ("uebertragbarkeit", gettext_noop("Übertragbarkeit"),
         gettext_noop("Was können andere Kommunen übernehmen, und unter welchen Bedingungen?"),
         True, 5000),
        ("abweichungen", gettext_noop("Abweichungen vom Plan"),
         gettext_noop("Abweichungen vom Finanzierungs- und Arbeitsplan und ihre Gründe."),
         False, 5000),
        ("verstetigung", gettext_noop("Verstetigung"),
         gettext_noop("Wie geht es nach dem Förderzeitraum weiter?"), False, 3000),
    ],
}  # fmt: skip


@dataclass(frozen=True)
class ExpenditureInput:
    phase: str
    year: int | str
    category: str
    amount: Decimal | str


@dataclass(frozen=True)
class ContractInput:
    contractor: str
    subject: str
    amount: Decimal | str
    awarded_on: dt.date | str
    procedure: str = ""


def call_of(notice):
    """The call whose report form the notice's statements use (None for projects of the
    programme's history without a call on the platform)."""
    if notice.application_id is not None:
        return notice.application.call
    return notice.project.call


def default_sections(call, kind: str) -> list[ReportSection]:
    return [
        ReportSection(call=call, kind=kind, position=position, key=key, title=title,
                      guidance=guidance, required=required, char_limit=limit)
        for position, (key, title, guidance, required, limit)
        in enumerate(DEFAULT_SECTIONS[kind], 1)
    ]  # fmt: skip


def report_sections_ensure(call) -> None:
    """Give the call the default report form of each kind it has no section of yet (idempotent;
    called when a draft is opened, never from a page that only reads)."""
    if call is None:
        return
    have = set(ReportSection.objects.filter(call=call).values_list("kind", flat=True).distinct())
    for kind in ReportKind.values:
        if kind not in have:
            ReportSection.objects.bulk_create(default_sections(call, kind), ignore_conflicts=True)


def sections_for(report: Report) -> list[ReportSection]:
    """The report form of a statement: the call's sections of its kind, or (call without a form
    yet, or no call) the default sections, unsaved."""
    call = call_of(report.notice)
    if call is not None:
        rows = list(ReportSection.objects.filter(call=call, kind=report.kind))
        if rows:
            return rows
    return default_sections(call, report.kind)


def _parse_day(value, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise GrantError({field: [_("Enter a date like 31.12.2026.")]})


def _lock(report: Report) -> Report:
    return (
        Report.objects.select_related("notice__project__organisation")
        .select_for_update(of=("self",))
        .get(pk=report.pk)
    )


def _event(report: Report, status: str, actor, note: str = "") -> None:
    ReportEvent.objects.create(report=report, status=status, actor=actor, note=note)


def _prefill_final(report: Report) -> None:
    """The final statement's first draft: the figures of the interim statements."""
    if report.kind != ReportKind.FINAL or report.expenditures.exists():
        return
    totals: dict[tuple[str, int, str], Decimal] = defaultdict(Decimal)
    for row in ReportExpenditure.objects.filter(
        report__notice_id=report.notice_id, report__kind=ReportKind.INTERIM
    ):
        totals[(row.phase, row.year, row.category)] += row.amount
    ReportExpenditure.objects.bulk_create(
        ReportExpenditure(report=report, phase=p, year=y, category=c, amount=amount)
        for (p, y, c), amount in sorted(totals.items())
    )


def _open(report: Report, actor) -> None:
    """DUE → DRAFT (with its event) and the call's report form made; no-op for drafts."""
    if report.status not in EDITABLE:
        refuse(_("This statement was submitted and can no longer be changed."))
    report_sections_ensure(call_of(report.notice))
    if report.status == ReportStatus.DUE:
        report.status = ReportStatus.DRAFT
        report.save(update_fields=["status", "updated_at"])
        _event(report, ReportStatus.DRAFT, actor, _("Draft opened"))
        _prefill_final(report)


@transaction.atomic
def report_open(*, actor, report: Report) -> Report:
    """Open the draft of a due statement (idempotent for drafts)."""
    report = _lock(report)
    can_act_for_grantee(actor, report.notice).enforce()
    _open(report, actor)
    return report


def _clean_answers(report: Report, answers: dict) -> dict[str, str]:
    sections = {s.key: s for s in sections_for(report)}
    errors: dict[str, list[str]] = {}
    cleaned = dict(report.answers or {})
    for key, value in answers.items():
        field = f"answers.{key}"
        section = sections.get(key)
        if section is None:
            errors[field] = [_("This statement has no section “%(key)s”.") % {"key": key}]
            continue
        text = str(value or "").replace("\r\n", "\n").strip()
        if "\x00" in text:
            errors[field] = [_("The text contains characters that are not allowed.")]
            continue
        if len(text) > section.char_limit:
            errors[field] = [
                _("At most %(limit)s characters (this text has %(count)s).")
                % {"limit": section.char_limit, "count": len(text)}
            ]
            continue
        cleaned[key] = text
    if errors:
        raise GrantError(errors)
    return cleaned


def _clean_expenditures(report: Report, rows) -> list[ReportExpenditure]:
    from stadtnetz.submissions.models import CostCategory

    notice = report.notice
    errors: dict[str, list[str]] = {}
    seen: set[tuple[str, int, str]] = set()
    result: list[ReportExpenditure] = []
    for index, row in enumerate(rows):
        field = f"expenditures.{index}"
        if row.phase not in Phase.values:
            errors[field] = [_("Choose phase A or B.")]
            continue
        if row.category not in CostCategory.values:
            errors[field] = [_("Unknown cost category “%(c)s”.") % {"c": row.category}]
            continue
        try:
            year = int(row.year)
        except (TypeError, ValueError):
            errors[field] = [_("Enter a year like 2027.")]
            continue
        if not notice.period_start.year <= year <= notice.period_end.year:
            errors[field] = [
                _("The year %(year)s lies outside the project period.") % {"year": year}
            ]
            continue
        if report.kind == ReportKind.INTERIM and year != report.period_year:
            errors[field] = [
                _("This interim statement reports the year %(year)s.")
                % {"year": report.period_year}
            ]
            continue
        key = (row.phase, year, row.category)
        if key in seen:
            errors[field] = [_("This phase, year and category appear twice.")]
            continue
        seen.add(key)
        amount = row.amount
        if isinstance(amount, str) and amount.strip().startswith("-"):
            errors[field] = [_("The amount may not be negative.")]
            continue
        try:
            if not isinstance(amount, str) and Decimal(amount) < 0:
                errors[field] = [_("The amount may not be negative.")]
                continue
            value = money(amount, field, allow_zero=True)
        except GrantError as error:
            errors[field] = list(error.messages)
            continue
        except (ArithmeticError, TypeError, ValueError):
            errors[field] = [_("Enter an amount in euros, e.g. 12.500,00.")]
            continue
        result.append(ReportExpenditure(report=report, phase=key[0], year=year,
                                        category=key[2], amount=value))  # fmt: skip
    if errors:
        raise GrantError(errors)
    return result


def _clean_contracts(report: Report, rows) -> list[ReportContract]:
    notice = report.notice
    if report.kind != ReportKind.FINAL:
        refuse(_("Only the final statement lists contracts."), "contracts")
    if len(rows) > MAX_CONTRACTS:
        refuse(_("At most %(n)s contracts.") % {"n": MAX_CONTRACTS}, "contracts")
    errors: dict[str, list[str]] = {}
    result: list[ReportContract] = []
    for index, row in enumerate(rows):
        field = f"contracts.{index}"
        contractor, subject = str(row.contractor).strip(), str(row.subject).strip()
        procedure = str(row.procedure or "").strip()
        problems = []
        if not contractor or len(contractor) > 300:
            problems.append(_("Name the contractor (at most 300 characters)."))
        if not subject or len(subject) > 500:
            problems.append(_("Name the subject of the contract (at most 500 characters)."))
        if len(procedure) > 200:
            problems.append(_("At most 200 characters for the procedure."))
        try:
            amount = money(row.amount, field)
            awarded_on = _parse_day(row.awarded_on, field)
        except GrantError as error:
            errors[field] = problems + list(error.messages)
            continue
        if not notice.period_start <= awarded_on <= notice.period_end:
            problems.append(_("The award date lies outside the project period."))
        if problems:
            errors[field] = problems
            continue
        result.append(ReportContract(report=report, contractor=contractor, subject=subject,
                                     amount=amount, awarded_on=awarded_on, procedure=procedure))  # fmt: skip
    if errors:
        raise GrantError(errors)
    return result


def _state(report: Report) -> dict:
    return {
        "answers": report.answers,
        "expenditures": sorted(
            (e.phase, e.year, e.category, str(e.amount)) for e in report.expenditures.all()
        ),
        "contracts": [
            (c.contractor, c.subject, str(c.amount), str(c.awarded_on), c.procedure)
            for c in report.contracts.all()
        ],
    }


@transaction.atomic
def report_save(
    *,
    actor,
    report: Report,
    answers: dict | None = None,
    expenditures: list[ExpenditureInput] | None = None,
    contracts: list[ContractInput] | None = None,
    base_version: int | None = None,
) -> Report:
    """Save the draft: the given answers (other sections keep theirs), and, when given, the whole
    numerical statement and the whole list of contracts. Refused at the field, nothing saved:
    unknown sections, texts above the section's limit, negative or non-numeric amounts, years
    outside the period (an interim statement: other years than its own), contracts of an
    interim statement or awarded outside the period. A stale ``base_version`` raises
    StaleVersion."""
    report = _lock(report)
    can_act_for_grantee(actor, report.notice).enforce()
    if report.status not in EDITABLE:
        refuse(_("This statement was submitted and can no longer be changed."))
    attempted: dict = {}
    cleaned_answers = _clean_answers(report, answers) if answers is not None else None
    new_rows = _clean_expenditures(report, expenditures) if expenditures is not None else None
    new_contracts = _clean_contracts(report, contracts) if contracts is not None else None
    if cleaned_answers is not None:
        attempted["answers"] = cleaned_answers
    if new_rows is not None:
        attempted["expenditures"] = sorted(
            (e.phase, e.year, e.category, str(e.amount)) for e in new_rows
        )
    if new_contracts is not None:
        attempted["contracts"] = [
            (c.contractor, c.subject, str(c.amount), str(c.awarded_on), c.procedure)
            for c in new_contracts
        ]
    check_version(base_version=base_version, current_version=report.version,
                  current=lambda: _state(report), attempted=attempted)  # fmt: skip
    _open(report, actor)
    if cleaned_answers is not None:
        report.answers = cleaned_answers
    if new_rows is not None:
        report.expenditures.all().delete()
        ReportExpenditure.objects.bulk_create(new_rows)
    if new_contracts is not None:
        report.contracts.all().delete()
        ReportContract.objects.bulk_create(new_contracts)
    report.version += 1
    report.save(update_fields=["answers", "version", "updated_at"])
    return report


def submission_problems(report: Report) -> dict[str, list[str]]:
    """What stands in the way of submitting (field → messages); empty when it may go."""
    from .obligations import final_statement_blockers

    errors: dict[str, list[str]] = defaultdict(list)
    answers = report.answers or {}
    for section in sections_for(report):
        if section.required and not str(answers.get(section.key, "")).strip():
            errors[f"answers.{section.key}"].append(
                _("Fill in “%(title)s”.") % {"title": _(section.title)}
            )
    if not report.expenditures.exists():
        errors["expenditures"].append(
            _("Enter the numerical statement: what was spent per category (0 where nothing).")
        )
    if report.kind == ReportKind.FINAL:
        blockers = final_statement_blockers(report.notice)
        if blockers:
            errors["obligations"].extend(blockers)
    return dict(errors)


@transaction.atomic
def report_submit(*, actor, report: Report, base_version: int | None = None) -> Report:
    """Submit the statement. Refused: already submitted (nothing changes), a stale version,
    required sections empty, no numerical statement, and for the final statement the open
    software obligations and completed measures without a lesson."""
    report = _lock(report)
    can_act_for_grantee(actor, report.notice).enforce()
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        refuse(
            _("This statement was already submitted on %(date)s.")
            % {"date": timezone.localtime(report.submitted_at).strftime("%d.%m.%Y")}
            if report.submitted_at
            else _("This statement was already submitted.")
        )
    if base_version is not None and base_version != report.version:
        refuse(
            _("Someone saved this statement in the meantime (version %(v)s). Check it, then "
              "submit again.") % {"v": report.version}
        )  # fmt: skip
    problems = submission_problems(report)
    if problems:
        raise GrantError(problems)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.version += 1
    report.save(update_fields=["status", "submitted_at", "submitted_by", "version", "updated_at"])
    _event(report, ReportStatus.SUBMITTED, actor)
    return report


@transaction.atomic
def report_review(*, actor, report: Report, accept: bool, reason: str = "") -> Report:
    """The office accepts a submitted statement or asks for changes (reason required); with
    changes requested it is a draft again for the grantee."""
    can_run_grants(actor).enforce()
    report = _lock(report)
    if report.status != ReportStatus.SUBMITTED:
        refuse(_("Only a submitted statement can be reviewed."))
    reason = (reason or "").strip()
    if len(reason) > 5000:
        refuse(_("At most 5000 characters."), "reason")
    if not accept and not reason:
        refuse(_("Please give the reason: what should be changed?"), "reason")
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.CHANGES_REQUESTED
    report.version += 1
    report.save(update_fields=["status", "version", "updated_at"])
    _event(report, report.status, actor, reason)
    if not accept:
        from .reports_notify import changes_requested

        changes_requested(report=report, reason=reason)
    return report
