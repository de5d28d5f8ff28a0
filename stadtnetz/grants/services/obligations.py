# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The programme's two obligations as writes and as the final statement's precondition.

- ``software_flag_set``: the project's editors (or the office) say whether a measure produces
  software. Without a flag, a measure that names a repository counts as software.
- ``measure_repository_set``: they name the measure's public repository (an https address the
  crawler accepts).
- ``obligation_exception_record`` / ``obligation_exception_withdraw``: the programme office
  records (with a reason) or withdraws an exception to the rule that a software measure's
  repository must be published before the final statement.
- ``final_statement_blockers(notice)``: the messages that stop the final statement: software
  measures without a published repository (and no exception), and completed measures without a
  lesson (knowledge transfer). The reports service refuses the final statement while this list is
  not empty; it does not check lessons itself.

Every write appends an ObligationEvent (who, when, what, why).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.projects.models import Measure

from ..models import GrantNotice, ObligationAction, ObligationEvent, SoftwareObligation
from ..permissions import can_run_grants, can_set_software_flag
from ..selectors_obligations import (
    DETAIL_LABELS,
    measures_without_lesson,
    project_software,
)
from .common import refuse

MAX_REASON = 5000


def _locked_obligation(measure) -> SoftwareObligation:
    obligation, _created = SoftwareObligation.objects.select_for_update().get_or_create(
        measure=measure, defaults={"produces_software": bool(measure.repository_url)}
    )
    return obligation


@transaction.atomic
def software_flag_set(*, actor, measure, produces_software: bool) -> SoftwareObligation:
    """Record whether ``measure`` produces software (editors of its project, or the office)."""
    can_set_software_flag(actor, measure).enforce()
    if not isinstance(produces_software, bool):
        refuse(_("Say yes or no."), "produces_software")
    obligation = _locked_obligation(measure)
    obligation.produces_software = produces_software
    obligation.save(update_fields=["produces_software"])
    ObligationEvent.objects.create(
        measure=measure, action=ObligationAction.FLAG_SET, produces_software=produces_software,
        actor=actor,
    )  # fmt: skip
    return obligation


@transaction.atomic
def measure_repository_set(*, actor, measure, repository_url: str) -> Measure:
    """Name (or clear, with "") the public repository of ``measure``: the project's editors and
    the office. Only a plain https address of a repository is accepted (the crawler's rules:
    no user names, no private or local hosts, no query)."""
    from stadtnetz.solutions.sources import RefusedSource, parse

    can_set_software_flag(actor, measure).enforce()
    text = repository_url.strip() if isinstance(repository_url, str) else None
    if text is None:
        refuse(_("Enter the address of the repository."), "repository_url")
    if text:
        if "://" not in text:
            refuse(_("Enter an https:// address, e.g. https://gitlab.opencode.de/stadt/app."),
                   "repository_url")  # fmt: skip
        try:
            text = parse(text).url
        except RefusedSource as error:
            refuse(str(error), "repository_url")
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    if locked.repository_url == text:
        return locked
    locked.repository_url = text
    locked.save(update_fields=["repository_url", "updated_at"])
    ObligationEvent.objects.create(
        measure=locked, action=ObligationAction.REPOSITORY, note=text, actor=actor
    )
    return locked


def _reason(reason) -> str:
    text = (reason or "").strip() if isinstance(reason, str) else ""
    if not text:
        refuse(_("Give the reason for the exception."), "reason")
    if "\x00" in text:
        refuse(_("The text contains characters that are not allowed."), "reason")
    if len(text) > MAX_REASON:
        refuse(_("At most 5,000 characters (now %(n)d).") % {"n": len(text)}, "reason")
    return text


@transaction.atomic
def obligation_exception_record(*, actor, measure, reason: str) -> SoftwareObligation:
    """The programme office excepts ``measure`` from the publication rule, with a reason."""
    can_run_grants(actor).enforce()
    text = _reason(reason)
    obligation = _locked_obligation(measure)
    obligation.exception_reason = text
    obligation.exception_by = actor
    obligation.exception_at = timezone.now()
    obligation.save(update_fields=["exception_reason", "exception_by", "exception_at"])
    ObligationEvent.objects.create(
        measure=measure, action=ObligationAction.EXCEPTION, note=text, actor=actor,
        produces_software=obligation.produces_software,
    )  # fmt: skip
    return obligation


@transaction.atomic
def obligation_exception_withdraw(*, actor, measure) -> SoftwareObligation:
    """The programme office withdraws a recorded exception."""
    can_run_grants(actor).enforce()
    obligation = _locked_obligation(measure)
    if not obligation.exception_reason:
        refuse(_("No exception is recorded for this measure."))
    obligation.exception_reason = ""
    obligation.exception_by = None
    obligation.exception_at = None
    obligation.save(update_fields=["exception_reason", "exception_by", "exception_at"])
    ObligationEvent.objects.create(
        measure=measure, action=ObligationAction.EXCEPTION_WITHDRAWN, actor=actor,
        produces_software=obligation.produces_software,
    )  # fmt: skip
    return obligation


def software_blockers(notice: GrantNotice) -> list[str]:
    """One message per software measure of the notice's project without a published repository
    (unless the office recorded an exception)."""
    messages = []
    for check in project_software(notice.project):
        if not check.blocks_final_statement:
            continue
        if check.detail == "no_repository":
            messages.append(
                _("The measure “%(title)s” produces software but names no published repository. "
                  "Enter the address of its public repository on the measure, or ask the "
                  "programme office to record an exception with a reason.")
                % {"title": check.title}
            )  # fmt: skip
        else:
            messages.append(
                _("The repository of the measure “%(title)s” (%(url)s) is not published: "
                  "%(detail)s Publish it, or ask the programme office to record an exception "
                  "with a reason.")
                % {"title": check.title, "url": check.repository_url,
                   "detail": DETAIL_LABELS[check.detail]}
            )  # fmt: skip
    return messages


def lesson_blockers(notice: GrantNotice) -> list[str]:
    """One message per completed measure (done, continued) without a lesson."""
    titles = measures_without_lesson([notice.project_id]).get(notice.project_id, [])
    return [
        _("The measure “%(title)s” is completed but has no lesson. Write at least one lesson "
          "for it (knowledge transfer).") % {"title": title}
        for title in titles
    ]  # fmt: skip


def final_statement_blockers(notice: GrantNotice) -> list[str]:
    """Everything that stops the final statement of use: both obligations. Empty: may submit."""
    return software_blockers(notice) + lesson_blockers(notice)
