# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Maturity pages: anonymous try-out, saved assessments of organisations, statistics."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, push_url

from stadtnetz.core import exports
from stadtnetz.core.links import absolute_url
from stadtnetz.municipalities.models import PlaceCategory, State
from stadtnetz.organisations.models import Organisation

from . import charts, engine, explain, links, permissions, plan, questionnaire, selectors, services
from .engine import AnswerError
from .models import Assessment, Sharing

STEP_PARAM = "schritt"


def _lang() -> str:
    return (get_language() or "de")[:2]


def _crumbs(*items):
    return [(_("Maturity check"), reverse("assessments:start")), *items]


def size_class_label(value: str) -> str:
    labels = dict(PlaceCategory.choices)
    return str(labels.get(value, value or _("all")))


# -- reading answers from a request -----------------------------------------------------------


def _answers_from(q, data) -> dict[str, str]:
    """Answers carried in a query string or form (keys are question ids). Raises AnswerError."""
    raw = {key: data.get(key) for key in data if key in q.question_by_id}
    return engine.validate_answers(q, raw, complete=False)


def _read_step(q, dim: str, data, *, with_evidence: bool):
    """Answers and evidence of one dimension's form; errors per field name."""
    answers, evidence, errors = {}, {}, {}
    for question in q.questions_by_dimension[dim]:
        value = data.get(question.id, "")
        if value in q.allowed_answers(question):
            answers[question.id] = value
        elif value:
            errors[question.id] = _("Please choose one of the offered answers.")
        if with_evidence:
            item = {}
            for key in ("url", "decision", "document"):
                text = (data.get(f"{question.id}-{key}") or "").strip()
                if len(text) > engine.MAX_EVIDENCE_LENGTH:
                    errors[f"{question.id}-{key}"] = _("At most 500 characters, please.")
                elif key == "url" and text and not engine.is_http_url(text):
                    errors[f"{question.id}-{key}"] = _(
                        "Please enter a web address starting with https:// or http://."
                    )
                elif text:
                    item[key] = text
            if item:
                evidence[question.id] = item
    return answers, evidence, errors


def _missing_in(q, dim: str, answers) -> list[str]:
    return [question.id for question in q.questions_by_dimension[dim] if question.id not in answers]


def _step_context(q, step: int, answers, evidence, errors, *, with_evidence: bool) -> dict:
    lang = _lang()
    dim = q.dimensions[step - 1]
    unknown = q.special_answers.unknown.label.get(lang)
    na = q.special_answers.na.label.get(lang)
    evidence_from = q.stage_value[q.scoring.evidence_required_from]
    questions = []
    for question in q.questions_by_dimension[dim.id]:
        chosen = answers.get(question.id)
        options = [
            {"value": sid, "stage": q.stage_label(q.stage_value[sid], lang), "text": text.get(lang)}
            for sid, text in question.options.items()
        ]
        options.append({"value": questionnaire.UNKNOWN, "stage": unknown,
                        "text": q.special_answers.unknown.explanation.get(lang)})  # fmt: skip
        if question.na_allowed:
            options.append({"value": questionnaire.NA, "stage": na,
                            "text": q.special_answers.na.explanation.get(lang)})  # fmt: skip
        for option in options:
            option["checked"] = option["value"] == chosen
        item = evidence.get(question.id, {})
        questions.append({
            "id": question.id, "text": question.text.get(lang), "options": options,
            "error": errors.get(question.id),
            "evidence": [
                {"name": f"{question.id}-{key}", "label": label, "value": item.get(key, ""),
                 "error": errors.get(f"{question.id}-{key}"), "type": kind}
                for key, label, kind in (
                    ("url", _("Web address (https://…)"), "url"),
                    ("decision", _("Council decision (number or date)"), "text"),
                    ("document", _("Document (title or reference)"), "text"),
                )
            ] if with_evidence else [],
            "evidence_open": bool(item) or any(
                errors.get(f"{question.id}-{k}") for k in ("url", "decision", "document")
            ) or (chosen in q.stage_value and q.stage_value[chosen] >= evidence_from),
        })  # fmt: skip
    steps = []
    for number, d in enumerate(q.dimensions, start=1):
        missing = _missing_in(q, d.id, answers)
        steps.append({"number": number, "title": d.title.get(lang), "current": number == step,
                      "done": not missing})  # fmt: skip
    return {
        "q": q, "step": step, "steps": steps, "total": len(q.dimensions),
        "dimension": dim, "dimension_title": dim.title.get(lang), "questions": questions,
        "errors": errors, "is_last": step == len(q.dimensions),
        "evidence_stage": q.stage_label(evidence_from, lang),
        "hidden": [(k, v) for k, v in answers.items() if q.question_by_id[k].dim != dim.id],
    }  # fmt: skip


