# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The questionnaire as versioned data: YAML files validated against a schema when loaded.

The schema is written as pydantic models (``extra="forbid"`` everywhere), plus cross-checks that a
schema language cannot express: option keys equal the stage ids, every question belongs to a
dimension, dependencies point at existing questions and options, thresholds are in range. A file
that breaks any rule is refused with its path and the offending place; nothing half-loaded.

No Django imports: usable from scripts, benchmarks and the scoring engine alike.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DIRECTORY = Path(__file__).parent / "questionnaires"
UNKNOWN = "unknown"
NA = "na"
LEVEL_RANK = {"low": 0, "medium": 1, "high": 2}
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class QuestionnaireError(ValueError):
    """A questionnaire file that does not match the schema."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A text in German (the source) and English (its translation)."""

    de: str = Field(min_length=1, max_length=2000)
    en: str = Field(min_length=1, max_length=2000)

    def get(self, language: str | None) -> str:
        return self.en if (language or "de")[:2] == "en" else self.de


class Meta(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    version: str = Field(pattern=SEMVER.pattern)
    license: str
    languages: list[Literal["de", "en"]]
    title: Text


class Stage(_Strict):
    id: str = Field(pattern=r"^[A-Z]{1,3}$")
    value: int = Field(ge=0, le=9)
    label: Text
    alias: Text
    definition: Text


class SpecialAnswer(_Strict):
    label: Text
    explanation: Text


class SpecialAnswers(_Strict):
    unknown: SpecialAnswer
    na: SpecialAnswer


class Scoring(_Strict):
    dimension_stage_threshold: str = Field(pattern=r"^(0?\.\d+|1(\.0+)?)$")
    dimension_min_answered: int = Field(ge=1, le=50)
    dimension_max_unknown: int = Field(ge=0, le=50)
    overall_min_dimensions_at_level: int = Field(ge=1, le=50)
    overall_floor_gap: int = Field(ge=0, le=9)
    evidence_required_from: str
    badge_min_stage: str
    peer_min_group_size: int = Field(ge=2, le=1000)
    max_next_steps: int = Field(ge=1, le=100)

    @property
    def threshold(self) -> Fraction:
        return Fraction(self.dimension_stage_threshold)


class Dimension(_Strict):
    id: str = Field(pattern=r"^[A-Z]$")
    title: Text


class Question(_Strict):
    id: str = Field(pattern=r"^[A-Z][0-9]{1,2}$")
    dim: str
    text: Text
    short: Text
    options: dict[str, Text]
    next: dict[str, Text] = {}
    effort: Literal["low", "medium", "high"]
    impact: Literal["low", "medium", "high"]
    na_allowed: bool = False
    requires: dict[str, dict[str, str]] = {}
    refs: list[str] = []


class Questionnaire(_Strict):
    meta: Meta
    stages: list[Stage] = Field(min_length=2, max_length=10)
    special_answers: SpecialAnswers
    scoring: Scoring
    dimensions: list[Dimension] = Field(min_length=1, max_length=26)
    questions: list[Question] = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _consistent(self) -> Questionnaire:
        stage_ids = [stage.id for stage in self.stages]
        if [stage.value for stage in self.stages] != list(range(len(self.stages))):
            raise ValueError("stages: values must be 0, 1, 2, … in order")
        if len(set(stage_ids)) != len(stage_ids) or {UNKNOWN, NA} & set(stage_ids):
            raise ValueError("stages: ids must be unique and not 'unknown' or 'na'")
        dim_ids = [dim.id for dim in self.dimensions]
        if len(set(dim_ids)) != len(dim_ids):
            raise ValueError("dimensions: ids must be unique")
        question_ids = [question.id for question in self.questions]
        duplicates = sorted({qid for qid in question_ids if question_ids.count(qid) > 1})
        if duplicates:
            raise ValueError(f"questions: duplicate ids {', '.join(duplicates)}")
        scoring = self.scoring
        for field in ("evidence_required_from", "badge_min_stage"):
            if getattr(scoring, field) not in stage_ids:
                raise ValueError(f"scoring.{field}: unknown stage {getattr(scoring, field)!r}")
        if not 0 < scoring.threshold <= 1:
            raise ValueError("scoring.dimension_stage_threshold: must be in (0, 1]")
        if scoring.overall_min_dimensions_at_level > len(dim_ids):
            raise ValueError(
                "scoring.overall_min_dimensions_at_level: more than there are dimensions"
            )
        for question in self.questions:
            where = f"question {question.id}"
            if question.dim not in dim_ids:
                raise ValueError(f"{where}: unknown dimension {question.dim!r}")
            if list(question.options) != stage_ids:
                raise ValueError(
                    f"{where}: options must be exactly {', '.join(stage_ids)} in order"
                )
            for key in question.next:
                if key not in stage_ids[:-1]:
                    raise ValueError(f"{where}: next step for {key!r}, not a stage below the top")
            for key, needs in question.requires.items():
                if key not in stage_ids:
                    raise ValueError(f"{where}: requires for unknown stage {key!r}")
                for other, stage in needs.items():
                    if other not in question_ids or other == question.id:
                        raise ValueError(f"{where}: requires unknown question {other!r}")
                    if stage not in stage_ids:
                        raise ValueError(f"{where}: requires unknown stage {stage!r} of {other}")
        for dim in dim_ids:
            if not any(question.dim == dim for question in self.questions):
                raise ValueError(f"dimension {dim}: has no questions")
        return self

    # -- lookups (computed once; the model is frozen) -----------------------------------------

    @property
    def version(self) -> str:
        return self.meta.version

    @property
    def major(self) -> int:
        return int(self.meta.version.split(".")[0])

    @cached_property
    def stage_ids(self) -> list[str]:
        return [stage.id for stage in self.stages]

    @cached_property
    def stage_value(self) -> dict[str, int]:
        return {stage.id: stage.value for stage in self.stages}

    @property
    def top(self) -> int:
        return len(self.stages) - 1

    @cached_property
    def question_by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}

    @cached_property
    def dimension_by_id(self) -> dict[str, Dimension]:
        return {dim.id: dim for dim in self.dimensions}

    @cached_property
    def questions_by_dimension(self) -> dict[str, list[Question]]:
        grouped: dict[str, list[Question]] = {dim.id: [] for dim in self.dimensions}
        for question in self.questions:
            grouped[question.dim].append(question)
        return grouped

    def allowed_answers(self, question: Question) -> list[str]:
        return [*self.stage_ids, UNKNOWN, *([NA] if question.na_allowed else [])]

    def stage_label(self, value: int | None, language: str | None) -> str:
        if value is None:
            return ""
        return self.stages[value].label.get(language)


def parse(text: str, *, source: str = "<string>") -> Questionnaire:
    """Parse and validate questionnaire YAML; raise QuestionnaireError naming the problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise QuestionnaireError(f"{source}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise QuestionnaireError(f"{source}: the top level must be a mapping")
    try:
        return Questionnaire.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise QuestionnaireError(
            f"{source}: {place}: {first['msg']} ({error.error_count()} problem(s))"
        ) from None


def load(path: Path) -> Questionnaire:
    questionnaire = parse(path.read_text(encoding="utf-8"), source=path.name)
    expected = f"{questionnaire.meta.id}-{questionnaire.version}.yaml"
    if path.name != expected:
        raise QuestionnaireError(f"{path.name}: file name must be {expected}")
    return questionnaire


def _semver_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@lru_cache(maxsize=1)
def available() -> dict[str, Questionnaire]:
    """Every shipped version, oldest first."""
    loaded = [load(path) for path in sorted(DIRECTORY.glob("*.yaml"))]
    return {q.version: q for q in sorted(loaded, key=lambda q: _semver_key(q.version))}


def current() -> Questionnaire:
    """The newest version: new assessments use it."""
    return list(available().values())[-1]


def get(version: str) -> Questionnaire | None:
    return available().get(version)
