# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Review pages: parse → permission → selector/service → render. Every flow works without JS;
the review form autosaves with htmx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stadtnetz.core import exports
from stadtnetz.core.forms import errors_to_form
from stadtnetz.core.permissions import is_programme_office
from stadtnetz.municipalities.models import State
from stadtnetz.organisations.models import OrganisationKind
from stadtnetz.programmes.selectors import call_get
from stadtnetz.users.models import User

from . import permissions, selectors, services
from .forms import (
    FIELD_CHOICES,
    ConstraintsForm,
    DecisionForm,
    InviteForm,
    MessageForm,
    MissingDocumentsForm,
    RankingFilterForm,
    ReasonForm,
    RecommendationForm,
    ResolveForm,
    ReviewSettingsForm,
)
from .models import Assignment, AuditEvent, Reconciliation, ReviewState, SelectionRun


def _call(request, call_pk: int, check=permissions.can_view_call_review):
    call = call_get(call_pk)
    if call is None or not check(request.user, call):
        raise Http404
    return call


def _office_call(request, call_pk: int):
    return _call(request, call_pk, permissions.can_manage_review)


def _case(request, case_pk: int, check=permissions.can_view_case_content):
    case = selectors.case_get(case_pk)
    if case is None or not check(request.user, case):
        raise Http404
    return case


def _crumbs(call, *items):
    return [(call.title, call.get_absolute_url()), (_("Review and selection"), reverse("reviews:call_review", args=[call.pk]) if items else None),
            *items]  # fmt: skip


# --- overview ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def call_review(request: HttpRequest, call_pk: int) -> HttpResponse:
    """The office: every case and its state, the review's steps. A reviewer: the declaration list."""
    call = _call(request, call_pk)
    office = bool(is_programme_office(request.user))
    if request.method == "POST":
        permissions.can_manage_review(request.user, call).enforce()
        try:
            services.review_open(actor=request.user, call=call)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The review is open for every submitted application."))
        return redirect("reviews:call_review", call_pk=call.pk)
    context = {"call": call, "office": office, "nav": "programmes", "breadcrumbs": _crumbs(call),
               "deadline_passed": call.status == "closed"}  # fmt: skip
    if office:
        context["cases"] = selectors.call_cases(call)
        context["pool"] = selectors.pool(call)
    else:
        context["rows"] = selectors.reviewer_cases(call, request.user)
    return render(request, "reviews/call_review.html", context)


