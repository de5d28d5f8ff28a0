# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Application pages: start, overview, sections (htmx autosave + save button), budget,
collaborators, comments, attachments, check, submit, withdraw, receipt, history, verification."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget

from stadtnetz.core.forms import errors_to_form
from stadtnetz.core.ratelimit import rate_limit
from stadtnetz.core.uploads import private_root
from stadtnetz.core.versioning import StaleVersion, form_labels, rebind_with_version
from stadtnetz.organisations.models import Membership, Role
from stadtnetz.programmes.selectors import call_get

from . import permissions, selectors, services
from .checks import application_check
from .forms import (
    ApplicationCreateForm,
    AttachmentForm,
    BudgetLineForm,
    CollaboratorForm,
    CommentForm,
    DetailsForm,
    FundingForm,
    HardshipRequestForm,
    SectionForm,
    SignForm,
    VerifyForm,
    WithdrawForm,
)
from .merge import highlight
from .models import (
    ApplicationStatus,
    Attachment,
    BudgetLine,
    Collaborator,
    Comment,
    CostCategory,
    SectionAnswer,
    Submission,
)
from .rendering import render_markdown


def _visible_application(request, pk: int):
    """The application if the user may see it, else 404 (forged IDs reveal nothing)."""
    application = selectors.application_get(pk)
    if application is None or not permissions.can_view_application(request.user, application):
        raise Http404
    return application


def _crumbs(application, *items):
    return [(_("My applications"), reverse("submissions:application_list")),
            (application.title, application.get_absolute_url() if items else None), *items]  # fmt: skip


@login_required
@require_safe
def application_list(request: HttpRequest) -> HttpResponse:
    return render(request, "submissions/application_list.html", {
        "applications": selectors.applications_for_user(request.user), "nav": "applications",
        "breadcrumbs": [(_("My applications"), None)],
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = call_get(call_pk)
    if call is None:
        raise Http404
    organisations = [
        m.organisation for m in Membership.objects.filter(user=request.user, role__in=[Role.EDITOR, Role.ADMIN])
        .select_related("organisation") if m.organisation.kind in call.eligible_kinds
    ]  # fmt: skip
    if not organisations:
        raise PermissionDenied(
            _("You are not an editor of an organisation that may apply to this call.")
        )
    # an organisation has one application per call: link the existing ones instead of offering
    # to start a second one that would be refused
    existing = selectors.applications_for_call_and_user(call, request.user)
    taken = {application.organisation_id for application in existing}
    organisations = [o for o in organisations if o.pk not in taken]
    if not organisations:
        return render(request, "submissions/application_create.html", {
            "form": None, "call": call, "existing": existing, "nav": "applications",
            "breadcrumbs": [(call.title, call.get_absolute_url()), (_("Start an application"), None)],
        })  # fmt: skip
    form = ApplicationCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                actor=request.user, call=call, organisation=form.cleaned_data["organisation"],
                title=form.cleaned_data["title"],
            )  # fmt: skip
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The application has been started."))
            return redirect(application)
    return render(request, "submissions/application_create.html", {
        "form": form, "call": call, "existing": existing, "nav": "applications",
        "breadcrumbs": [(call.title, call.get_absolute_url()), (_("Start an application"), None)],
    }, status=400 if form.errors else 200)  # fmt: skip


def _overview_context(request, application):
    form_version = application.call.current_form()
    answers = {a.key: a for a in application.answers.all()}
    problems, summary = application_check(application, answers=answers, form=form_version)
    return {
        "application": application, "form_version": form_version, "answers": answers,
        "problems": problems, "summary": summary,
        "submissions": application.submissions.defer("pdf", "snapshot").order_by("-version"),
        "valid_submission": application.submissions.defer("pdf", "snapshot")
        .filter(withdrawn_at__isnull=True).order_by("-version").first(),
        "can_edit": permissions.can_edit_application(request.user, application),
        "can_submit": permissions.can_submit(request.user, application),
        "can_manage_collaborators": permissions.can_manage_collaborators(request.user, application),
    }  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    initial = {"title": application.title, "starts_on": application.starts_on,
               "duration_months": application.duration_months,
               "version": application.details_version}  # fmt: skip
    form = DetailsForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST":
        permissions.can_edit_application(request.user, application).enforce()
        if form.is_valid():
            values = dict(form.cleaned_data)
            try:
                application = services.application_update_details(
                    actor=request.user, application=application,
                    base_version=values.pop("version"), **values,
                )  # fmt: skip
            except StaleVersion as stale:
                conflict = stale
                form = rebind_with_version(DetailsForm, request.POST, stale.current_version)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("The project details have been saved."))
                return redirect(application)
    context = _overview_context(request, application)
    status = 409 if conflict else 400 if form.errors else 200
    return render(request, "submissions/application_detail.html", {
        **context, "details_form": form, "nav": "applications", "breadcrumbs": _crumbs(application),
        "conflict": conflict, "conflict_rows": conflict.rows(form_labels(form)) if conflict else [],
    }, status=status)  # fmt: skip


