# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows of the grant app: budget (merged in authz.py; the world is built there)."""

ROWS: dict = {}
