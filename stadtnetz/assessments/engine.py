# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The scoring engine: a pure function of (questionnaire, answers) → result.

No database, no request, no clock. Implements part B §B4–B6 of the design
(docs/decisions/0011-scoring-rules.md records the readings where the design left room):

- answer values B=0, F=1, FR=2, I=3; "unknown" counts 0 and is flagged; "na" is left out;
- dimension score = 100 × mean(values of answered questions) / top value;
- a dimension is not assessable with fewer than ``dimension_min_answered`` answered (not "na")
  questions or more than ``dimension_max_unknown`` unknown answers;
- dimension stage: the highest L with at least ⌈threshold × answered⌉ answers at value ≥ L;
- overall stage: the highest L with at least ``overall_min_dimensions_at_level`` dimensions at
  stage ≥ L and no dimension more than ``overall_floor_gap`` stages below L (a dimension that
  cannot be assessed does not meet any floor above Beginner);
- overall index = mean of the dimension scores (information only);
- next steps: the deterministic what-if plan of §B6 (blockers of the next overall stage first,
  smallest changes that flip a dimension, ``requires`` dependencies, effort/impact to break ties).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from .questionnaire import LEVEL_RANK, NA, UNKNOWN, Question, Questionnaire

MAX_EVIDENCE_LENGTH = 500


class AnswerError(ValueError):
    """Bad input to the engine. ``code`` is stable for clients, ``id`` names the offender."""

    def __init__(self, code: str, id: str, message: str):
        super().__init__(message)
        self.code = code
        self.id = id
        self.message = message


@dataclass(frozen=True)
class Change:
    """Raise one answer: the unit of a next step."""

    question: str
    dimension: str
    from_value: int
    to_value: int
    from_unknown: bool = False


@dataclass(frozen=True)
class NextStep:
    rank: int
    change: Change
    kind: str  # "clarify" | "floor" | "breadth" | "prerequisite" | "further"
    lifts_dimension_to: int | None  # the dimension's stage once its planned changes are made
    prerequisite_for: str | None = None
    effort: str = "medium"
    impact: str = "medium"


@dataclass(frozen=True)
class DimensionResult:
    id: str
    stage: int | None
    score: float | None
    answered: int
    unknown: int
    not_applicable: int
    at_or_above: tuple[int, ...]  # number of answered questions at value ≥ L, per level L
    needed: int  # answers needed at a level for the stage (⌈threshold × answered⌉)
    assessable: bool
    missing_for_next: int  # more answers at stage+1 needed to reach it (0 at the top / None)
    candidates_for_next: tuple[str, ...]  # questions whose raise is the smallest flip
    badge: bool = False


@dataclass(frozen=True)
class Result:
    version: str
    overall_stage: int | None
    overall_index: float | None
    dimensions: tuple[DimensionResult, ...]
    target_stage: int | None  # the next overall stage, None at the top
    dimensions_at_target: int
    breadth_missing: int  # more dimensions at the target stage needed
    floor_blockers: tuple[str, ...]  # dimensions below the floor of the target stage
    breadth_candidates: tuple[str, ...]  # dimensions below the target, cheapest first
    next_steps: tuple[NextStep, ...]
    reaches: int | None  # overall stage after the blocker steps (what-if check)
    unknown: tuple[str, ...]
    evidence_missing: tuple[str, ...]
    strengths: tuple[str, ...] = field(default=())  # badge dimensions, strongest first

    def dimension(self, dim_id: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.id == dim_id)


# -- input validation -------------------------------------------------------------------------


def validate_answers(
    questionnaire: Questionnaire, answers: object, *, complete: bool = True
) -> dict[str, str]:
    """Check answers against the questionnaire; return them as a plain dict or raise AnswerError."""
    if not isinstance(answers, Mapping):
        raise AnswerError("invalid_answers", "answers", "answers must be an object of id: option.")
    clean: dict[str, str] = {}
    for qid, option in answers.items():
        question = questionnaire.question_by_id.get(qid) if isinstance(qid, str) else None
        if question is None:
            raise AnswerError("unknown_question", str(qid)[:40], f"Unknown question {qid!r}.")
        if not isinstance(option, str) or option not in questionnaire.allowed_answers(question):
            if option == NA:
                raise AnswerError(
                    "not_applicable_not_allowed", qid, f"{qid} cannot be answered 'na'."
                )
            raise AnswerError("unknown_option", qid, f"Unknown option for {qid}: {option!r}.")
        clean[qid] = option
    if complete:
        missing = [q.id for q in questionnaire.questions if q.id not in clean]
        if missing:
            raise AnswerError(
                "missing_answer", missing[0], f"Missing answers: {', '.join(missing)}."
            )
    return clean