def _ordered_query(q, answers, **extra) -> str:
    pairs = [(k, v) for k, v in extra.items()]
    pairs += [
        (question.id, answers[question.id]) for question in q.questions if question.id in answers
    ]
    return urlencode(pairs)


# -- result context ---------------------------------------------------------------------------


def result_context(
    q,
    result: engine.Result,
    *,
    peers=None,
    chart_id: str = "radar",
    size_class: str = "",
    organisation_id: int | None = None,
) -> dict:
    lang = _lang()
    data = explain.result_as_dict(q, result)
    rows = []
    peer = peers[0] if peers and peers[0].shown else None
    for d, item in zip(result.dimensions, data["dimensions"], strict=True):
        row = {**item, "stage_label": q.stage_label(d.stage, lang) if d.stage is not None else "",
               "explanation": data["explanation"]["dimensions"][d.id]}  # fmt: skip
        if peer:
            stats = next(s for s in peer.dimensions if s["id"] == d.id)
            row["peer_median"] = round(stats["median"], 1) if stats["median"] is not None else None
            row["percentile"] = selectors.percentile_of(item["score"], stats["values"])
        rows.append(row)
    series = [charts.Series(_("Your scores"), [r["score"] for r in rows], "sn-series-own")]
    description = "; ".join(
        f"{r['title']}: {r['score'] if r['score'] is not None else '–'}" for r in rows
    )
    if peer:
        series.append(charts.Series(_("Median of the peer group"),
                                    [r["peer_median"] for r in rows], "sn-series-peer"))  # fmt: skip
        description += (
            ". "
            + _("Peer group median")
            + ": "
            + "; ".join(f"{r['title']}: {r['peer_median']}" for r in rows)
        )
    radar = charts.radar(
        [(d.id, d.title.get(lang)) for d in q.dimensions], series,
        title=_("Scores per dimension (0–100)"), description=description, chart_id=chart_id,
    )  # fmt: skip
    steps_by_dimension = []
    for step in data["next_steps"]:
        step["effort_label"] = explain.effort_label(step["effort"])
        step["impact_label"] = explain.effort_label(step["impact"])
        step["dimension_title"] = explain.dimension_name(q, step["dimension"])
    step_links = links.next_step_links(
        [step["dimension"] for step in data["next_steps"]], size_class=size_class
    )
    partners = selectors.learning_partners(
        {d.id: d.stage for d in result.dimensions}, exclude_organisation_id=organisation_id
    )
    seen = set()
    for step in data["next_steps"]:
        step["links"] = step_links.get(step["dimension"])
        step["partners"] = partners.get(step["dimension"], [])
        step["links_first"] = step["dimension"] not in seen
        seen.add(step["dimension"])
    unknown = [{"id": qid, "text": q.question_by_id[qid].text.get(lang)} for qid in result.unknown]
    evidence_missing = [
        {"id": qid, "text": q.question_by_id[qid].text.get(lang)} for qid in result.evidence_missing
    ]
    return {
        "result": result, "data": data, "rows": rows, "radar": radar, "peer": peer,
        "peers": peers or [],
        "overall_label": q.stage_label(result.overall_stage, lang),
        "target_label": q.stage_label(result.target_stage, lang)
        if result.target_stage is not None else "",
        "strengths": [
            {"title": explain.dimension_name(q, dim),
             "stage": q.stage_label(result.dimension(dim).stage, lang)}
            for dim in result.strengths
        ],
        "unknown": unknown, "evidence_missing": evidence_missing,
        "steps_by_dimension": steps_by_dimension, "questionnaire": q,
    }  # fmt: skip


