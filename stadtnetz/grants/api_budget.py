# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""API of the grant app: budget (mounted in api.py)."""

from ninja import Router

router = Router(tags=["grants"])