def validate_evidence(questionnaire: Questionnaire, evidence: object) -> dict[str, dict[str, str]]:
    """Evidence per question: {"url": http(s) URL, "decision": council decision, "document": …}."""
    if evidence is None:
        return {}
    if not isinstance(evidence, Mapping):
        raise AnswerError("invalid_evidence", "evidence", "evidence must be an object.")
    clean: dict[str, dict[str, str]] = {}
    for qid, fields in evidence.items():
        if not isinstance(qid, str) or qid not in questionnaire.question_by_id:
            raise AnswerError("unknown_question", str(qid)[:40], f"Unknown question {qid!r}.")
        if not isinstance(fields, Mapping) or set(fields) - {"url", "decision", "document"}:
            raise AnswerError("invalid_evidence", qid, "evidence has url, decision, document.")
        item = {}
        for key, value in fields.items():
            if not isinstance(value, str) or len(value) > MAX_EVIDENCE_LENGTH:
                raise AnswerError(
                    "invalid_evidence", qid, f"{key} must be text of at most 500 characters."
                )
            value = value.strip()
            if key == "url" and value and not is_http_url(value):
                raise AnswerError("invalid_evidence_url", qid, "evidence url must be http(s).")
            if value:
                item[key] = value
        if item:
            clean[qid] = item
    return clean


def is_http_url(value: str) -> bool:
    lowered = value.lower()
    if not (lowered.startswith("https://") or lowered.startswith("http://")):
        return False
    host = value.split("://", 1)[1].split("/", 1)[0]
    return bool(host) and not any(c.isspace() or c in "<>\"'\\" for c in value)


# -- scoring ----------------------------------------------------------------------------------


def _value(questionnaire: Questionnaire, option: str) -> int | None:
    """Numeric value of an answer: None for "na", 0 for "unknown"."""
    if option == NA:
        return None
    if option == UNKNOWN:
        return 0
    return questionnaire.stage_value[option]


def _dimension_core(questionnaire: Questionnaire, answers: Mapping[str, str], dim: str):
    scoring = questionnaire.scoring
    values = []
    unknown = na = 0
    for question in questionnaire.questions_by_dimension[dim]:
        option = answers.get(question.id, UNKNOWN)
        if option == NA:
            na += 1
            continue
        if option == UNKNOWN:
            unknown += 1
        values.append(_value(questionnaire, option))
    answered = len(values)
    at_or_above = tuple(sum(v >= level for v in values) for level in range(questionnaire.top + 1))
    needed = math.ceil(scoring.threshold * answered) if answered else 0
    assessable = (
        answered >= scoring.dimension_min_answered and unknown <= scoring.dimension_max_unknown
    )
    stage = None
    if assessable:
        stage = max(level for level in range(questionnaire.top + 1) if at_or_above[level] >= needed)
    score = 100 * sum(values) / (questionnaire.top * answered) if answered else None
    return stage, score, answered, unknown, na, at_or_above, needed, assessable


def _dimension_stage(questionnaire, answers, dim) -> int | None:
    return _dimension_core(questionnaire, answers, dim)[0]


def _overall(questionnaire: Questionnaire, stages: Mapping[str, int | None]) -> int | None:
    scoring = questionnaire.scoring

    def meets(level: int) -> bool:
        at = sum(1 for s in stages.values() if s is not None and s >= level)
        if at < scoring.overall_min_dimensions_at_level:
            return False
        floor = level - scoring.overall_floor_gap
        return floor <= 0 or all(s is not None and s >= floor for s in stages.values())

    reached = [level for level in range(questionnaire.top + 1) if meets(level)]
    return max(reached) if reached else None


def _raise_order(question: Question, value: int, target: int, position: int):
    return (target - value, LEVEL_RANK[question.effort], -LEVEL_RANK[question.impact], position)