# -- start ------------------------------------------------------------------------------------


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    q = questionnaire.current()
    lang = _lang()
    organisations = []
    if request.user.is_authenticated:
        organisations = [
            o
            for o in Organisation.objects.filter(memberships__user=request.user).distinct()
            if permissions.can_view_assessments(request.user, o)
        ]
    return render(request, "assessments/start.html", {
        "q": q, "title": q.meta.title.get(lang), "organisations": organisations,
        "stages": [{"label": s.label.get(lang), "alias": s.alias.get(lang),
                    "definition": s.definition.get(lang)} for s in q.stages],
        "dimensions": [d.title.get(lang) for d in q.dimensions],
        "nav": "assessments", "breadcrumbs": [(_("Maturity check"), None)],
    })  # fmt: skip


# -- anonymous try-out (state lives in the address, nothing is stored) ------------------------


def _step_number(value, total: int) -> int:
    try:
        return min(max(int(value), 1), total)
    except (TypeError, ValueError):
        return 1


@require_safe
def tryout(request: HttpRequest) -> HttpResponse:
    q = questionnaire.current()
    total = len(q.dimensions)
    step = _step_number(request.GET.get(STEP_PARAM, 1), total)
    try:
        answers = _answers_from(q, request.GET)
    except AnswerError as error:
        return _bad_answers(request, error)
    errors: dict[str, str] = {}
    push = None
    go = request.GET.get("go")
    if go in ("next", "result", "back"):
        dim = q.dimensions[step - 1].id
        if go == "back":
            target = max(step - 1, 1)
        else:
            missing = _missing_in(q, dim, answers)
            for qid in missing:
                errors[qid] = _("Please choose an answer (or “Don't know”).")
            target = step if missing else min(step + 1, total)
            if not missing and (go == "result" or step == total):
                incomplete = [d for d in q.dimensions if _missing_in(q, d.id, answers)]
                if not incomplete:
                    url = reverse("assessments:tryout_result") + "?" + _ordered_query(q, answers)
                    if request.htmx:
                        return HttpResponseClientRedirect(url)
                    return redirect(url)
                target = q.dimensions.index(incomplete[0]) + 1
                messages.warning(request, _("Please answer the remaining questions first."))
        if not errors:
            url = (
                reverse("assessments:tryout")
                + "?"
                + _ordered_query(q, answers, **{STEP_PARAM: target})
            )
            if not request.htmx:
                return redirect(url)
            step, push = target, url
    context = _step_context(q, step, answers, {}, errors, with_evidence=False)
    context.update({
        "form_action": reverse("assessments:tryout"), "method": "get", "nav": "assessments",
        "title": _("Try the maturity check"),
        "breadcrumbs": _crumbs((_("Try it"), None)),
    })  # fmt: skip
    template = "assessments/step.html"
    status = 400 if errors else 200
    if request.htmx and not request.htmx.boosted:
        template += "#step"
        status = 200  # htmx swaps only successful responses; the errors are in the fragment
    response = render(request, template, context, status=status)
    return push_url(response, push) if push else response


def _bad_answers(request, error: AnswerError) -> HttpResponse:
    return render(request, "assessments/bad_answers.html", {
        "error": error, "nav": "assessments", "breadcrumbs": _crumbs((_("Error"), None)),
    }, status=400)  # fmt: skip


def _complete_tryout(request):
    q = questionnaire.current()
    try:
        answers = _answers_from(q, request.GET)
        engine.validate_answers(q, answers, complete=True)
    except AnswerError as error:
        return q, None, error
    return q, answers, None


@require_safe
def tryout_result(request: HttpRequest) -> HttpResponse:
    q, answers, error = _complete_tryout(request)
    if error:
        if error.code == "missing_answer":
            try:
                partial = _answers_from(q, request.GET)
            except AnswerError:
                partial = {}
            step = q.dimensions.index(q.dimension_by_id[q.question_by_id[error.id].dim]) + 1
            return render(request, "assessments/incomplete.html", {
                "missing": error.id, "nav": "assessments",
                "resume": reverse("assessments:tryout") + "?"
                + _ordered_query(q, partial, **{STEP_PARAM: step}),
                "breadcrumbs": _crumbs((_("Result"), None)),
            }, status=400)  # fmt: skip
        return _bad_answers(request, error)
    result = engine.evaluate(q, answers)
    query = _ordered_query(q, answers)
    writable = []
    if request.user.is_authenticated:
        writable = [
            o
            for o in Organisation.objects.filter(memberships__user=request.user).distinct()
            if permissions.can_start_assessment(request.user, o)
        ]
    context = result_context(q, result)
    context.update({
        "query": query, "writable": writable, "answers": answers, "nav": "assessments",
        "edit_url": reverse("assessments:tryout") + "?" + _ordered_query(q, answers,
                                                                           **{STEP_PARAM: 1}),
        "login_url": reverse("users:login") + "?" + urlencode(
            {"next": reverse("assessments:tryout_result") + "?" + query}
        ),
        "md_url": reverse("assessments:tryout_plan_md") + "?" + query,
        "pdf_url": reverse("assessments:tryout_plan_pdf") + "?" + query,
        "breadcrumbs": _crumbs((_("Result of the try-out"), None)),
    })  # fmt: skip
    return render(request, "assessments/result.html", context)


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _base_url(request: HttpRequest) -> str:
    return absolute_url()


