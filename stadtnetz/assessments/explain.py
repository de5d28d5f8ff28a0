# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Plain-language explanation of a result, in the active language.

Sentences are gettext messages; names of stages, dimensions and questions come from the
questionnaire data in the same language. Used by the pages, the API and the action plan.
"""

from __future__ import annotations

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .engine import DimensionResult, NextStep, Result
from .questionnaire import Questionnaire


def _lang() -> str:
    return (get_language() or "de")[:2]


def _or_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s or %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def question_name(questionnaire: Questionnaire, qid: str) -> str:
    return f"{qid} {questionnaire.question_by_id[qid].short.get(_lang())}"


def dimension_name(questionnaire: Questionnaire, dim: str) -> str:
    return questionnaire.dimension_by_id[dim].title.get(_lang())


def dimension_explanation(questionnaire: Questionnaire, d: DimensionResult) -> str:
    lang = _lang()
    scoring = questionnaire.scoring
    if not d.assessable:
        if d.unknown > scoring.dimension_max_unknown:
            return _(
                "Not assessable: %(unknown)d of %(answered)d answers are “Don't know” "
                "(at most %(max)d allowed). Clarify them to get a stage."
            ) % {"unknown": d.unknown, "answered": d.answered, "max": scoring.dimension_max_unknown}
        return _(
            "Not assessable: only %(answered)d questions answered, at least %(min)d needed "
            "(“Not applicable” does not count)."
        ) % {"answered": d.answered, "min": scoring.dimension_min_answered}
    stage = questionnaire.stage_label(d.stage, lang)
    if d.stage == 0:
        text = _(
            "%(stage)s: only %(count)d of %(answered)d answers at least at %(next)s level; "
            "%(needed)d are needed."
        ) % {"stage": stage, "count": d.at_or_above[1], "answered": d.answered,
             "next": questionnaire.stage_label(1, lang), "needed": d.needed}  # fmt: skip
    else:
        text = _("%(stage)s: %(count)d of %(answered)d answers at least at %(stage)s level.") % {
            "stage": stage, "count": d.at_or_above[d.stage], "answered": d.answered,
        }  # fmt: skip
    if d.stage < questionnaire.top:
        next_label = questionnaire.stage_label(d.stage + 1, lang)
        examples = _or_list([question_name(questionnaire, q) for q in d.candidates_for_next[:3]])
        text += " " + ngettext(
            "For %(next)s, %(missing)d more answer at %(next)s level is missing (e.g. %(examples)s).",
            "For %(next)s, %(missing)d more answers at %(next)s level are missing "
            "(e.g. %(examples)s).",
            d.missing_for_next,
        ) % {"next": next_label, "missing": d.missing_for_next, "examples": examples}
    else:
        text += " " + _("This is the highest stage.")
    return text


def overall_explanation(questionnaire: Questionnaire, result: Result) -> str:
    lang = _lang()
    scoring = questionnaire.scoring
    total = len(questionnaire.dimensions)
    needed = scoring.overall_min_dimensions_at_level
    assessable = sum(1 for d in result.dimensions if d.stage is not None)
    if result.overall_stage is None:
        return _(
            "No overall stage yet: only %(assessable)d of %(total)d dimensions can be assessed, "
            "%(needed)d are needed. Clarify the “Don't know” answers first."
        ) % {"assessable": assessable, "total": total, "needed": needed}
    stage = questionnaire.stage_label(result.overall_stage, lang)
    at = sum(
        1 for d in result.dimensions if d.stage is not None and d.stage >= result.overall_stage
    )
    text = _(
        "%(stage)s: %(at)d of %(total)d dimensions are at least at %(stage)s level "
        "(%(needed)d needed)."
    ) % {"stage": stage, "at": at, "total": total, "needed": needed}
    floor = result.overall_stage - scoring.overall_floor_gap
    if floor > 0:
        text += " " + _("No dimension is below %(floor)s.") % {
            "floor": questionnaire.stage_label(floor, lang)
        }
    if result.target_stage is None:
        return text + " " + _("This is the highest stage.")
    target = questionnaire.stage_label(result.target_stage, lang)
    parts = []
    if result.breadth_missing:
        names = [
            dimension_name(questionnaire, d)
            for d in result.breadth_candidates[: result.breadth_missing + 2]
        ]
        parts.append(ngettext(
            "lift %(count)d more dimension to %(target)s (cheapest: %(names)s)",
            "lift %(count)d more dimensions to %(target)s (cheapest: %(names)s)",
            result.breadth_missing,
        ) % {"count": result.breadth_missing, "target": target, "names": _or_list(names)})  # fmt: skip
    if result.floor_blockers:
        floor_label = questionnaire.stage_label(
            result.target_stage - scoring.overall_floor_gap, lang
        )
        parts.append(_("lift %(names)s to at least %(floor)s") % {
            "names": _and_list([dimension_name(questionnaire, d) for d in result.floor_blockers]),
            "floor": floor_label,
        })  # fmt: skip
    if parts:
        text += " " + _("To reach %(target)s overall: %(actions)s.") % {
            "target": target, "actions": _and_list(parts),
        }  # fmt: skip
    return text


def step_texts(questionnaire: Questionnaire, step: NextStep) -> dict:
    """Title, action and reason of one next step."""
    lang = _lang()
    change = step.change
    question = questionnaire.question_by_id[change.question]
    name = question_name(questionnaire, change.question)
    if step.kind == "clarify":
        return {
            "title": _("Clarify %(question)s") % {"question": name},
            "action": question.text.get(lang),
            "reason": _("“%(dimension)s” has too many “Don't know” answers to be assessed.")
            % {"dimension": dimension_name(questionnaire, change.dimension)},
        }
    from_label = (
        questionnaire.special_answers.unknown.label.get(lang)
        if change.from_unknown
        else questionnaire.stage_label(change.from_value, lang)
    )
    to_id = questionnaire.stage_ids[change.to_value]
    action = question.options[to_id].get(lang)
    if not change.from_unknown:
        explicit = question.next.get(questionnaire.stage_ids[change.from_value])
        if explicit:
            target_word = _("Target:")
            action = f"{explicit.get(lang)} {target_word} {action}"
    title = _("Raise %(question)s from %(from)s to %(to)s") % {
        "question": name, "from": from_label, "to": questionnaire.stage_label(change.to_value, lang),
    }  # fmt: skip
    dimension = dimension_name(questionnaire, change.dimension)
    if step.kind == "prerequisite":
        reason = _("Prerequisite for %(question)s.") % {
            "question": question_name(questionnaire, step.prerequisite_for)
        }
    elif step.kind in ("floor", "breadth"):
        reason = _(
            "Together with the other steps for this dimension, “%(dimension)s” reaches %(stage)s; "
            "needed for the next overall stage."
        ) % {
            "dimension": dimension,
            "stage": questionnaire.stage_label(step.lifts_dimension_to, lang),
        }
    else:
        reason = _(
            "Together with the other steps for this dimension, “%(dimension)s” reaches %(stage)s."
        ) % {
            "dimension": dimension,
            "stage": questionnaire.stage_label(step.lifts_dimension_to, lang),
        }
    return {"title": title, "action": action, "reason": reason}


def effort_label(level: str) -> str:
    return {"low": _("low"), "medium": _("medium"), "high": _("high")}[level]


def result_as_dict(questionnaire: Questionnaire, result: Result) -> dict:
    """The API shape of a result (also the snapshot stored with a saved assessment)."""
    lang = _lang()
    return {
        "version": result.version,
        "overall": {
            "stage": (
                questionnaire.stage_ids[result.overall_stage]
                if result.overall_stage is not None
                else None
            ),
            "index": round(result.overall_index, 1) if result.overall_index is not None else None,
        },
        "dimensions": [
            {
                "id": d.id,
                "title": dimension_name(questionnaire, d.id),
                "stage": questionnaire.stage_ids[d.stage] if d.stage is not None else None,
                "score": round(d.score, 1) if d.score is not None else None,
                "answered": d.answered,
                "unknown": d.unknown,
                "not_applicable": d.not_applicable,
                "badge": d.badge,
            }
            for d in result.dimensions
        ],
        "explanation": {
            "overall": overall_explanation(questionnaire, result),
            "dimensions": {
                d.id: dimension_explanation(questionnaire, d) for d in result.dimensions
            },
        },
        "next_steps": [
            {
                "rank": step.rank,
                "kind": step.kind,
                "question": step.change.question,
                "dimension": step.change.dimension,
                "from": "unknown"
                if step.change.from_unknown
                else questionnaire.stage_ids[step.change.from_value],
                "to": questionnaire.stage_ids[step.change.to_value],
                "effort": step.effort,
                "impact": step.impact,
                **step_texts(questionnaire, step),
            }
            for step in result.next_steps
        ],
        "target_stage": (
            questionnaire.stage_ids[result.target_stage]
            if result.target_stage is not None
            else None
        ),
        "flags": {
            "unknown": list(result.unknown),
            "evidence_missing": list(result.evidence_missing),
        },
        "language": lang,
    }
