# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Maturity API: the questionnaire, stateless evaluation, saved assessments, open statistics.

Bad input answers 400 in the API's one error shape, ``field`` naming the offending question or
field (not ninja's 422): the body is parsed here so every problem gets the same clear message.
"""

from __future__ import annotations

import datetime
import json
from typing import Literal

from django.http import Http404
from django.utils import translation
from ninja import Field, Query, Router, Schema, Status

from stadtnetz.core.api_auth import token_auth
from stadtnetz.core.api_errors import ErrorOut, error
from stadtnetz.organisations.models import Organisation

from . import engine, explain, permissions, questionnaire, selectors, services
from .engine import AnswerError

router = Router(tags=["assessments"])

MAX_BODY_BYTES = 64 * 1024


def _bad(code: str, id: str | None, detail: str):
    status = 413 if code == "payload_too_large" else 400
    return error(status, detail, code=code, field=id)


class StageOut(Schema):
    id: str
    value: int
    label: str
    alias: str
    definition: str


class ScoringOut(Schema):
    dimension_stage_threshold: str
    dimension_min_answered: int
    dimension_max_unknown: int
    overall_min_dimensions_at_level: int
    overall_floor_gap: int
    evidence_required_from: str
    badge_min_stage: str
    peer_min_group_size: int
    max_next_steps: int


class OptionOut(Schema):
    id: str = Field(description="a stage id, or unknown / na")
    text: str


class QuestionOut(Schema):
    id: str
    text: str
    short: str
    options: list[OptionOut]
    effort: Literal["low", "medium", "high"]
    impact: Literal["low", "medium", "high"]
    requires: dict[str, dict[str, str]]
    refs: list[str]


class DimensionOut(Schema):
    id: str
    title: str
    questions: list[QuestionOut]


class QuestionnaireOut(Schema):
    id: str
    version: str
    license: str
    language: Literal["de", "en"]
    stages: list[StageOut]
    scoring: ScoringOut
    dimensions: list[DimensionOut]


class OverallOut(Schema):
    stage: str | None = Field(description="stage id; null when not assessable")
    index: float | None


class DimensionResultOut(Schema):
    id: str
    title: str
    stage: str | None
    score: float | None
    answered: int
    unknown: int
    not_applicable: int
    badge: bool


class ExplanationOut(Schema):
    overall: str
    dimensions: dict[str, str] = Field(description="dimension id → explanation")


class NextStepOut(Schema):
    rank: int
    kind: Literal["clarify", "floor", "breadth", "prerequisite", "further"]
    question: str
    dimension: str
    from_: str = Field(alias="from", description="stage id, or unknown")
    to: str
    effort: Literal["low", "medium", "high"]
    impact: Literal["low", "medium", "high"]
    title: str
    action: str
    reason: str


class FlagsOut(Schema):
    unknown: list[str] = Field(description="questions answered “don't know”")
    evidence_missing: list[str] = Field(description="questions whose stage needs evidence")


class EvaluationOut(Schema):
    version: str
    overall: OverallOut
    dimensions: list[DimensionResultOut]
    explanation: ExplanationOut
    next_steps: list[NextStepOut]
    target_stage: str | None
    flags: FlagsOut
    language: str


class DimensionScoreOut(Schema):
    id: str
    stage: str | None
    score: float | None


class AssessmentOut(Schema):
    id: int
    organisation: int
    assessed_on: datetime.date
    questionnaire_version: str
    status: str
    overall: OverallOut
    dimensions: list[DimensionScoreOut]


class PeerDimensionOut(Schema):
    id: str
    median: float | None
    p25: float | None
    p75: float | None


class StatisticsOut(Schema):
    questionnaire_major: int
    size_class: str | None
    state: str | None
    programme_participants: bool
    minimum_group_size: int
    shown: bool = Field(description="false while the group is smaller than the minimum")
    count: int | None
    dimensions: list[PeerDimensionOut] | None = None
    stages: dict[str, int] | None = Field(None, description="overall stage id → organisations")
    evidenced_share_median: float | None = None
    stage_ids: list[str] | None = None


def _language(request, lang: str | None) -> str:
    if lang in ("de", "en"):
        return lang
    return (translation.get_language() or "de")[:2]


def _json_body(request) -> dict:
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        raise AnswerError("payload_too_large", "body", f"The body exceeds {MAX_BODY_BYTES} bytes.")
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise AnswerError("invalid_json", "body", "The body is not valid UTF-8 JSON.") from None
    if not isinstance(data, dict):
        raise AnswerError("invalid_json", "body", "The body must be a JSON object.")
    unexpected = set(data) - {"answers", "evidence", "version", "assessed_on"}
    if unexpected:
        field = sorted(unexpected)[0]
        raise AnswerError("unknown_field", field[:40], f"Unknown field {field[:40]!r}.")
    if "answers" not in data:
        raise AnswerError("missing_answer", "answers", "The body needs an 'answers' object.")
    return data


def _questionnaire_for(data: dict):
    current = questionnaire.current()
    version = data.get("version")
    if version is not None and version != current.version:
        raise AnswerError(
            "wrong_version", str(version)[:40],
            f"Answers must be for the current questionnaire version {current.version}.",
        )  # fmt: skip
    return current


def questionnaire_as_dict(q, language: str) -> dict:
    unknown = q.special_answers.unknown.label.get(language)
    na = q.special_answers.na.label.get(language)
    return {
        "id": q.meta.id,
        "version": q.version,
        "license": q.meta.license,
        "language": language,
        "stages": [
            {
                "id": s.id,
                "value": s.value,
                "label": s.label.get(language),
                "alias": s.alias.get(language),
                "definition": s.definition.get(language),
            }
            for s in q.stages
        ],  # fmt: skip
        "scoring": q.scoring.model_dump(),
        "dimensions": [
            {
                "id": dim.id,
                "title": dim.title.get(language),
                "questions": [
                    {
                        "id": question.id,
                        "text": question.text.get(language),
                        "short": question.short.get(language),
                        "options": [
                            {"id": sid, "text": text.get(language)}
                            for sid, text in question.options.items()
                        ]
                        + [{"id": questionnaire.UNKNOWN, "text": unknown}]
                        + ([{"id": questionnaire.NA, "text": na}] if question.na_allowed else []),
                        "effort": question.effort,
                        "impact": question.impact,
                        "requires": question.requires,
                        "refs": question.refs,
                    }
                    for question in q.questions_by_dimension[dim.id]
                ],
            }
            for dim in q.dimensions
        ],
    }


EVALUATE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["answers"],
                    "properties": {
                        "answers": {
                            "type": "object",
                            "additionalProperties": {"type": "string"},
                            "description": "question id → option id (B, F, FR, I, unknown, na)",
                        },
                        "evidence": {
                            "type": "object",
                            "description": "question id → {url (http/https), decision, document}",
                        },
                        "version": {"type": "string"},
                        "assessed_on": {"type": "string", "format": "date"},
                    },
                }
            }
        },
    }
}


@router.get(
    "/assessments/questionnaire",
    summary="The current maturity questionnaire",
    response=QuestionnaireOut,
)
def assessment_questionnaire(request, lang: str | None = None):
    language = _language(request, lang)
    return questionnaire_as_dict(questionnaire.current(), language)


@router.post(
    "/assessments/evaluate",
    summary="Evaluate answers (stateless, nothing stored)",
    response={200: EvaluationOut, 400: ErrorOut, 413: ErrorOut},
    openapi_extra=EVALUATE_BODY,
    by_alias=True,
)
def assessment_evaluate(request, lang: str | None = None):
    try:
        data = _json_body(request)
        q = _questionnaire_for(data)
        answers = engine.validate_answers(q, data["answers"], complete=True)
        evidence = engine.validate_evidence(q, data.get("evidence"))
    except AnswerError as problem:
        return _bad(problem.code, problem.id, problem.message)
    with translation.override(_language(request, lang)):
        return Status(200, explain.result_as_dict(q, engine.evaluate(q, answers, evidence)))


class StatisticsQuery(Schema):
    size_class: str = Field("", pattern="^(" + "|".join(selectors.SIZE_CLASSES) + ")?$")
    state: str = Field("", pattern="^([A-Za-z]{2})?$")
    programme: bool = Field(
        False, description="only organisations with a model project of the funding programme"
    )


@router.get(
    "/assessments/statistics",
    summary="Aggregated maturity of a peer group",
    response=StatisticsOut,
    exclude_unset=True,
)
def assessment_statistics(request, filters: Query[StatisticsQuery]):
    stats = selectors.peer_statistics(
        size_class=filters.size_class, state=filters.state.upper(), programme=filters.programme
    )
    q = questionnaire.current()
    body = {
        "questionnaire_major": stats.major,
        "size_class": stats.size_class or None,
        "state": stats.state or None,
        "programme_participants": stats.programme,
        "minimum_group_size": stats.minimum,
        "shown": stats.shown,
        "count": stats.count if stats.shown else None,
    }
    if stats.shown:
        body["dimensions"] = [
            {key: d[key] for key in ("id", "median", "p25", "p75")} for d in stats.dimensions
        ]
        body["stages"] = {(stage or "not_assessable"): n for stage, n in stats.stages.items()}
        body["evidenced_share_median"] = stats.evidenced_median
        body["stage_ids"] = q.stage_ids
    return body


def _organisation(organisation_id: int) -> Organisation:
    organisation = (
        Organisation.objects.select_related("municipality__state", "county__state")
        .filter(pk=organisation_id)
        .first()
    )
    if organisation is None:
        raise Http404("No organisation with this id.")
    return organisation


@router.post(
    "/assessments/organisations/{organisation_id}",
    auth=token_auth,
    summary="Save a completed assessment for an organisation (editors)",
    response={201: AssessmentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut},
    openapi_extra=EVALUATE_BODY,
)
def assessment_save(request, organisation_id: int):
    organisation = _organisation(organisation_id)
    decision = permissions.can_start_assessment(request.auth, organisation)
    if not decision:
        return error(403, str(decision.reason))
    try:
        data = _json_body(request)
        _questionnaire_for(data)
        assessed_on = None
        if data.get("assessed_on") is not None:
            try:
                assessed_on = datetime.date.fromisoformat(str(data["assessed_on"]))
            except ValueError:
                raise AnswerError(
                    "invalid_date", "assessed_on", "assessed_on: YYYY-MM-DD."
                ) from None
        assessment = services.assessment_record(
            organisation=organisation, actor=request.auth, answers=data["answers"],
            evidence=data.get("evidence"), assessed_on=assessed_on, version=data.get("version"),
        )  # fmt: skip
    except AnswerError as problem:
        return _bad(problem.code, problem.id, problem.message)
    return Status(201, _assessment_out(assessment))


def _assessment_out(assessment) -> dict:
    return {
        "id": assessment.pk,
        "organisation": assessment.organisation_id,
        "assessed_on": assessment.assessed_on.isoformat(),
        "questionnaire_version": assessment.questionnaire_version,
        "status": assessment.status,
        "overall": {
            "stage": assessment.overall_stage or None,
            "index": float(assessment.overall_index)
            if assessment.overall_index is not None
            else None,
        },
        "dimensions": [
            {
                "id": s.dimension,
                "stage": s.stage or None,
                "score": float(s.score) if s.score is not None else None,
            }
            for s in assessment.dimension_scores.all()
        ],  # fmt: skip
    }


@router.get(
    "/assessments/organisations/{organisation_id}",
    auth=token_auth,
    summary="History of an organisation's assessments (members)",
    response={200: list[AssessmentOut], 403: ErrorOut, 404: ErrorOut},
)
def assessment_history(request, organisation_id: int):
    organisation = _organisation(organisation_id)
    decision = permissions.can_view_assessments(request.auth, organisation)
    if not decision:
        return error(403, str(decision.reason))
    return Status(200, [_assessment_out(a) for a in selectors.assessment_history(organisation)])