def _plan_extra(request: HttpRequest, assessment: Assessment) -> dict:
    return {"base_url": _base_url(request), "size_class": assessment.size_class,
            "organisation_id": assessment.organisation_id}  # fmt: skip


@require_safe
def tryout_plan_md(request: HttpRequest) -> HttpResponse:
    q, answers, error = _complete_tryout(request)
    if error:
        return _bad_answers(request, error)
    text = plan.plan_markdown(q, engine.evaluate(q, answers), subject=_("Try-out"),
                              base_url=_base_url(request))  # fmt: skip
    return _download(text, "text/markdown; charset=utf-8", "massnahmenplan.md")


@require_safe
def tryout_plan_pdf(request: HttpRequest) -> HttpResponse:
    q, answers, error = _complete_tryout(request)
    if error:
        return _bad_answers(request, error)
    pdf = plan.plan_pdf(q, engine.evaluate(q, answers), subject=_("Try-out"),
                        base_url=_base_url(request))  # fmt: skip
    return _download(pdf, "application/pdf", "massnahmenplan.pdf")


@login_required
@require_POST
def tryout_save(request: HttpRequest) -> HttpResponse:
    q = questionnaire.current()
    raw = str(request.POST.get("organisation", ""))
    organisation = Organisation.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if organisation is None:
        messages.error(request, _("Please choose an organisation."))
        return redirect("assessments:start")
    permissions.can_start_assessment(request.user, organisation).enforce()
    try:
        answers = _answers_from(q, request.POST)
        assessment = services.assessment_record(
            organisation=organisation, actor=request.user, answers=answers,
            version=request.POST.get("version") or None,
        )  # fmt: skip
    except AnswerError as error:
        return _bad_answers(request, error)
    messages.success(request, _("The assessment has been saved for %(organisation)s.") % {
        "organisation": organisation.name})  # fmt: skip
    return redirect(assessment)


# -- organisations: history, drafts, results --------------------------------------------------


def _organisation_or_404(slug: str) -> Organisation:
    organisation = selectors.organisation_get(slug)
    if organisation is None:
        raise Http404
    return organisation


def _assessment_or_404(pk: int) -> Assessment:
    assessment = selectors.assessment_get(pk)
    if assessment is None:
        raise Http404
    return assessment