def _section_or_404(application, key):
    form_version = application.call.current_form()
    section = form_version.sections.filter(key=key).first() if form_version else None
    if section is None:
        raise Http404
    return section


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    application = _visible_application(request, pk)
    section = _section_or_404(application, key)
    answer = SectionAnswer.objects.filter(application=application, key=key).first()
    current_text, current_version = (answer.text, answer.version) if answer else ("", 0)
    form = SectionForm(request.POST or None, section=section,
                       initial={"text": current_text, "version": current_version})  # fmt: skip
    conflict, saved, status = None, None, 200
    if request.method == "POST":
        permissions.can_edit_application(request.user, application).enforce()
        if form.is_valid():
            try:
                saved = services.section_save(
                    actor=request.user, application=application, key=key,
                    text=form.cleaned_data["text"], base_version=form.cleaned_data["version"],
                )  # fmt: skip
            except services.StaleSection as error:
                # Offer the three-way merge of both texts (never saved until the user has seen
                # it and saves again against the newer version).
                conflict, status = error, 409
                form = SectionForm(
                    {"text": error.merged.text, "version": error.current.version}, section=section
                )  # fmt: skip
                form.is_valid()
            except ValidationError as error:
                errors_to_form(form, error)
                status = 400
            else:
                if not request.htmx:
                    messages.success(request, _("The section has been saved."))
                    return redirect("submissions:section_edit", pk=application.pk, key=key)
                form = SectionForm(
                    initial={"text": saved.text, "version": saved.version}, section=section
                )
        else:
            status = 400
    shown = (form["text"].value() or "").replace("\r\n", "\n")
    context = {
        "application": application, "section": section, "form": form, "conflict": conflict, "saved": saved,
        "text_length": len(shown), "text_over": max(0, len(shown) - section.char_limit),
        "answer": answer,
        "preview": render_markdown(conflict.merged.text if conflict else saved.text if saved else current_text),
        "changes": {"theirs": highlight(conflict.base_text, conflict.current.text),
                    "yours": highlight(conflict.base_text, conflict.attempted)} if conflict else None,
        "comments": Comment.objects.filter(application=application, section_key=key).select_related("author"),
        "comment_form": CommentForm(), "can_edit": permissions.can_edit_application(request.user, application),
        "can_comment": permissions.can_comment(request.user, application), "nav": "applications",
        "breadcrumbs": _crumbs(application, (section.title, None)),
    }  # fmt: skip
    if request.htmx and request.method == "POST":
        if conflict is not None:
            response = render(request, "submissions/section_edit.html#editor", context)
            return retarget(reswap(response, "outerHTML"), "#editor")
        if status == 400:
            context["error_text"] = " ".join(
                str(e) for e in form.errors.get("text", form.non_field_errors())
            )
        return render(request, "submissions/section_edit.html#save-status", context)
    return render(request, "submissions/section_edit.html", context, status=status)


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    application = _visible_application(request, pk)
    _section_or_404(application, key)
    permissions.can_comment(request.user, application).enforce()
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(actor=request.user, application=application, section_key=key,
                                 text=form.cleaned_data["text"])  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your comment has been added."))
    else:
        messages.error(request, _("Please write a comment (at most 5000 characters)."))
    return redirect(reverse("submissions:section_edit", args=[application.pk, key]) + "#comments")