# --- settings ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review_settings(request: HttpRequest, call_pk: int) -> HttpResponse:
    """The programme office's review settings of a call, with the history of changes."""
    call = _office_call(request, call_pk)
    current = services.review_settings(call)
    initial = {
        "reviewers_per_application": current.reviewers_per_application, "max_load": current.max_load,
        "reconciliation_threshold": current.reconciliation_threshold, "late_document_days": current.late_document_days,
        "comment_limit": current.comment_limit, "share_anonymised_comments": current.share_anonymised_comments,
        "checklist": "\n".join(services.checklist_texts(call)),
        **{f"anchor_{n}": text for n, text in enumerate(current.scale_anchors)},
    }  # fmt: skip
    form = ReviewSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_settings_save(
                actor=request.user, call=call, reviewers_per_application=data["reviewers_per_application"],
                max_load=data["max_load"], reconciliation_threshold=data["reconciliation_threshold"],
                late_document_days=data["late_document_days"], comment_limit=data["comment_limit"],
                share_anonymised_comments=data["share_anonymised_comments"], scale_anchors=form.anchors(),
                checklist=data["checklist"].splitlines(),
            )  # fmt: skip
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                if field == "scale_anchors":
                    form.add_error("anchor_0", errors)
                else:
                    form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The review settings have been saved."))
            return redirect("reviews:review_settings", call_pk=call.pk)
    history = AuditEvent.objects.filter(
        call=call, kind__in=["settings", "checklist"]
    ).select_related("actor")[:50]
    return render(request, "reviews/settings.html", {
        "call": call, "form": form, "history": history, "nav": "programmes",
        "breadcrumbs": _crumbs(call, (_("Review settings"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


# --- formal check --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def formal_check(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case(
        request, case_pk, lambda user, case: permissions.can_manage_review(user, case.call)
    )
    items = list(case.call.checklist_items.all())
    errors: dict = {}
    values = {}
    if request.method == "POST":
        results = []
        for item in items:
            choice = request.POST.get(f"item_{item.pk}", "")
            note = request.POST.get(f"note_{item.pk}", "")
            values[item.pk] = (choice, note)
            if choice in ("pass", "fail"):
                results.append(services.ItemResult(item.pk, choice == "pass", note))
        try:
            services.formal_check_record(actor=request.user, case=case, results=results,
                                         main_field=request.POST.get("main_field"))  # fmt: skip
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("The formal check has been recorded."))
            return redirect("reviews:call_review", call_pk=case.call_id)
    rows = [{"item": item, "choice": values.get(item.pk, ("", ""))[0], "note": values.get(item.pk, ("", ""))[1],
             "choice_error": errors.get(f"item_{item.pk}"), "note_error": errors.get(f"note_{item.pk}")} for item in items]  # fmt: skip
    return _formal_check_page(
        request, case, rows=rows, errors=errors, main_field=request.POST.get("main_field")
    )


def _formal_check_page(
    request, case, *, rows=None, errors=None, main_field=None, request_form=None
):
    if rows is None:
        rows = [
            {"item": item, "choice": "", "note": ""} for item in case.call.checklist_items.all()
        ]
    errors = errors or {}
    status = 400 if errors or (request_form is not None and request_form.errors) else 200
    return render(request, "reviews/formal_check.html", {
        "case": case, "rows": rows, "errors": errors.get("__all__"), "checks": case.formal_checks.prefetch_related("results__item"),
        "fields": FIELD_CHOICES, "main_field": case.main_field if main_field is None else main_field,
        "main_field_error": errors.get("main_field"),
        "documents": case.missing_documents.select_related("attachment", "provided_by"),
        "request_form": request_form or MissingDocumentsForm(), "window_closes": services.late_window_closes(case.call),
        "window_open": services.late_window_open(case.call),
        "nav": "programmes", "breadcrumbs": _crumbs(case.call, (_("Formal check"), None)),
    }, status=status)  # fmt: skip


@login_required
@require_POST
def late_documents_request(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The office names documents the applicant may hand in within the late-document window."""
    case = _case(
        request, case_pk, lambda user, case: permissions.can_manage_review(user, case.call)
    )
    form = MissingDocumentsForm(request.POST)
    if form.is_valid():
        try:
            created = services.missing_documents_request(
                actor=request.user, case=case, names=form.cleaned_data["names"].splitlines()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("%(n)d documents requested; the applicant's editors have been told.")
                % {"n": len(created)},
            )
            return redirect("reviews:formal_check", case_pk=case.pk)
    case.refresh_from_db()
    return _formal_check_page(request, case, request_form=form)


# --- pool and declarations -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pool(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = _office_call(request, call_pk)
    reviewers = User.objects.filter(is_reviewer=True, is_active=True).order_by(
        "last_name", "username"
    )
    form = InviteForm(request.POST or None, reviewers=reviewers)
    if request.method == "POST" and form.is_valid():
        tags = [t.strip() for t in form.cleaned_data["expertise"].split(",") if t.strip()]
        try:
            services.pool_invite(
                actor=request.user,
                call=call,
                reviewer=form.cleaned_data["reviewer"],
                expertise=tags,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The reviewer has been invited."))
            return redirect("reviews:pool", call_pk=call.pk)
    return render(request, "reviews/pool.html", {
        "call": call, "form": form, "pool": selectors.pool(call), "nav": "programmes",
        "breadcrumbs": _crumbs(call, (_("Reviewer pool"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def declare(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case(request, case_pk, lambda user, case: permissions.can_declare(user, case))
    choice = request.POST.get("conflicted")
    if choice not in ("yes", "no"):
        messages.error(request, _("Choose whether you have a conflict of interest."))
        return redirect("reviews:call_review", call_pk=case.call_id)
    try:
        result = services.conflict_declare(actor=request.user, case=case, conflicted=choice == "yes",
                                           note=request.POST.get("note", ""))  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if result.unassigned:
            messages.warning(request, _("You declared a conflict: you are no longer assigned to “%(title)s”.")
                             % {"title": case.application.title})  # fmt: skip
        else:
            messages.success(request, _("Your declaration has been saved."))
    return redirect("reviews:call_review", call_pk=case.call_id)


# --- assignment ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assignment(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = _office_call(request, call_pk)
    proposal = None
    error_text = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                pairs = []
                for raw in request.POST.getlist("pair"):
                    case_id, _sep, reviewer_id = raw.partition(":")
                    if not (case_id.isdigit() and reviewer_id.isdigit()):
                        raise services.ReviewError({"__all__": [_("The proposal was malformed.")]})
                    pairs.append((int(case_id), int(reviewer_id)))
                created = services.assignment_confirm(actor=request.user, call=call, pairs=pairs)
                messages.success(request, _("%(n)d assignments confirmed.") % {"n": len(created)})
            elif action == "add":
                case = selectors.case_get(
                    int(request.POST.get("case", "0") or 0)
                    if request.POST.get("case", "").isdigit()
                    else 0
                )
                reviewer = User.objects.filter(
                    pk=request.POST.get("reviewer")
                    if request.POST.get("reviewer", "").isdigit()
                    else None
                ).first()
                if case is None or case.call_id != call.pk or reviewer is None:
                    raise services.ReviewError(
                        {"reviewer": [_("Choose an application and a reviewer.")]}
                    )
                services.assignment_add(actor=request.user, case=case, reviewer=reviewer)
                messages.success(request, _("The reviewer has been assigned."))
            elif action == "remove":
                found = Assignment.objects.filter(pk=request.POST.get("assignment") if request.POST.get("assignment", "").isdigit() else None,
                                                  case__call=call).first()  # fmt: skip
                if found is None:
                    raise Http404
                services.assignment_remove(
                    actor=request.user, assignment=found, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("The reviewer has been removed from the application."))
            else:
                raise services.ReviewError({"__all__": [_("Unknown action.")]})
        except ValidationError as error:
            error_text = " ".join(error.messages)
            status = 400
        else:
            return redirect("reviews:assignment", call_pk=call.pk)
    elif request.GET.get("propose"):
        proposal = services.assignment_propose(call=call)
    cases = list(selectors.call_cases(call).filter(state=ReviewState.IN_REVIEW))
    members = list(selectors.pool(call))
    names = {m.reviewer_id: m.reviewer.display_name for m in members}
    titles = {c.pk: c for c in cases}
    return render(request, "reviews/assignment.html", {
        "call": call, "cases": cases, "pool": members, "proposal": proposal, "names": names, "titles": titles,
        "error_text": error_text, "settings": services.review_settings(call),
        "nav": "programmes", "breadcrumbs": _crumbs(call, (_("Assignment"), None)),
    }, status=status)  # fmt: skip


# --- case and reviews ----------------------------------------------------------------------------


@login_required
@require_safe
def case_detail(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case(request, case_pk)
    reviews = [r for r in case.reviews.select_related("reviewer").prefetch_related("scores__group", "scores__criterion")
               if permissions.can_view_review(request.user, r)]  # fmt: skip
    submission = selectors.valid_submissions([case]).get(case.application_id)
    reconciliation = case.reconciliations.prefetch_related("messages__author").last()
    return render(request, "reviews/case_detail.html", {
        "case": case, "reviews": reviews, "submission": submission, "reconciliation": reconciliation,
        "office": bool(is_programme_office(request.user)), "message_form": MessageForm(), "resolve_form": ResolveForm(),
        "own_review": case.reviews.filter(reviewer=request.user).first(),
        "transitions": case.transitions.select_related("actor"),
        "nav": "programmes", "breadcrumbs": _crumbs(case.call, (case.application.title, None)),
    })  # fmt: skip


@login_required
@require_POST
def review_start(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case(request, case_pk)
    if not permissions.is_assigned(request.user, case):
        raise Http404
    review = services.review_get_or_create(reviewer=request.user, case=case)
    return redirect("reviews:review_edit", review_pk=review.pk)


def _visible_review(request, review_pk: int, check=permissions.can_view_review):
    review = selectors.review_get(review_pk)
    if review is None or not check(request.user, review):
        raise Http404
    return review


def _review_rows(review, posted=None, errors=None):
    scores = {(s.group_id, s.criterion_id): s for s in review.scores.all()}
    rows = []
    for item in services.review_items(review.case.call):
        score = scores.get((item["group"].pk, item["criterion"].pk if item["criterion"] else None))
        value = (
            ("na" if score.not_applicable else ("" if score.value is None else str(score.value)))
            if score
            else ""
        )
        comment = score.comment if score else ""
        if posted is not None:
            value = posted.get(f"score_{item['key']}", value)
            comment = posted.get(f"comment_{item['key']}", comment)
        rows.append({**item, "value": value, "comment": comment,
                     "score_error": (errors or {}).get(f"score_{item['key']}"),
                     "comment_error": (errors or {}).get(f"comment_{item['key']}")})  # fmt: skip
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, review_pk: int) -> HttpResponse:
    """The review form. POST saves the draft (htmx: autosave answers the status line only);
    POST with ``submit`` also submits."""
    review = _visible_review(request, review_pk)
    writable = permissions.can_write_review(request.user, review)
    meta = RecommendationForm(
        request.POST or None,
        initial={"recommendation": review.recommendation, "summary": review.summary},
    )
    errors: dict = {}
    status = 200
    saved = False
    if request.method == "POST":
        writable.enforce()
        items = services.review_items(review.case.call)
        scores = {
            i["key"]: request.POST.get(f"score_{i['key']}", "")
            for i in items
            if f"score_{i['key']}" in request.POST
        }
        comments = {
            i["key"]: request.POST.get(f"comment_{i['key']}", "")
            for i in items
            if f"comment_{i['key']}" in request.POST
        }
        try:
            services.review_save(actor=request.user, review=review, scores=scores, comments=comments,
                                 recommendation=request.POST.get("recommendation", ""), summary=request.POST.get("summary", ""))  # fmt: skip
            if "submit" in request.POST:
                services.review_submit(actor=request.user, review=review)
        except ValidationError as error:
            errors = error.message_dict
            status = 400
        else:
            saved = True
            if not request.htmx:
                messages.success(
                    request,
                    _("The review has been submitted.")
                    if "submit" in request.POST
                    else _("The draft has been saved."),
                )
                return redirect("reviews:review_edit", review_pk=review.pk)
        review.refresh_from_db()
    context = {
        "review": review, "case": review.case, "rows": _review_rows(review, request.POST if errors else None, errors),
        "meta": meta, "errors": errors, "general_errors": errors.get("__all__", []), "writable": writable and not review.is_submitted, "saved": saved,
        "anchors": services.review_settings(review.case.call).scale_anchors,
        "limit": services.review_settings(review.case.call).comment_limit,
        "reopen_form": ReasonForm(), "office": bool(is_programme_office(request.user)),
        "nav": "programmes", "breadcrumbs": _crumbs(review.case.call, (review.case.application.title,
                                                                        reverse("reviews:case_detail", args=[review.case_id])), (_("Review"), None)),
    }  # fmt: skip
    if errors:
        for field in ("recommendation", "summary"):
            if field in errors:
                meta.add_error(field, errors[field])
    if request.htmx and request.method == "POST":
        return render(request, "reviews/review_edit.html#save-status", context, status=status)
    return render(request, "reviews/review_edit.html", context, status=status)


@login_required
@require_POST
def review_reopen(request: HttpRequest, review_pk: int) -> HttpResponse:
    review = _visible_review(request, review_pk)
    permissions.can_manage_review(request.user, review.case.call).enforce()
    try:
        services.review_reopen(
            actor=request.user, review=review, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The review has been reopened; the reviewer can change it."))
    return redirect("reviews:case_detail", case_pk=review.case_id)


@login_required
@require_POST
def reconciliation_message(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case(request, case_pk, permissions.can_take_part_in_reconciliation)
    reconciliation = Reconciliation.objects.filter(case=case, closed_at__isnull=True).first()
    if reconciliation is None:
        messages.error(request, _("There is no open reconciliation."))
    else:
        try:
            services.reconciliation_message_add(
                actor=request.user, reconciliation=reconciliation, text=request.POST.get("text", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("reviews:case_detail", case_pk=case.pk)


@login_required
@require_POST
def reconciliation_resolve(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case(request, case_pk)
    permissions.can_manage_review(request.user, case.call).enforce()
    reconciliation = Reconciliation.objects.filter(case=case, closed_at__isnull=True).first()
    if reconciliation is None:
        messages.error(request, _("There is no open reconciliation."))
    else:
        try:
            services.reconciliation_resolve(actor=request.user, reconciliation=reconciliation,
                                            outcome=request.POST.get("outcome", ""), reason=request.POST.get("reason", ""))  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The outcome of the reconciliation has been recorded."))
    return redirect("reviews:case_detail", case_pk=case.pk)


# --- ranking, selection, decision --------------------------------------------------------------------


@login_required
@require_safe
def ranking(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = _office_call(request, call_pk)
    states = list(State.objects.order_by("name").values_list("code", "name"))
    form = RankingFilterForm(request.GET or None, kinds=OrganisationKind.choices, states=states,
                             review_states=ReviewState.choices)  # fmt: skip
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.ranking(call, **{k: v for k, v in data.items() if v not in (None, "")})
    return render(request, "reviews/ranking.html", {
        "call": call, "form": form, "rows": rows, "state_names": dict(states), "nav": "programmes",
        "breadcrumbs": _crumbs(call, (_("Ranking"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


def _pins(post) -> dict:
    pins = {}
    for key, value in post.items():
        if key.startswith("pin_") and value in ("include", "exclude"):
            ident = key.removeprefix("pin_")
            pins[ident] = {"pin": value, "reason": post.get(f"pinreason_{ident}", "")}
    return pins


@login_required
@require_http_methods(["GET", "POST"])
def selection(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = _office_call(request, call_pk)
    runs = list(selectors.selection_runs(call)[:20])
    latest = runs[0] if runs else None
    initial = {}
    if latest:
        c = latest.constraints
        initial = {"budget": c.get("budget"), "max_per_state": c.get("max_per_state", ""), "min_states": c.get("min_states", ""),
                   "min_score": c.get("min_score", "")}  # fmt: skip
        for key, value in c.get("min_per_size_class", {}).items():
            initial[f"min_{key}"] = value
        for key, value in c.get("max_per_size_class", {}).items():
            initial[f"max_{key}"] = value
    form = ConstraintsForm(request.POST or None, initial=initial)
    candidates = services.selection_candidates(call)
    pins = (
        _pins(request.POST)
        if request.method == "POST"
        else (latest.constraints.get("pins", {}) if latest else {})
    )
    pin_errors: dict = {}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                run = services.selection_run(
                    actor=request.user, call=call, constraints=form.as_constraints(pins)
                )
            except ValidationError as error:
                for field, errs in error.message_dict.items():
                    if field.startswith("pins."):
                        pin_errors[field.removeprefix("pins.")] = errs
                    else:
                        name = field.replace("_per_size_class.", "_")
                        form.add_error(name if name in form.fields else None, errs)
                status = 400
            else:
                return redirect("reviews:selection_run", call_pk=call.pk, run_pk=run.pk)
        else:
            status = 400
    return render(request, "reviews/selection.html", {
        "call": call, "form": form, "runs": runs, "candidates": candidates, "pins": pins, "pin_errors": pin_errors,
        "nav": "programmes", "breadcrumbs": _crumbs(call, (_("Jury selection"), None)),
    }, status=status)  # fmt: skip


@login_required
@require_safe
def selection_run(request: HttpRequest, call_pk: int, run_pk: int) -> HttpResponse:
    call = _office_call(request, call_pk)
    run = SelectionRun.objects.filter(call=call, pk=run_pk).first()
    if run is None:
        raise Http404
    by_id = {c["id"]: c for c in run.candidates}
    chosen = [by_id[i] for i in run.selected if i in by_id]
    greedy = [by_id[i] for i in run.greedy_selected if i in by_id]
    difference = (
        (run.objective - run.greedy_objective)
        if run.objective is not None and run.greedy_objective is not None
        else None
    )
    return render(request, "reviews/selection_run.html", {
        "call": call, "run": run, "chosen": sorted(chosen, key=lambda c: -float(c["score"])), "greedy": greedy,
        "difference": difference, "cases": {c.application_id: c for c in selectors.call_cases(call)},
        "state_names": dict(State.objects.values_list("code", "name")),
        "nav": "programmes", "breadcrumbs": _crumbs(call, (_("Jury selection"), reverse("reviews:selection", args=[call.pk])),
                                                    (_("Run %(n)d") % {"n": run.pk}, None)),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case(
        request, case_pk, lambda user, case: permissions.can_manage_review(user, case.call)
    )
    form = DecisionForm(request.POST or None, initial={"outcome": case.state if case.state in ("selected", "waiting_list", "rejected") else "selected",
                                                       "reason": case.state_reason if case.decided_at else "", "waiting_rank": case.waiting_rank})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(actor=request.user, case=case, outcome=form.cleaned_data["outcome"],
                                     reason=form.cleaned_data["reason"], waiting_rank=form.cleaned_data["waiting_rank"])  # fmt: skip
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("reviews:call_review", call_pk=case.call_id)
    return render(request, "reviews/decision.html", {
        "case": case, "form": form, "nav": "programmes",
        "breadcrumbs": _crumbs(case.call, (case.application.title, reverse("reviews:case_detail", args=[case.pk])), (_("Decision"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_safe
def decision_letter(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = selectors.case_get(case_pk)
    if case is None:
        raise Http404
    decision_allowed = permissions.can_view_decision_letter(request.user, case)
    if not decision_allowed:
        raise Http404
    from .pdf import decision_letter_pdf

    response = HttpResponse(decision_letter_pdf(case), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bescheid-{case.application_id}.pdf"'
    return response


@login_required
@require_safe
def protocol(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = _office_call(request, call_pk)
    from .pdf import protocol_pdf

    response = HttpResponse(protocol_pdf(call), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="jury-protokoll-{call.pk}.pdf"'
    return response


# --- public statistics ---------------------------------------------------------------------------


def _stats_call(request, call_pk):
    call = call_get(call_pk)
    if call is None or not permissions.can_view_statistics(request.user, call):
        raise Http404
    return call


@require_safe
def statistics(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = _stats_call(request, call_pk)
    return render(request, "reviews/statistics.html", {
        "call": call, "stats": selectors.statistics(call), "notice": permissions.can_view_statistics(request.user, call).reason,
        "state_names": dict(State.objects.values_list("code", "name")),
        "nav": "programmes", "breadcrumbs": [(call.title, call.get_absolute_url()), (_("Selection statistics"), None)],
    })  # fmt: skip


@require_safe
def statistics_csv(request: HttpRequest, call_pk: int) -> HttpResponse:
    """Public statistics as plain CSV (open data: ``,``, decimal point; core.exports)."""
    call = _stats_call(request, call_pk)
    stats = selectors.statistics(call)
    rows = [["total", "", stats["applications"], stats["selected"]],
            ["formally_eligible", "", stats["formally_eligible"], ""]]  # fmt: skip
    rows += [
        [row["dimension"], row["key"], row["applications"], row["selected"]] for row in stats["by"]
    ]
    rows += [
        ["score_band", band["band"], band["applications"], ""] for band in stats["score_bands"]
    ]
    return exports.csv_response(f"auswahl-statistik-{call.pk}.csv",
                                ["dimension", "key", "applications", "selected"], rows,
                                dialect=exports.PLAIN)  # fmt: skip


@require_safe
def statistics_json(request: HttpRequest, call_pk: int) -> HttpResponse:
    from django.http import JsonResponse

    call = _stats_call(request, call_pk)
    return JsonResponse(selectors.statistics(call), json_dumps_params={"ensure_ascii": False})