@login_required
@require_safe
def organisation_assessments(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    permissions.can_view_assessments(request.user, organisation).enforce()
    lang = _lang()
    q = questionnaire.current()
    history = selectors.assessment_history(organisation)
    completed = [a for a in history if not a.is_draft]
    trends = []
    for major in sorted({a.questionnaire_major for a in completed}, reverse=True):
        series = sorted((a for a in completed if a.questionnaire_major == major),
                        key=lambda a: (a.assessed_on, a.pk))  # fmt: skip
        points = [(a.assessed_on.strftime("%Y-%m-%d"),
                   float(a.overall_index) if a.overall_index is not None else None)
                  for a in series]  # fmt: skip
        description = "; ".join(f"{label}: {value}" for label, value in points)
        dims = [d.id for d in q.dimensions]
        table = [{
            "assessment": a, "stage": _stage_label(q, a.overall_stage, lang),
            "scores": [
                next((float(s.score) for s in a.dimension_scores.all()
                      if s.dimension == dim and s.score is not None), None)
                for dim in dims
            ],
        } for a in series]  # fmt: skip
        changes = []
        if len(series) >= 2:
            first, last = table[0]["scores"], table[-1]["scores"]
            for dim, before, after in zip(dims, first, last, strict=True):
                if before is not None and after is not None:
                    changes.append({"id": dim, "title": q.dimension_by_id[dim].title.get(lang),
                                    "delta": round(after - before, 1)})  # fmt: skip
        trends.append({
            "major": major, "rows": table, "dims": dims, "changes": changes,
            "chart": charts.trend(points, title=_("Overall index over time (version %(major)s)")
                                  % {"major": major}, description=description,
                                  chart_id=f"trend-{major}"),
        })  # fmt: skip
    for a in history:
        a.stage_label = _stage_label(q, a.overall_stage, lang)
    sharing = Sharing.objects.filter(organisation=organisation).first()
    return render(request, "assessments/organisation.html", {
        "organisation": organisation, "history": history, "trends": trends,
        "sharing": sharing or Sharing(organisation=organisation),
        "can_share": permissions.can_change_sharing(request.user, organisation),
        "can_start": permissions.can_start_assessment(request.user, organisation),
        "stage_label": lambda s: _stage_label(q, s, lang), "nav": "assessments",
        "breadcrumbs": _crumbs((organisation.name, None)),
    })  # fmt: skip


def _stage_label(q, stage_id: str, lang: str) -> str:
    if stage_id in q.stage_value:
        return q.stage_label(q.stage_value[stage_id], lang)
    return _("not assessable")


@login_required
@require_POST
def assessment_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    permissions.can_start_assessment(request.user, organisation).enforce()
    assessment = services.assessment_create(organisation=organisation, actor=request.user)
    messages.success(request, _("A new assessment has been started."))
    return redirect("assessments:edit", pk=assessment.pk, step=1)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    assessment = _assessment_or_404(pk)
    permissions.can_edit_assessment(request.user, assessment).enforce()
    q = questionnaire.get(assessment.questionnaire_version)
    if q is None or not 1 <= step <= len(q.dimensions):
        raise Http404
    answers, evidence = services.answers_of(assessment)
    errors: dict[str, str] = {}
    saved = False
    push = None  # the URL of the step an htmx post moved to, pushed into the address bar
    if request.method == "POST":
        dim = q.dimensions[step - 1].id
        new_answers, new_evidence, errors = _read_step(q, dim, request.POST, with_evidence=True)
        stray = [qid for qid in new_evidence if qid not in new_answers]
        for qid in stray:
            errors[f"{qid}-url"] = _("Please choose an answer for this question first.")
        go = request.POST.get("go", "save")
        target: int | None = None
        if not errors:
            services.assessment_save_answers(
                assessment=assessment, answers=new_answers,
                evidence={qid: new_evidence.get(qid, {}) for qid in new_answers},
            )  # fmt: skip
            answers.update(new_answers)
            for qid in new_answers:
                evidence.pop(qid, None)
            evidence.update(new_evidence)
            missing = _missing_in(q, dim, answers)
            if go == "back":
                target = max(1, step - 1)
            elif go == "save":
                saved = True
                target = step
            elif missing:
                for qid in missing:
                    errors[qid] = _("Please choose an answer (or “Don't know”).")
            elif step < len(q.dimensions):
                target = step + 1
            elif request.htmx and not request.htmx.boosted:
                # The result is a page of its own: navigate there instead of swapping it into
                # the step region (which nested a whole page inside the page).
                return HttpResponseClientRedirect(assessment.get_absolute_url())
            else:
                return redirect(assessment)
        else:
            answers.update(new_answers)
            evidence.update(new_evidence)
        if target is not None:
            url = reverse("assessments:edit", args=[pk, target])
            if not (request.htmx and not request.htmx.boosted):
                if saved:
                    messages.success(
                        request, _("Your answers have been saved. You can resume later.")
                    )
                return redirect(url)
            step, push = target, url
    context = _step_context(q, step, answers, evidence, errors, with_evidence=True)
    context.update({
        "assessment": assessment, "organisation": assessment.organisation, "method": "post",
        "form_action": reverse("assessments:edit", args=[pk, step]), "nav": "assessments",
        "title": _("Assessment of %(organisation)s") % {"organisation": assessment.organisation},
        "step_urls": {n: reverse("assessments:edit", args=[pk, n])
                      for n in range(1, len(q.dimensions) + 1)},
        "breadcrumbs": _crumbs(
            (assessment.organisation.name,
             reverse("assessments:organisation", args=[assessment.organisation.slug])),
            (_("Edit assessment"), None),
        ),
    })  # fmt: skip
    context["saved"] = saved
    template = "assessments/step.html"
    status = 400 if errors else 200
    if request.htmx and not request.htmx.boosted:
        template += "#step"
        status = 200
    response = render(request, template, context, status=status)
    if push:
        response = push_url(response, push)  # reloading shows the step the user sees
    return response


def _peer_groups(assessment: Assessment):
    groups = []
    if assessment.size_class:
        groups.append(selectors.peer_statistics(size_class=assessment.size_class))
    if assessment.state_code:
        groups.append(selectors.peer_statistics(state=assessment.state_code))
    if assessment.size_class and assessment.state_code:
        groups.append(selectors.peer_statistics(size_class=assessment.size_class,
                                                state=assessment.state_code))  # fmt: skip
    groups.append(selectors.peer_statistics(programme=True))
    groups.sort(key=lambda g: not g.shown)
    return groups


@login_required
@require_safe
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_or_404(pk)
    organisation = assessment.organisation
    permissions.can_view_assessments(request.user, organisation).enforce()
    q = questionnaire.get(assessment.questionnaire_version)
    if q is None:
        raise Http404
    answers, evidence = services.answers_of(assessment)
    lang = _lang()
    context = {
        "assessment": assessment, "organisation": organisation, "nav": "assessments",
        "can_edit": permissions.can_edit_assessment(request.user, assessment),
        "breadcrumbs": _crumbs(
            (organisation.name, reverse("assessments:organisation", args=[organisation.slug])),
            (date_format(assessment.assessed_on, "SHORT_DATE_FORMAT"), None),
        ),
    }  # fmt: skip
    missing = [question.id for question in q.questions if question.id not in answers]
    if missing:
        first = q.dimensions.index(q.dimension_by_id[q.question_by_id[missing[0]].dim]) + 1
        context.update({"missing": missing, "resume_step": first})
        return render(request, "assessments/assessment_detail.html", context)
    result = engine.evaluate(q, answers, evidence)
    peers = _peer_groups(assessment) if not assessment.is_draft else []
    for group in peers:
        group.label = _peer_label(group)
    context.update(result_context(q, result, peers=peers, size_class=assessment.size_class,
                                  organisation_id=organisation.pk))  # fmt: skip
    context.update({
        "md_url": reverse("assessments:plan_md", args=[pk]),
        "pdf_url": reverse("assessments:plan_pdf", args=[pk]),
        "answer_rows": [
            {"id": question.id, "text": question.text.get(lang),
             "answer": _answer_label(q, question, answers[question.id], lang),
             "evidence": evidence.get(question.id, {})}
            for question in q.questions
        ],
        "peer_stage_rows": _stage_rows(q, context.get("peer"), lang),
    })  # fmt: skip
    return render(request, "assessments/assessment_detail.html", context)


def _peer_label(group) -> str:
    parts = [_("participants of the funding programme")] if group.programme else []
    if group.size_class:
        parts.append(size_class_label(group.size_class))
    if group.state:
        state = State.objects.filter(code=group.state).values_list("name", flat=True).first()
        parts.append(state or group.state.upper())
    return " · ".join(parts) or _("all organisations")


def _stage_rows(q, peer, lang):
    if not peer:
        return []
    return [
        {"label": q.stage_label(q.stage_value[sid], lang) if sid else _("not assessable"),
         "count": n}
        for sid, n in peer.stages.items()
    ]  # fmt: skip


def _answer_label(q, question, option, lang) -> str:
    if option == questionnaire.UNKNOWN:
        return q.special_answers.unknown.label.get(lang)
    if option == questionnaire.NA:
        return q.special_answers.na.label.get(lang)
    return f"{q.stage_label(q.stage_value[option], lang)}: {question.options[option].get(lang)}"


@login_required
@require_POST
def assessment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_or_404(pk)
    permissions.can_edit_assessment(request.user, assessment).enforce()
    try:
        services.assessment_complete(assessment=assessment, actor=request.user)
    except AnswerError as error:
        messages.error(request, _("Question %(id)s has no answer yet.") % {"id": error.id})
        return redirect(assessment)
    except services.AssessmentError as error:
        raise PermissionDenied(str(error)) from None
    messages.success(request, _("The assessment is complete and has been added to the history."))
    return redirect(assessment)


def _saved_result(request, pk: int):
    assessment = _assessment_or_404(pk)
    permissions.can_view_assessments(request.user, assessment.organisation).enforce()
    q = questionnaire.get(assessment.questionnaire_version)
    answers, evidence = services.answers_of(assessment)
    try:
        engine.validate_answers(q, answers, complete=True)
    except AnswerError as error:
        return assessment, q, None, error
    return assessment, q, engine.evaluate(q, answers, evidence), None


@login_required
@require_safe
def plan_md(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, q, result, error = _saved_result(request, pk)
    if error:
        return _bad_answers(request, error)
    subject = f"{assessment.organisation.name} ({date_format(assessment.assessed_on, 'SHORT_DATE_FORMAT')})"
    return _download(plan.plan_markdown(q, result, subject=subject, **_plan_extra(request, assessment)),
                     "text/markdown; charset=utf-8", f"massnahmenplan-{pk}.md")  # fmt: skip


@login_required
@require_safe
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, q, result, error = _saved_result(request, pk)
    if error:
        return _bad_answers(request, error)
    subject = f"{assessment.organisation.name} ({date_format(assessment.assessed_on, 'SHORT_DATE_FORMAT')})"
    return _download(plan.plan_pdf(q, result, subject=subject, **_plan_extra(request, assessment)),
                     "application/pdf",
                     f"massnahmenplan-{pk}.pdf")  # fmt: skip


# -- statistics (open data) -------------------------------------------------------------------


@require_safe
def statistics_page(request: HttpRequest) -> HttpResponse:
    q = questionnaire.current()
    lang = _lang()
    size_class = request.GET.get("size_class", "")
    state = request.GET.get("state", "")
    programme = request.GET.get("programme", "")
    states = list(State.objects.order_by("name").values_list("code", "name"))
    status = 200
    if (
        size_class not in ["", *selectors.SIZE_CLASSES]
        or state not in ["", *[c for c, _n in states]]
        or programme not in ("", "1")
    ):
        size_class, state, programme, status = "", "", "", 400
        messages.error(request, _("Unknown filter; showing all organisations."))
    stats = selectors.peer_statistics(size_class=size_class, state=state,
                                      programme=programme == "1")  # fmt: skip
    rows = []
    if stats.shown:
        for d in stats.dimensions:
            rows.append({"title": q.dimension_by_id[d["id"]].title.get(lang),
                         **{k: round(d[k], 1) if d[k] is not None else None
                            for k in ("median", "p25", "p75")}})  # fmt: skip
    return render(request, "assessments/statistics.html", {
        "stats": stats, "rows": rows, "stage_rows": _stage_rows(q, stats, lang),
        "size_classes": [(v, size_class_label(v)) for v in selectors.SIZE_CLASSES],
        "states": states, "size_class": size_class, "state": state, "programme": programme,
        "nav": "assessments", "breadcrumbs": _crumbs((_("Statistics"), None)),
    }, status=status)  # fmt: skip


def statistics_columns(q) -> list[str]:
    """The columns of the maturity statistics CSV (also described in the open-data catalogue)."""
    return (
        ["questionnaire_major", "size_class", "state", "programme_participants", "organisations"]
        + [f"{d.id}_{k}" for d in q.dimensions for k in ("p25", "median", "p75")]
        + [f"stage_{s}" for s in q.stage_ids] + ["stage_not_assessable"]
    )  # fmt: skip


@require_safe
def statistics_csv(request: HttpRequest) -> HttpResponse:
    """Open statistics as plain CSV (``,``, decimal point; core.exports)."""
    q = questionnaire.current()
    header = statistics_columns(q)
    rows = []
    for stats in selectors.statistics_table():
        cells = []
        for d in stats.dimensions:
            cells += ["" if d[k] is None else f"{d[k]:.1f}" for k in ("p25", "median", "p75")]
        rows.append(
            [stats.major, stats.size_class or "all", stats.state or "all",
             "yes" if stats.programme else "all", stats.count]
            + cells + [stats.stages.get(s, 0) for s in q.stage_ids] + [stats.stages.get("", 0)]
        )  # fmt: skip
    return exports.csv_response("reifegrad-statistik.csv", header, rows, dialect=exports.PLAIN)


@login_required
@require_POST
def sharing_update(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    permissions.can_change_sharing(request.user, organisation).enforce()
    services.sharing_set(
        actor=request.user, organisation=organisation,
        named_in_ranking=request.POST.get("named_in_ranking") == "on",
        learning_partner=request.POST.get("learning_partner") == "on",
    )  # fmt: skip
    messages.success(request, _("The sharing settings have been saved."))
    return redirect(reverse("assessments:organisation", args=[organisation.slug]) + "#sharing")


@require_safe
def ranking_page(request: HttpRequest) -> HttpResponse:
    q = questionnaire.current()
    lang = _lang()
    rows = []
    for position, a in enumerate(selectors.ranking(), start=1):
        stages = {s.dimension: s.stage for s in a.dimension_scores.all()}
        rows.append({
            "position": position, "assessment": a, "organisation": a.organisation,
            "stage": _stage_label(q, a.overall_stage, lang),
            "dimensions": [_stage_label(q, stages.get(d.id, ""), lang) for d in q.dimensions],
        })  # fmt: skip
    return render(request, "assessments/ranking.html", {
        "rows": rows, "dimensions": [(d.id, d.title.get(lang)) for d in q.dimensions],
        "major": q.major, "nav": "assessments",
        "breadcrumbs": _crumbs((_("Named ranking"), None)),
    })  # fmt: skip


# -- evidence documents -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evidence_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload documents that back answers (drafts only); list and download them."""
    from stadtnetz.core.uploads import UploadRefused, limit_mb, refuse_oversized

    assessment = _assessment_or_404(pk)
    permissions.can_view_assessments(request.user, assessment.organisation).enforce()
    q = questionnaire.get(assessment.questionnaire_version)
    if q is None:
        raise Http404
    lang = _lang()
    can_upload = permissions.can_edit_assessment(request.user, assessment)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        can_upload.enforce()
        question = request.POST.get("question", "")
        upload = request.FILES.get("file")
        try:
            if question not in q.question_by_id:
                raise UploadRefused(_("Choose a question of this questionnaire."))
            if upload is None:
                raise UploadRefused(_("Choose a file to upload."))
            refuse_oversized(upload.size)
            services.evidence_document_add(actor=request.user, assessment=assessment,
                                           question=question, name=upload.name,
                                           data=upload.read())  # fmt: skip
        except (UploadRefused, services.AssessmentError) as error:
            errors[question if question in q.question_by_id else ""] = str(error)
            status = 400
        else:
            messages.success(request, _("The document has been uploaded."))
            return redirect(reverse("assessments:evidence", args=[pk]) + f"#evidence-{question}")
    documents: dict[str, list] = {}
    for document in assessment.evidence_documents.all():
        documents.setdefault(document.question, []).append(document)
    answers, _evidence = services.answers_of(assessment)
    rows = [
        {"id": question.id, "text": question.text.get(lang),
         "answer": _answer_label(q, question, answers[question.id], lang)
         if question.id in answers else _("not answered yet"),
         "documents": documents.get(question.id, []), "error": errors.get(question.id, "")}
        for question in q.questions
    ]  # fmt: skip
    return render(request, "assessments/evidence.html", {
        "assessment": assessment, "organisation": assessment.organisation, "rows": rows,
        "can_upload": can_upload, "general_error": errors.get(""),
        "limit_mb": limit_mb(), "nav": "assessments",
        "breadcrumbs": _crumbs(
            (assessment.organisation.name,
             reverse("assessments:organisation", args=[assessment.organisation.slug])),
            (date_format(assessment.assessed_on, "SHORT_DATE_FORMAT"), assessment.get_absolute_url()),
            (_("Evidence documents"), None),
        ),
    }, status=status)  # fmt: skip


@login_required
@require_safe
def evidence_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    from django.http import FileResponse

    from stadtnetz.core.uploads import private_root

    assessment = _assessment_or_404(pk)
    permissions.can_view_assessments(request.user, assessment.organisation).enforce()
    document = assessment.evidence_documents.filter(pk=document_pk).first()
    if document is None or not (private_root() / document.path).is_file():
        raise Http404
    return FileResponse((private_root() / document.path).open("rb"), as_attachment=True,
                        filename=document.name, content_type=document.content_type)  # fmt: skip


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    assessment = _assessment_or_404(pk)
    permissions.can_view_assessments(request.user, assessment.organisation).enforce()
    document = assessment.evidence_documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    services.evidence_document_delete(actor=request.user, document=document)
    messages.success(request, _("The document has been removed."))
    return redirect(reverse("assessments:evidence", args=[pk]) + f"#evidence-{document.question}")
