# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The strategy that ends phase A (issue 12, "Phases").

The funded organisation's editors upload the strategy document (type read from the bytes, size
limited, stored privately like an application attachment). The programme office approves it with
a date, or asks for changes with a reason. On approval phase A is completed and phase B runs
from the day after the approval (selectors.strategy_approved then lets phase B be drawn on).
A project that started directly in phase B has no strategy step.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.utils.translation import gettext as _

from stadtnetz.core import uploads

from ..models import GrantNotice, Phase, StrategyDocument, StrategyState
from ..permissions import can_act_for_grantee, can_run_grants
from .common import refuse

MAX_STRATEGY_FILES = 20


def _locked_notice(notice: GrantNotice) -> GrantNotice:
    return GrantNotice.objects.select_for_update().select_related("project").get(pk=notice.pk)


@transaction.atomic
def strategy_upload(*, actor, notice: GrantNotice, name: str, data: bytes) -> StrategyDocument:
    """Store a strategy document and submit it to the office. Refused for a direct start in
    phase B, once a strategy is approved, while another one waits for the decision, and for files
    the upload rules refuse (empty, too large, unknown type, zip bomb)."""
    can_act_for_grantee(actor, notice).enforce()
    notice = _locked_notice(notice)
    if notice.starts_in_phase == Phase.B:
        refuse(_("This project started directly in phase B; it has no strategy step."), "file")
    states = set(notice.strategies.values_list("state", flat=True))
    if StrategyState.APPROVED in states:
        refuse(_("The strategy has already been approved."), "file")
    if StrategyState.SUBMITTED in states:
        refuse(_("A strategy is waiting for the office's decision."), "file")
    try:
        uploads.refuse_oversized(len(data))
        uploads.check_quota(
            notice.strategies.all(),
            len(data),
            max_count=MAX_STRATEGY_FILES,
            max_total=MAX_STRATEGY_FILES * uploads.max_bytes(),
        )
        sniffed = uploads.sniff(name, data)
    except uploads.UploadRefused as error:
        refuse(str(error), "file")
    with uploads.stored_privately(f"grants/{notice.pk}/strategy", data) as relative:
        return StrategyDocument.objects.create(
            notice=notice,
            name=uploads.clean_name(name, "strategie.pdf"),
            kind=sniffed.kind,
            content_type=sniffed.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            path=relative,
            uploaded_by=actor,
        )


@transaction.atomic
def strategy_decide(
    *,
    actor,
    strategy: StrategyDocument,
    approve: bool,
    approved_on: dt.date | None = None,
    reason: str = "",
    today: dt.date | None = None,
) -> StrategyDocument:
    """Approve (with the date of approval) or ask for changes (with a reason). Approval completes
    phase A and starts phase B the day after (ends_on of phase A = the approval date)."""
    from stadtnetz.projects.models import PhaseStatus, ProjectPhase

    can_run_grants(actor).enforce()
    notice = _locked_notice(strategy.notice)
    strategy = StrategyDocument.objects.select_for_update().get(pk=strategy.pk)
    if strategy.state != StrategyState.SUBMITTED:
        refuse(_("This strategy has already been decided."))
    reason = (reason or "").strip()
    today = today or dt.date.today()
    if approve:
        if approved_on is None:
            refuse(_("Enter the date of the approval."), "approved_on")
        if approved_on > today:
            refuse(_("The approval cannot be dated in the future."), "approved_on")
        if not notice.period_start <= approved_on <= notice.period_end:
            refuse(_("The date lies outside the project period."), "approved_on")
        if approved_on < strategy.uploaded_at.date():
            refuse(_("The approval cannot be dated before the upload."), "approved_on")
        strategy.state = StrategyState.APPROVED
        strategy.approved_on = approved_on
    else:
        if not reason:
            refuse(_("Please give the reason."), "reason")
        strategy.state = StrategyState.CHANGES_REQUESTED
    strategy.decided_by = actor
    strategy.decision_note = reason
    strategy.save(update_fields=["state", "approved_on", "decided_by", "decision_note"])
    if approve and approved_on is not None:
        phase_a = ProjectPhase.objects.filter(project=notice.project, phase=Phase.A).first()
        if phase_a is not None:
            phase_a.status = PhaseStatus.COMPLETED
            phase_a.ends_on = approved_on
            phase_a.save(update_fields=["status", "ends_on", "updated_at"])
        starts_on = min(approved_on + dt.timedelta(days=1), notice.period_end)
        ProjectPhase.objects.update_or_create(
            project=notice.project,
            phase=Phase.B,
            defaults={"status": PhaseStatus.RUNNING, "starts_on": starts_on},
        )
    return strategy


def strategy_file(strategy: StrategyDocument) -> bytes:
    return (uploads.private_root() / strategy.path).read_bytes()
