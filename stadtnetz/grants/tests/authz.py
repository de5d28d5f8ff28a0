# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows of the grant app, merged from one module per area (authz_<area>.py; the
shared world and role sets are in authz_common.py)."""

from __future__ import annotations

from . import authz_budget, authz_notice, authz_payments, authz_reports
from .authz_common import extend_world  # noqa: F401  (the matrix calls it)

ROWS: dict = {}
for _module in (authz_notice, authz_payments, authz_reports, authz_budget):
    _overlap = set(ROWS) & set(_module.ROWS)
    assert not _overlap, f"grant rows defined twice: {_overlap}"
    ROWS.update(_module.ROWS)
