# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""API of review and selection under /api/v1/."""

from ninja import Router

router = Router(tags=["reviews"])
