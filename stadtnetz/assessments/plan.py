# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The action plan: next steps with target stages, as Markdown and as PDF (WeasyPrint)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import explain
from .engine import Result
from .questionnaire import Questionnaire


def _md_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)


def step_links(
    q: Questionnaire,
    result: Result,
    data: dict,
    *,
    base_url: str = "",
    size_class: str = "",
    organisation_id: int | None = None,
) -> dict[int, list[dict]]:
    """Per step rank, the links into Stadtnetz for the plan: learning partners, lessons, measures
    and solutions of the step's dimension, listed once, at the first step of each dimension.
    Addresses are absolute (``base_url``) so that they work in a downloaded file."""
    from . import links, selectors

    dims = [step["dimension"] for step in data["next_steps"]]
    found = links.next_step_links(dims, size_class=size_class)
    partners = selectors.learning_partners(
        {d.id: d.stage for d in result.dimensions}, exclude_organisation_id=organisation_id
    )
    by_rank: dict[int, list[dict]] = {}
    seen: set[str] = set()
    for step in data["next_steps"]:
        dim = step["dimension"]
        if dim in seen:
            continue
        seen.add(dim)
        entries = [{"kind": _("Learning partner"), "title": o.name,
                    "url": base_url + o.get_absolute_url()} for o in partners.get(dim, [])]  # fmt: skip
        group = found.get(dim)
        if group:
            for kind, items in ((_("Lesson"), group.lessons), (_("Measure"), group.measures),
                                (_("Solution"), group.solutions)):  # fmt: skip
                entries += [{"kind": kind, "title": link.title, "url": base_url + link.url}
                            for link in items]  # fmt: skip
        if entries:
            by_rank[step["rank"]] = entries
    return by_rank


def plan_context(
    q: Questionnaire,
    result: Result,
    *,
    subject: str,
    base_url: str = "",
    size_class: str = "",
    organisation_id: int | None = None,
) -> dict:
    data = explain.result_as_dict(q, result)
    lang = data["language"]
    targets = {}
    for step in result.next_steps:
        if step.lifts_dimension_to is not None:
            dim = step.change.dimension
            targets[dim] = max(targets.get(dim, 0), step.lifts_dimension_to)
    links = step_links(q, result, data, base_url=base_url, size_class=size_class,
                       organisation_id=organisation_id)  # fmt: skip
    for step in data["next_steps"]:
        step["links"] = links.get(step["rank"], [])
    rows = []
    for d, item in zip(result.dimensions, data["dimensions"], strict=True):
        target = targets.get(d.id)
        rows.append({
            **item, "stage_label": q.stage_label(d.stage, lang) if d.stage is not None else "",
            "target_label": q.stage_label(target, lang) if target is not None else "",
            "explanation": data["explanation"]["dimensions"][d.id],
        })  # fmt: skip
    return {
        "subject": subject, "data": data, "rows": rows, "version": q.version,
        "title": q.meta.title.get(lang), "created": timezone.localtime(),
        "overall_label": q.stage_label(result.overall_stage, lang) or _("not assessable"),
        "target_label": q.stage_label(result.target_stage, lang) if result.target_stage is not None
        else "",
        "effort": {s["rank"]: explain.effort_label(s["effort"]) for s in data["next_steps"]},
        "impact": {s["rank"]: explain.effort_label(s["impact"]) for s in data["next_steps"]},
        "links": links,
    }  # fmt: skip


def plan_markdown(q: Questionnaire, result: Result, *, subject: str, **context) -> str:
    ctx = plan_context(q, result, subject=subject, **context)
    data = ctx["data"]
    lines = [
        f"# {_('Action plan')}: {_md_escape(subject)}",
        "",
        f"{ctx['title']} {ctx['version']} · {date_format(ctx['created'], 'SHORT_DATE_FORMAT')}",
        "",
        f"**{_('Overall stage')}:** {ctx['overall_label']}"
        + (f" · **{_('Target stage')}:** {ctx['target_label']}" if ctx["target_label"] else ""),
        f"**{_('Overall index')}:** {data['overall']['index']} / 100",
        "",
        _md_escape(data["explanation"]["overall"]),
        "",
        f"## {_('Dimensions')}",
        "",
        f"| {_('Dimension')} | {_('Stage')} | {_('Score')} | {_('Target stage')} |",
        "|---|---|---:|---|",
    ]
    for row in ctx["rows"]:
        lines.append(
            f"| {_md_escape(row['title'])} | {row['stage_label'] or _('not assessable')} | "
            f"{row['score'] if row['score'] is not None else '–'} | {row['target_label'] or '–'} |"
        )
    lines += ["", f"## {_('Next steps')}", ""]
    if not data["next_steps"]:
        lines.append(_("No further steps: every dimension is at the highest stage."))
    for step in data["next_steps"]:
        lines += [
            f"{step['rank']}. **{_md_escape(step['title'])}**  ",
            f"   {_md_escape(step['action'])}  ",
            f"   {_md_escape(step['reason'])} "
            + _("Effort: %(effort)s, impact: %(impact)s.")
            % {"effort": ctx["effort"][step["rank"]], "impact": ctx["impact"][step["rank"]]},
        ]
        for link in ctx["links"].get(step["rank"], []):
            lines.append(f"   - {link['kind']}: [{_md_escape(link['title'])}](<{link['url']}>)")
    lines += ["", f"## {_('Why these stages')}", ""]
    for row in ctx["rows"]:
        lines.append(f"- **{_md_escape(row['title'])}:** {_md_escape(row['explanation'])}")
    lines += ["", _("Questionnaire and scoring rules: CC BY 4.0, Stadtnetz."), ""]
    return "\n".join(lines)


def plan_pdf(q: Questionnaire, result: Result, *, subject: str, **context) -> bytes:
    from stadtnetz.core.pdf import render_pdf

    html = render_to_string(
        "assessments/plan_pdf.html", plan_context(q, result, subject=subject, **context)
    )
    return render_pdf(html)
