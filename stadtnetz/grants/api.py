# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The grant app's API (/api/v1/model-projects/{project_id}/…, /payment-requests/…)."""

from ninja import Router

from . import api_budget, api_notice, api_payments, api_reports

router = Router()
router.add_router("", api_notice.router)
router.add_router("", api_payments.router)
router.add_router("", api_reports.router)
router.add_router("", api_budget.router)