def _plan_dimension(
    questionnaire: Questionnaire, answers: Mapping[str, str], dim: str, target: int
) -> list[tuple[Change, str | None]]:
    """Smallest set of answer raises that lifts ``dim`` to ``target`` (with prerequisites).

    Returns (change, prerequisite_for) pairs, prerequisites before the change that needs them.
    """
    stage, _, answered, _, _, at_or_above, needed, assessable = _dimension_core(
        questionnaire, answers, dim
    )
    if not assessable or stage is None or stage >= target:
        return []
    missing = needed - at_or_above[target]
    candidates = []
    for position, question in enumerate(questionnaire.questions_by_dimension[dim]):
        option = answers.get(question.id, UNKNOWN)
        value = _value(questionnaire, option)
        if value is not None and value < target:
            candidates.append((_raise_order(question, value, target, position), question, option))
    candidates.sort(key=lambda item: item[0])
    plan: list[tuple[Change, str | None]] = []
    planned: set[str] = set()
    for _, question, option in candidates[:missing]:
        for stage_id, needs in question.requires.items():
            if questionnaire.stage_value[stage_id] > target:
                continue
            for other_id, min_stage in needs.items():
                other = questionnaire.question_by_id[other_id]
                other_option = answers.get(other_id, UNKNOWN)
                other_value = _value(questionnaire, other_option)
                min_value = questionnaire.stage_value[min_stage]
                if other_value is not None and other_value < min_value and other_id not in planned:
                    planned.add(other_id)
                    plan.append((
                        Change(other_id, other.dim, other_value, min_value,
                               other_option == UNKNOWN),
                        question.id,
                    ))  # fmt: skip
        value = _value(questionnaire, option)
        planned.add(question.id)
        plan.append((Change(question.id, dim, value, target, option == UNKNOWN), None))
    return plan


def _plan_cost(plan) -> tuple[int, int]:
    return (
        sum(change.to_value - change.from_value for change, _ in plan),
        len(plan),
    )


def apply_changes(
    questionnaire: Questionnaire, answers: Mapping[str, str], changes
) -> dict[str, str]:
    """The answers after the given changes (what-if)."""
    result = dict(answers)
    for change in changes:
        current = _value(questionnaire, result.get(change.question, UNKNOWN))
        if current is None or current < change.to_value or result.get(change.question) == UNKNOWN:
            result[change.question] = questionnaire.stage_ids[change.to_value]
    return result


def evaluate(
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    evidence: Mapping[str, Mapping[str, str]] | None = None,
    *,
    with_steps: bool = True,
) -> Result:
    """Score complete, validated answers. Use ``validate_answers`` on untrusted input first."""
    scoring = questionnaire.scoring
    evidence = evidence or {}
    cores = {
        dim.id: _dimension_core(questionnaire, answers, dim.id) for dim in questionnaire.dimensions
    }
    stages = {dim: core[0] for dim, core in cores.items()}
    overall = _overall(questionnaire, stages)
    scores = [core[1] for core in cores.values() if core[1] is not None]
    index = sum(scores) / len(scores) if scores else None
    badge_min = questionnaire.stage_value[scoring.badge_min_stage]

    dimension_results = []
    for dim in questionnaire.dimensions:
        stage, score, answered, unknown, na, at_or_above, needed, assessable = cores[dim.id]
        missing_next, candidates = 0, ()
        if stage is not None and stage < questionnaire.top:
            missing_next = needed - at_or_above[stage + 1]
            candidates = _flip_candidates(questionnaire, answers, dim.id, stage + 1)
        dimension_results.append(DimensionResult(
            id=dim.id, stage=stage, score=score, answered=answered, unknown=unknown,
            not_applicable=na, at_or_above=at_or_above, needed=needed, assessable=assessable,
            missing_for_next=missing_next, candidates_for_next=candidates,
            badge=stage is not None and stage >= badge_min
            and (overall is None or stage > overall),
        ))  # fmt: skip
    strengths = tuple(
        d.id
        for d in sorted(dimension_results, key=lambda d: (-(d.stage or 0), -(d.score or 0)))
        if d.badge
    )

    target = None if overall == questionnaire.top else (0 if overall is None else overall + 1)
    at_target = floor_blockers = breadth_candidates = ()
    breadth_missing = 0
    steps: list[NextStep] = []
    reaches = overall
    if target is not None:
        at_target = tuple(d for d, s in stages.items() if s is not None and s >= target)
        breadth_missing = max(0, scoring.overall_min_dimensions_at_level - len(at_target))
        floor = target - scoring.overall_floor_gap
        floor_blockers = tuple(
            d for d, s in stages.items() if floor > 0 and (s is None or s < floor)
        )
        plans = {
            d: _plan_dimension(questionnaire, answers, d, target)
            for d, s in stages.items() if s is not None and s < target
        }  # fmt: skip
        floor_plans = {
            d: _plan_dimension(questionnaire, answers, d, floor)
            for d in floor_blockers if stages[d] is not None
        }  # fmt: skip

        def marginal(d):
            cost = _plan_cost(plans[d])
            if d in floor_plans:
                base = _plan_cost(floor_plans[d])
                cost = (cost[0] - base[0], cost[1] - base[1])
            position = questionnaire.dimensions.index(questionnaire.dimension_by_id[d])
            return (*cost, position)

        breadth_candidates = tuple(sorted(plans, key=marginal))
        chosen = breadth_candidates[:breadth_missing]
        if with_steps:
            steps = _steps(questionnaire, answers, stages, target, chosen, floor_blockers,
                           plans, floor_plans, scoring)  # fmt: skip
            blocker_changes = [s.change for s in steps if s.kind != "further"]
            if blocker_changes:
                after = apply_changes(questionnaire, answers, blocker_changes)
                reaches = _overall(
                    questionnaire,
                    {d.id: _dimension_stage(questionnaire, after, d.id)
                     for d in questionnaire.dimensions},
                )  # fmt: skip
    return Result(
        version=questionnaire.version, overall_stage=overall, overall_index=index,
        dimensions=tuple(dimension_results), target_stage=target,
        dimensions_at_target=len(at_target), breadth_missing=breadth_missing,
        floor_blockers=floor_blockers, breadth_candidates=breadth_candidates,
        next_steps=tuple(steps), reaches=reaches,
        unknown=tuple(q for q, option in answers.items() if option == UNKNOWN),
        evidence_missing=tuple(
            q for q, option in answers.items()
            if option not in (UNKNOWN, NA)
            and questionnaire.stage_value[option]
            >= questionnaire.stage_value[scoring.evidence_required_from]
            and not evidence.get(q)
        ),
        strengths=strengths,
    )  # fmt: skip


