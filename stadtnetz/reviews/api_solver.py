# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The pure solver endpoint ``POST /api/v1/selection/solve`` (programme office, by token).

Candidates and constraints in, the optimal selection (or why there is none) out; nothing is
stored. The body is read and checked by ``selection`` itself, so the API refuses exactly what
the optimiser refuses, with the field named.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from stadtnetz.core.api_auth import token_auth
from stadtnetz.core.api_errors import ErrorOut
from stadtnetz.core.permissions import is_programme_office

from . import selection

router = Router(tags=["reviews"])

MAX_BODY_BYTES = 1024 * 1024  # about 5,000 candidates
TIME_LIMIT_SECONDS = 5.0  # per solve; a run that needs longer answers "time_limit"


class ItemOut(Schema):
    group: str = Field(description="constraint group: " + ", ".join(selection.GROUPS))
    key: str = Field(description="size class or candidate id where the group has several parts")
    text: str


class BindingOut(Schema):
    group: str
    keys: list[str] = Field(description="the parts that are tight at the solution")
    gain: Decimal = Field(description="how much higher the optimum would be without this group")


class GreedyOut(Schema):
    selected: list[int]
    objective: Decimal
    total_cost: Decimal
    feasible: bool
    violated: list[ItemOut]


class SolveOut(Schema):
    status: str = Field(description="optimal, infeasible, or time_limit (best found, not proven)")
    selected: list[int]
    objective: Decimal | None = Field(description="sum of the selected scores")
    total_cost: Decimal | None
    reason: str = Field(description="why no selection exists (empty when optimal)")
    conflict: list[ItemOut] = Field(description="a minimal set of constraints that clash")
    binding: list[BindingOut]
    greedy: GreedyOut | None = Field(description="top-N down the ranking within budget and caps")
    gap: Decimal | None = Field(description="objective minus the greedy objective")
    mip_gap: float | None
    solver: str


_COUNT_BY_CLASS = {
    "type": "object",
    "properties": {k: {"type": "integer", "minimum": 0} for k in selection.SIZE_CLASSES},
    "additionalProperties": False,
}
SOLVE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["candidates", "constraints"],
                    "additionalProperties": False,
                    "properties": {
                        "candidates": {
                            "type": "array",
                            "maxItems": selection.MAX_CANDIDATES,
                            "items": {
                                "type": "object",
                                "required": ["id", "score", "cost", "size_class", "state"],
                                "additionalProperties": False,
                                "properties": {
                                    "id": {"type": "integer"},
                                    "score": {"type": "number"},
                                    "cost": {
                                        "type": "string",
                                        "pattern": r"^\d+(\.\d{1,2})?$",
                                        "description": "euro as a decimal string",
                                    },
                                    "size_class": {
                                        "type": "string",
                                        "enum": list(selection.SIZE_CLASSES),
                                    },  # fmt: skip
                                    "state": {"type": "string", "enum": list(selection.STATES)},
                                    "pinned": {"type": "string", "enum": list(selection.PINS)},
                                },
                            },
                        },
                        "constraints": {
                            "type": "object",
                            "required": ["budget"],
                            "additionalProperties": False,
                            "properties": {
                                "budget": {
                                    "type": "string",
                                    "pattern": r"^\d+(\.\d{1,2})?$",
                                    "description": "total cost of the selection at most this",
                                },
                                "min_per_size_class": _COUNT_BY_CLASS,
                                "max_per_size_class": _COUNT_BY_CLASS,
                                "max_per_state": {"type": "integer", "minimum": 0},
                                "min_states": {
                                    "type": "integer",
                                    "minimum": 0,
                                    "maximum": len(selection.STATES),
                                    "description": "at least this many distinct states",
                                },
                                "every_state": {
                                    "type": "boolean",
                                    "description": "at least one from every state with an eligible candidate",  # fmt: skip
                                },
                                "min_score": {
                                    "type": "number",
                                    "description": "candidates below it cannot be selected",
                                },
                                "pins": {
                                    "type": "object",
                                    "additionalProperties": {
                                        "type": "string",
                                        "enum": list(selection.PINS),
                                    },  # fmt: skip
                                    "description": "candidate id → include/exclude (as the candidates' pinned)",  # fmt: skip
                                },
                            },
                        },
                    },
                }
            }
        },
    }
}


def _error(status: int, code: str, detail: str, errors: dict[str, str] | None = None):
    return Status(status, {"detail": detail, "code": code, "errors": errors or {}})


@router.post(
    "/selection/solve",
    auth=token_auth,
    response={
        200: SolveOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
    },  # fmt: skip
    summary="Solve a jury selection exactly (programme office; nothing is stored)",
    description=(
        "Maximises the sum of the selected candidates' scores under the budget and the "
        "optional quotas with an exact MILP solver (HiGHS). Scores are compared at six "
        "decimals; money is exact in cents. Infeasible constraints are a result "
        "(`status: infeasible` with a `reason` naming a minimal set of constraints that clash), "
        "malformed input is 422 with `errors` per field. `lang` (de/en) sets the language of "
        "`reason` and the messages. 400: the body is not a JSON object; "
        "401: no valid token; 403: not the programme office; 413: body over 1 MiB."
    ),
    openapi_extra=SOLVE_BODY,
)
def solve_selection(request, lang: str | None = None):
    if not is_programme_office(request.auth):
        return _error(403, "forbidden", _("Only the programme office runs the selection solver."))
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        return _error(413, "payload_too_large", _("The body is larger than 1 MiB."))
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _error(400, "invalid_json", _("The body is not valid UTF-8 JSON."))
    if not isinstance(body, dict):
        return _error(400, "invalid_json", _("The body must be a JSON object."))
    errors: dict[str, str] = {}
    for key in sorted(set(body) - {"candidates", "constraints"}):
        errors[key[:60]] = _("unknown field")
    for key in ("candidates", "constraints"):
        if key not in body:
            errors[key] = _("is required")
    # like the other API reads: ?lang=en|de, else the person's language (cookie), else German
    language = lang if lang in ("de", "en") else (translation.get_language() or "de")[:2]
    if not errors:
        try:
            answer = selection.solve(
                body["candidates"], body["constraints"], language=language,
                time_limit=TIME_LIMIT_SECONDS,
            )  # fmt: skip
        except selection.SelectionInputError as error:
            errors = error.by_field(language)
    if errors:
        detail = "; ".join(f"{field}: {message}" for field, message in list(errors.items())[:10])
        return _error(422, "invalid_input", detail, errors)
    return Status(200, answer)