@login_required
@require_POST
def comment_resolve(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, application=application)
    services.comment_resolve(actor=request.user, comment=comment)
    messages.success(request, _("The comment has been marked as resolved."))
    return redirect(
        reverse("submissions:section_edit", args=[application.pk, comment.section_key])
        + "#comments"
    )


def _warn_about_maxima(request, application) -> None:
    """After writing: say at once when a phase grant exceeds the call's maximum (also checked
    by the completeness check)."""
    problems, _summary = application_check(application)
    for problem in problems:
        if problem.code in ("phase_maximum_exceeded", "budget_third_party_too_high"):
            messages.warning(request, problem.message)


def _budget_context(request, application, form, funding_form):
    lines = list(application.budget_lines.all())
    problems, summary = application_check(application, lines=lines)
    categories = [
        (value, label, summary.by_category.get(value)) for value, label in CostCategory.choices
    ]
    table = [
        (year, [summary.by_year_category.get((year, value)) for value, _label in CostCategory.choices],
         summary.by_year[year])
        for year in summary.years
    ]  # fmt: skip
    call = application.call
    maxima = {"A": call.max_grant_phase_a, "B": call.max_grant_phase_b}
    phases = [
        {"phase": phase, "costs": summary.by_phase.get(phase), "grant": summary.grant_by_phase.get(phase),
         "maximum": maxima[phase], "third_party": summary.third_party_by_phase.get(phase),
         "over": (summary.grant_by_phase.get(phase) or 0) > maxima[phase]}
        for phase in ("A", "B")
    ]  # fmt: skip
    return {
        "application": application, "form": form, "funding_form": funding_form, "lines": lines,
        "summary": summary, "categories": categories, "table": table, "phases": phases,
        "budget_problems": [p for p in problems if p.code.startswith(("budget", "phase", "duration"))],
        "hardship": application.hardship_request(),
        "can_edit": permissions.can_edit_application(request.user, application), "nav": "applications",
        "breadcrumbs": _crumbs(application, (_("Budget plan"), None)),
    }  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    funding_initial = {"third_party_funds_a": application.third_party_funds_a or None,
                       "third_party_funds_b": application.third_party_funds_b or None}  # fmt: skip
    is_funding = request.method == "POST" and "funding-third_party_funds_a" in request.POST
    form = BudgetLineForm(request.POST if request.method == "POST" and not is_funding else None)
    funding_form = FundingForm(request.POST if is_funding else None, initial=funding_initial)
    if request.method == "POST":
        permissions.can_edit_application(request.user, application).enforce()
        bound = funding_form if is_funding else form
        if bound.is_valid():
            try:
                if is_funding:
                    services.budget_funding_update(
                        actor=request.user, application=application, **bound.cleaned_data
                    )
                else:
                    services.budget_line_add(
                        actor=request.user, application=application, **bound.cleaned_data
                    )
            except ValidationError as error:
                errors_to_form(bound, error)
            else:
                messages.success(request, _("The third-party funds have been saved.") if is_funding
                                 else _("The cost line has been added."))  # fmt: skip
                _warn_about_maxima(request, application)
                return redirect("submissions:budget", pk=application.pk)
    context = _budget_context(request, application, form, funding_form)
    failed = form.errors or funding_form.errors
    return render(request, "submissions/budget.html", context, status=400 if failed else 200)


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    line = get_object_or_404(BudgetLine, pk=line_pk, application=application)
    permissions.can_edit_application(request.user, application).enforce()
    initial = {"phase": line.phase, "year": line.year, "category": line.category,
               "description": line.description, "amount": line.amount}  # fmt: skip
    form = BudgetLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_update(actor=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The cost line has been changed."))
            _warn_about_maxima(request, application)
            return redirect("submissions:budget", pk=application.pk)
    return render(request, "submissions/budget_line_edit.html", {
        "application": application, "line": line, "form": form, "nav": "applications",
        "breadcrumbs": _crumbs(application, (_("Budget plan"), reverse("submissions:budget", args=[application.pk])),
                               (_("Change cost line"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def hardship_request(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    form = HardshipRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        permissions.can_edit_application(request.user, application).enforce()
        if form.is_valid():
            from stadtnetz.core.uploads import UploadRefused, refuse_oversized

            upload = form.cleaned_data["proof"]
            try:
                refuse_oversized(upload.size)
                services.hardship_request_create(actor=request.user, application=application,
                                                 reason=form.cleaned_data["reason"], proof_name=upload.name,
                                                 proof_data=upload.read())  # fmt: skip
            except UploadRefused as error:
                form.add_error("proof", str(error))
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(
                    request, _("The hardship request has been sent to the programme office.")
                )
                return redirect("submissions:budget", pk=application.pk)
    return render(request, "submissions/hardship_request.html", {
        "application": application, "form": form, "hardship": application.hardship_request(),
        "can_edit": permissions.can_edit_application(request.user, application), "nav": "applications",
        "breadcrumbs": _crumbs(application, (_("Budget plan"), reverse("submissions:budget", args=[application.pk])),
                               (_("Hardship rate"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def budget_line_delete(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    line = get_object_or_404(BudgetLine, pk=line_pk, application=application)
    services.budget_line_delete(actor=request.user, line=line)
    messages.success(request, _("The cost line has been removed."))
    return redirect("submissions:budget", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def collaborators(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    can_manage = permissions.can_manage_collaborators(request.user, application)
    form = CollaboratorForm(request.POST or None)
    if request.method == "POST":
        can_manage.enforce()
        if form.is_valid():
            services.collaborator_invite(
                actor=request.user, application=application, **form.cleaned_data
            )
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("submissions:collaborators", pk=application.pk)
    return render(request, "submissions/collaborators.html", {
        "application": application, "form": form, "can_manage": can_manage,
        "collaborators": application.collaborators.select_related("user"), "nav": "applications",
        "breadcrumbs": _crumbs(application, (_("Collaborators"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def collaborator_revoke(request: HttpRequest, pk: int, collaborator_pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    collaborator = get_object_or_404(Collaborator, pk=collaborator_pk, application=application)
    services.collaborator_revoke(actor=request.user, collaborator=collaborator)
    messages.success(request, _("The access has been revoked."))
    return redirect("submissions:collaborators", pk=application.pk)


@require_http_methods(["GET", "POST"])
def collaborator_accept(request: HttpRequest, token: str) -> HttpResponse:
    collaborator = services.collaborator_for_token(token)
    if collaborator is None:
        return render(
            request, "submissions/collaborator_accept.html", {"invalid": True}, status=404
        )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('users:login')}?next={request.path}")
        try:
            services.collaborator_accept(user=request.user, collaborator=collaborator)
        except services.ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You now collaborate on this application."))
            return redirect(collaborator.application)
    return render(request, "submissions/collaborator_accept.html", {
        "collaborator": collaborator, "valid": collaborator.status == str(_("invited")),
        "breadcrumbs": [(_("Invitation"), None)],
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def attachments(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    required = application.call.required_document_labels()
    form = AttachmentForm(request.POST or None, request.FILES or None, required=required)
    if request.method == "POST":
        permissions.can_edit_application(request.user, application).enforce()
        if form.is_valid():
            upload = form.cleaned_data["file"]
            from stadtnetz.core.uploads import UploadRefused, refuse_oversized

            try:
                refuse_oversized(upload.size)
                services.attachment_add(actor=request.user, application=application, name=upload.name,
                                        data=upload.read(), document_type=form.cleaned_data["document_type"] or "other")  # fmt: skip
            except UploadRefused as error:
                form.add_error("file", str(error))
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("The file has been attached."))
                return redirect("submissions:attachments", pk=application.pk)
    from django.conf import settings

    from stadtnetz.core.uploads import limit_mb

    attachments = list(application.attachments.all())
    present = {a.document_type for a in attachments}
    return render(request, "submissions/attachments.html", {
        "application": application, "form": form, "attachments": attachments,
        "required": [(code, label, code in present) for code, label in required],
        "limits": {"mb": limit_mb(), "count": settings.STADTNETZ_ATTACHMENTS_PER_APPLICATION,
                   "total_mb": round(settings.STADTNETZ_ATTACHMENT_BYTES_PER_APPLICATION / 1024 / 1024, 1)},
        "can_edit": permissions.can_edit_application(request.user, application), "nav": "applications",
        "breadcrumbs": _crumbs(application, (_("Attachments"), None)),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_safe
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    path = private_root() / attachment.path
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)  # fmt: skip


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("The attachment has been removed."))
    return redirect("submissions:attachments", pk=application.pk)


@login_required
@require_safe
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The application exactly as it would be submitted now: built like the frozen snapshot."""
    application = _visible_application(request, pk)
    form_version = application.call.current_form()
    problems, summary = application_check(application, form=form_version)
    snapshot = (
        services.build_snapshot(application, summary=summary, form=form_version)
        if form_version
        else None
    )
    sections = [{**section, "html": render_markdown(section["text"]) if section["text"].strip() else ""}
                for section in (snapshot or {}).get("sections", [])]  # fmt: skip
    return render(request, "submissions/preview.html", {
        "application": application, "snapshot": snapshot, "sections": sections, "summary": summary,
        "lines": application.budget_lines.all(), "attachments": application.attachments.all(),
        "problems": problems, "nav": "applications",
        "can_submit": permissions.can_submit(request.user, application),
        "breadcrumbs": _crumbs(application, (_("Preview"), None)),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    permissions.can_submit(request.user, application).enforce()
    can_sign = permissions.can_sign(request.user, application)
    signing = request.method == "POST" and "sign-signatory_name" in request.POST
    initial = {
        "signatory_name": application.signatory_name,
        "signatory_function": application.signatory_function,
    }
    sign_form = SignForm(request.POST if signing else None, declarations=application.call.declarations,
                         initial=initial)  # fmt: skip
    status = 200
    if request.method == "POST":
        signed = True
        if signing:
            can_sign.enforce()
            signed = sign_form.is_valid()
            if signed:
                try:
                    services.application_sign(
                        actor=request.user, application=application, confirmed=sign_form.confirmed(),
                        signatory_name=sign_form.cleaned_data["signatory_name"],
                        signatory_function=sign_form.cleaned_data["signatory_function"],
                    )  # fmt: skip
                except ValidationError as error:
                    errors_to_form(sign_form, error)
                    signed = False
                except services.ApplicationError as error:
                    messages.error(request, str(error))
                    signed = False
            if not signed:
                messages.error(request, _("The application was not submitted: confirm every declaration and name "
                                          "the authorised signatory."))  # fmt: skip
                status = 400
        if signed:
            try:
                submission = services.application_submit(
                    actor=request.user, application=application
                )
            except services.IncompleteApplication as error:
                messages.error(request, str(error))
                status = 400
            except services.ApplicationError as error:
                messages.error(request, str(error))
                status = 400
            else:
                messages.success(request, _("The application has been submitted. Receipt %(number)s.")
                                 % {"number": submission.receipt_number})  # fmt: skip
                return redirect(submission)
        application = selectors.application_get(application.pk)
    problems, summary = application_check(application)
    return render(request, "submissions/submit.html", {
        "application": application, "problems": problems, "summary": summary, "nav": "applications",
        "sign_form": sign_form, "can_sign": can_sign, "declarations": application.call.declarations,
        "breadcrumbs": _crumbs(application, (_("Submit"), None)),
    }, status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page that states the consequences; only a confirmed POST withdraws."""
    application = _visible_application(request, pk)
    permissions.can_submit(request.user, application).enforce()
    submission = (
        application.submissions.filter(withdrawn_at__isnull=True).order_by("-version").first()
    )
    if submission is None or application.status != ApplicationStatus.SUBMITTED:
        messages.error(request, _("Only a submitted application can be withdrawn."))
        return redirect(application)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                submission = services.application_withdraw(
                    actor=request.user, application=application
                )
            except services.ApplicationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Submission %(number)s has been withdrawn. You can change and resubmit "
                                            "the application before the deadline.") % {"number": submission.receipt_number})  # fmt: skip
            return redirect(application)
        status = 400
    return render(request, "submissions/withdraw.html", {
        "application": application, "submission": submission, "form": form, "nav": "applications",
        "deadline": application.call.closes_at, "breadcrumbs": _crumbs(application, (_("Withdraw submission"), None)),
    }, status=status)  # fmt: skip


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _submission(request, pk: int, version: int) -> Submission:
    application = selectors.application_get(pk)
    if application is None or not permissions.can_view_submissions(request.user, application):
        raise Http404
    return get_object_or_404(Submission.objects.select_related("application__call", "application__organisation"),
                             application=application, version=version)  # fmt: skip


@login_required
@require_safe
def receipt(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    submission = _submission(request, pk, version)
    return render(request, "submissions/receipt.html", {
        "submission": submission, "application": submission.application, "nav": "applications",
        "breadcrumbs": _crumbs(submission.application, (_("Receipt %(number)s") % {"number": submission.receipt_number}, None)),
    })  # fmt: skip


@login_required
@require_safe
def receipt_pdf(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    submission = _submission(request, pk, version)
    if not submission.pdf_ready:
        raise Http404
    response = HttpResponse(bytes(submission.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{submission.receipt_number}.pdf"'
    return response


@login_required
@require_safe
def history(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    diff, key = None, request.GET.get("section", "")
    if key:
        try:
            old, new = int(request.GET.get("from", "0")), int(request.GET.get("to", "0"))
        except ValueError:
            old = new = -1
        diff = selectors.section_diff(application, key, old, new) if old >= 0 and new > 0 else None
        if diff is None:
            messages.error(request, _("These versions do not exist."))
    return render(request, "submissions/history.html", {
        "application": application, "events": application.events.select_related("actor")[:500],
        "diff": diff, "diff_key": key, "diff_from": request.GET.get("from"), "diff_to": request.GET.get("to"),
        "nav": "applications", "breadcrumbs": _crumbs(application, (_("History"), None)),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@rate_limit("verify", methods=("POST",))
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone may check a receipt: rate-limited, and a body larger than one PDF is not read."""
    from stadtnetz.core.uploads import max_bytes

    if request.method == "POST" and _content_length(request) > max_bytes() + 64 * 1024:
        return render(request, "errors/error.html", {
            "status": 413, "title": _("The file is too large"),
            "text": _("Only a receipt PDF can be checked here; it is never this large."),
        }, status=413)  # fmt: skip
    form = VerifyForm(request.POST if request.method == "POST" else None, request.FILES or None)
    result, checked_hash = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("pdf")
        if upload:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            checked_hash = digest.hexdigest()
        else:
            checked_hash = form.cleaned_data["sha256"]
        result = selectors.submission_for_hash(checked_hash)
    return render(request, "submissions/verify.html", {
        "form": form, "result": result, "checked_hash": checked_hash,
        "breadcrumbs": [(_("Verify a receipt"), None)],
    }, status=400 if form.errors else 200)  # fmt: skip
