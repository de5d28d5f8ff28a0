# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Builders for calls in tests: real services, aware datetimes relative to now."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from stadtnetz.programmes.services import (
    SYSTEM_ACTOR,
    call_create,
    call_form_save,
    programme_create,
)

SECTIONS = [
    {"key": "ausgangslage", "title": "Ausgangslage", "guidance": "Wo stehen Sie?", "required": True, "char_limit": 500},
    {"key": "strategie", "title": "Strategie", "guidance": "", "required": True, "char_limit": 2000},
    {"key": "extras", "title": "Weiteres", "guidance": "", "required": False, "char_limit": 300},
]  # fmt: skip


def make_call(*, opens_in: dt.timedelta = -dt.timedelta(days=1), closes_in: dt.timedelta = dt.timedelta(days=30),
              sections=SECTIONS, programme=None, **fields):  # fmt: skip
    now = timezone.now()
    if programme is None:
        from stadtnetz.programmes.models import Programme

        programme = Programme.objects.filter(slug="test-programm").first() or programme_create(
            actor=SYSTEM_ACTOR, name="Test-Programm", funder="Bund", slug="test-programm"
        )
    values = {
        "round_year": now.year, "title": "Testaufruf", "theme": "Gemeinwohl", "opens_at": now + opens_in,
        "closes_at": now + closes_in, "eligible_kinds": ["municipality", "county", "cooperation"],
        "funding_rate": Decimal("65.00"), "hardship_rate": Decimal("90.00"),
        "max_grant_phase_a": Decimal("2500000.00"), "max_grant_phase_b": Decimal("15000000.00"),
        "max_duration_months": 84,
    } | fields  # fmt: skip
    call = call_create(actor=SYSTEM_ACTOR, programme=programme, **values)
    if sections:
        call_form_save(actor=SYSTEM_ACTOR, call=call, sections=sections)
    return call