def _flip_candidates(questionnaire, answers, dim, target) -> tuple[str, ...]:
    """Questions in ``dim`` one step short of ``target`` (the smallest flips), best first."""
    found = []
    for position, question in enumerate(questionnaire.questions_by_dimension[dim]):
        value = _value(questionnaire, answers.get(question.id, UNKNOWN))
        if value is not None and value < target:
            found.append((_raise_order(question, value, target, position), question.id))
    found.sort()
    if not found:
        return ()
    smallest = found[0][0][0]
    return tuple(qid for order, qid in found if order[0] == smallest)


def _steps(questionnaire, answers, stages, target, chosen, floor_blockers, plans, floor_plans,
           scoring) -> list[NextStep]:  # fmt: skip
    steps: list[NextStep] = []
    seen: set[str] = set()

    def add(plan, kind, dim_target):
        for change, prerequisite_for in plan:
            if change.question in seen:
                continue
            seen.add(change.question)
            question = questionnaire.question_by_id[change.question]
            steps.append(NextStep(
                rank=len(steps) + 1, change=change,
                kind="prerequisite" if prerequisite_for else kind,
                lifts_dimension_to=None if prerequisite_for else dim_target,
                prerequisite_for=prerequisite_for, effort=question.effort, impact=question.impact,
            ))  # fmt: skip

    # 1. dimensions that cannot be assessed: clarify "don't know" answers first
    for dim in questionnaire.dimensions:
        if stages[dim.id] is not None:
            continue
        unknown = [
            q
            for q in questionnaire.questions_by_dimension[dim.id]
            if answers.get(q.id, UNKNOWN) == UNKNOWN
        ]
        excess = len(unknown) - scoring.dimension_max_unknown
        for question in unknown[: max(excess, 0)]:
            add([(Change(question.id, dim.id, 0, 0, True), None)], "clarify", None)
    # 2. floor blockers (mandatory), lifted to the target if also chosen for breadth
    for dim in floor_blockers:
        if dim in chosen:
            add(plans[dim], "floor", target)
        elif dim in floor_plans:
            add(floor_plans[dim], "floor", target - scoring.overall_floor_gap)
    # 3. breadth: the cheapest dimensions to lift to the target
    for dim in chosen:
        add(plans[dim], "breadth", target)
    # 4. further: the smallest flip of every other dimension, cheapest first, up to the limit
    further = []
    for dim, stage in stages.items():
        if stage is None or stage >= questionnaire.top or dim in chosen:
            continue
        plan = _plan_dimension(questionnaire, answers, dim, stage + 1)
        further.append((_plan_cost(plan), dim, plan, stage + 1))
    for _, _, plan, dim_target in sorted(further, key=lambda item: item[:2]):
        if len(steps) >= scoring.max_next_steps:
            break
        add(plan, "further", dim_target)
    return steps
