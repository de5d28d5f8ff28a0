# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Programme and call pages: public lists and pages, programme-office editing, iCalendar feed."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from stadtnetz.core.forms import errors_to_form
from stadtnetz.core.links import absolute_url

from . import ics, selectors, services
from .forms import CallForm, CriteriaFormSet, ExtendDeadlineForm, ProgrammeForm, SectionFormSet
from .models import Call
from .permissions import can_manage_programmes


def _call_or_404(pk: int) -> Call:
    call = selectors.call_get(pk)
    if call is None:
        raise Http404
    return call


def _crumbs(*items):
    return [(_("Programmes"), reverse("programmes:programme_list")), *items]


@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/programme_list.html", {
        "programmes": selectors.programme_list(), "can_manage": can_manage_programmes(request.user),
        "nav": "programmes", "breadcrumbs": [(_("Programmes"), None)],
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    can_manage_programmes(request.user).enforce()
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The programme has been created."))
            return redirect(programme)
    return render(request, "programmes/programme_form.html", {
        "form": form, "nav": "programmes", "breadcrumbs": _crumbs((_("New programme"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@require_safe
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_get(slug)
    if programme is None:
        raise Http404
    return render(request, "programmes/programme_detail.html", {
        "programme": programme, "can_manage": can_manage_programmes(request.user),
        "nav": "programmes", "breadcrumbs": _crumbs((programme.name, None)),
    })  # fmt: skip


@require_safe
def call_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ("", "open", "upcoming", "closed"):
        status = ""
    return render(request, "programmes/call_list.html", {
        "calls": selectors.call_list(status=status), "status": status, "nav": "programmes",
        "breadcrumbs": [(_("Calls"), None)],
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_get(slug)
    if programme is None:
        raise Http404
    can_manage_programmes(request.user).enforce()
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request, _("The call has been created. Now define its application form.")
            )
            return redirect("programmes:call_form_edit", pk=call.pk)
    return render(request, "programmes/call_edit.html", {
        "form": form, "programme": programme, "nav": "programmes",
        "breadcrumbs": _crumbs((programme.name, programme.get_absolute_url()), (_("New call"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@require_safe
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_or_404(pk)
    can_manage = can_manage_programmes(request.user)
    return render(request, "programmes/call_detail.html", {
        "call": call, "form_version": call.current_form(), "can_manage": can_manage,
        "extend_form": ExtendDeadlineForm() if can_manage else None, "nav": "programmes",
        "breadcrumbs": _crumbs((call.programme.name, call.programme.get_absolute_url()), (call.title, None)),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_or_404(pk)
    can_manage_programmes(request.user).enforce()
    initial = {name: getattr(call, name) for name in services.CALL_FIELDS}
    form = CallForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "closes_at"}
        try:
            services.call_update(actor=request.user, call=call, **data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(call)
    return render(request, "programmes/call_edit.html", {
        "form": form, "call": call, "programme": call.programme, "nav": "programmes",
        "rules_fixed": call.has_submissions(),
        "breadcrumbs": _crumbs((call.title, call.get_absolute_url()), (_("Edit"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def call_extend(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_or_404(pk)
    can_manage_programmes(request.user).enforce()
    form = ExtendDeadlineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_extend_deadline(actor=request.user, call=call, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The deadline has been extended."))
            return redirect(call)
    return render(request, "programmes/call_extend.html", {
        "form": form, "call": call, "nav": "programmes",
        "breadcrumbs": _crumbs((call.title, call.get_absolute_url()), (_("Extend deadline"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def call_form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_or_404(pk)
    can_manage_programmes(request.user).enforce()
    current = call.current_form()
    initial = current.as_data() if current else []
    formset = SectionFormSet(request.POST or None, initial=initial, prefix="sections")
    if request.method == "POST" and formset.is_valid():
        sections = [
            form.cleaned_data for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]  # fmt: skip
        try:
            version = services.call_form_save(actor=request.user, call=call, sections=sections)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(
                request, _("Form version %(number)s is in use.") % {"number": version.number}
            )
            return redirect(call)
    return render(request, "programmes/call_form_edit.html", {
        "formset": formset, "call": call, "current": current, "nav": "programmes",
        "breadcrumbs": _crumbs((call.title, call.get_absolute_url()), (_("Application form"), None)),
    }, status=400 if formset.is_bound and not formset.is_valid() else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def call_criteria_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_or_404(pk)
    can_manage_programmes(request.user).enforce()
    initial = [
        {
            "title": g.title,
            "weight": g.weight,
            "criteria": "\n".join(c.title for c in g.criteria.all()),
        }
        for g in call.criteria_groups.all()
    ]
    formset = CriteriaFormSet(request.POST or None, initial=initial, prefix="groups")
    if request.method == "POST" and formset.is_valid():
        groups = [
            {"title": f.cleaned_data["title"], "weight": f.cleaned_data["weight"],
             "criteria": [line.strip() for line in f.cleaned_data["criteria"].splitlines() if line.strip()]}
            for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]  # fmt: skip
        try:
            services.call_criteria_save(actor=request.user, call=call, groups=groups)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("The criteria have been saved."))
            return redirect(call)
    return render(request, "programmes/call_criteria_edit.html", {
        "formset": formset, "call": call, "nav": "programmes",
        "breadcrumbs": _crumbs((call.title, call.get_absolute_url()), (_("Criteria"), None)),
    }, status=400 if formset.is_bound and not formset.is_valid() else 200)  # fmt: skip


@require_safe
def call_calendar(request: HttpRequest) -> HttpResponse:
    calls = (
        selectors.call_list().annotate(extension_count=Count("extensions")).order_by("closes_at")
    )
    body = ics.calendar(
        calls, site_url=absolute_url(), host=urlsplit(absolute_url()).hostname or "stadtnetz"
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="stadtnetz-fristen.ics"'
    return response
