# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes of the grant app, one module per area: notice (issuing, strategy, milestones),
payments, reports, changes, obligations. Import the module: ``from stadtnetz.grants.services
import payments``."""
