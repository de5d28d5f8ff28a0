# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""API of the grant app: budget (mounted in api.py).

``GET /api/v1/model-projects/{project_id}/budget``: approved (plan in force), requested, paid,
reported as spent and remaining per phase, year and category, with subtotals; every amount a
decimal string with two places (selectors_budget.py says what each column counts)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from stadtnetz.core.api_errors import ApiError, ErrorOut
from stadtnetz.users.api import token_auth

from .models import GrantNotice
from .permissions import can_view_grant
from .selectors_budget import budget, decimal_strings

router = Router(tags=["grants"])


class AmountsOut(Schema):
    approved_costs: str = Field(description="approved eligible costs (plan in force), EUR")
    approved: str = Field(description="approved grant (plan in force), EUR")
    requested: str = Field(description="grant of submitted, checked, released and paid requests")
    paid: str = Field(description="grant of paid payment requests, EUR")
    reported: str = Field(
        description="expenditure reported as spent by submitted and accepted statements (the "
        "latest statement per cell), eligible costs in EUR"
    )
    remaining: str = Field(description="approved − paid, EUR")


class CellOut(AmountsOut):
    phase: str
    year: int
    category: str


class YearOut(AmountsOut):
    phase: str
    year: int


class BudgetPhaseOut(AmountsOut):
    phase: str


class BudgetOut(Schema):
    reference: str = Field(description="file reference of the grant notice")
    plan_version: int = Field(description="number of the plan version in force")
    phase: str | None
    cells: list[CellOut]
    years: list[YearOut]
    phases: list[BudgetPhaseOut]
    total: AmountsOut


@router.get(
    "/model-projects/{project_id}/budget",
    response={200: BudgetOut, 404: ErrorOut, 422: ErrorOut},
    auth=token_auth,
    summary="Budget of a model project's grant: approved, requested, paid, reported, remaining",
    description="Per phase, year and budget category, with subtotals per year and phase and the "
    "total. Amounts are decimal strings. The programme office and members of the funded "
    "organisation; 404 for anyone else and for a project without a grant notice. "
    "`phase` (A or B) limits the answer to one phase; another value is refused with 422.",
)
def project_budget(request, project_id: int, phase: str = ""):
    notice = (
        GrantNotice.objects.select_related("project__organisation")
        .filter(project_id=project_id)
        .first()
    )
    if notice is None or not can_view_grant(request.auth, notice):
        raise Http404("No such grant.")
    if phase not in ("", "A", "B"):
        raise ApiError(422, _("Choose phase A or B."), code="invalid_input", parameter="phase")
    return decimal_strings(budget(notice, phase=phase or None))
