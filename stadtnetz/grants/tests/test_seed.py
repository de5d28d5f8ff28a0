# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""seed-grants-demo: grant notices for the demo call's two best-ranked applications, one project
in phase A and one in phase B with a paid and a waiting payment request, an overdue interim
statement, milestones (one overdue) and a software measure without repository; idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from stadtnetz.projects.importer import fields_of_action_ensure

from ..models import ChangeRequest, GrantNotice, Milestone, PaymentEvent, PaymentRequest
from ..selectors import current_plan
from ..selectors_budget import budget
from ..selectors_office import office_board
from ..services.obligations import final_statement_blockers

pytestmark = pytest.mark.django_db


def counts():
    return (GrantNotice.objects.count(), PaymentRequest.objects.count(),
            PaymentEvent.objects.count(), Milestone.objects.count(),
            ChangeRequest.objects.count())  # fmt: skip


def test_grants_demo_is_complete_and_idempotent(registry, make_user, settings):
    from stadtnetz.programmes.services import SYSTEM_ACTOR, programme_create

    settings.DEBUG = True
    with pytest.raises(CommandError):
        call_command("seed_grants_demo")
    make_user("programmbuero", is_programme_office=True)
    programme_create(actor=SYSTEM_ACTOR, name="Demo", funder="Bund", slug="demo")
    fields_of_action_ensure()
    call_command("seed_review_demo")
    call_command("seed_grants_demo")
    notices = {n.starts_in_phase: n for n in GrantNotice.objects.all()}
    assert set(notices) == {"A", "B"}
    assert all(n.application.call.code == "demo-auswahlrunde" for n in notices.values())
    money = budget(notices["B"]).total
    assert money.paid == Decimal("80000.00") * notices["B"].funding_rate / 100
    assert money.requested > money.paid
    rows = {row.notice_id: row for row in office_board().rows}
    b = rows[notices["B"].pk]
    assert b.phase == "B" and b.overdue_reports == 1 and b.overdue_milestones == 1
    assert b.second_approval == [2] and b.needs_attention
    a = rows[notices["A"].pk]
    assert a.phase == "A" and a.paid == Decimal("0.00")
    assert any("Bürger-App" in message for message in final_statement_blockers(notices["B"]))
    change = notices["B"].change_requests.get()
    assert change.kind == "budget" and change.status == "submitted"
    proposed = sum(Decimal(line["eligible_costs"]) for line in change.proposed_lines)
    in_force = sum(line.eligible_costs for line in current_plan(notices["B"]).lines.all())
    assert proposed == in_force  # money moves between years, nothing is added
    before = counts()
    call_command("seed_grants_demo")
    assert counts() == before
