# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""URLs of the grant app, one module per area so that the areas grow side by side."""

from . import urls_budget, urls_notice, urls_payments, urls_reports

app_name = "grants"

urlpatterns = [
    *urls_notice.urlpatterns,
    *urls_payments.urlpatterns,
    *urls_reports.urlpatterns,
    *urls_budget.urlpatterns,
]
