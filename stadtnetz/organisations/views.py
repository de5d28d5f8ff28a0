# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Organisation pages: list, create, page, edit, members, invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stadtnetz.core.forms import errors_to_form
from stadtnetz.core.versioning import StaleVersion, form_labels, rebind_with_version

from . import permissions, selectors, services
from .forms import (
    AcceptRequestForm,
    InvitationForm,
    JoinForm,
    OfficialDomainsForm,
    OrganisationCreateForm,
    OrganisationEditForm,
    OrganisationSearchForm,
    RefuseRequestForm,
    RoleForm,
)
from .models import Invitation, Membership, Organisation, RequestKind, Role


def _organisation_or_404(slug: str) -> Organisation:
    organisation = selectors.organisation_get(slug)
    if organisation is None:
        raise Http404
    return organisation


def _crumbs(organisation: Organisation | None = None, label: str | None = None):
    crumbs = [(_("Organisations"), reverse("organisations:list"))]
    if organisation is not None:
        crumbs.append((organisation.name, organisation.get_absolute_url() if label else None))
    if label:
        crumbs.append((label, None))
    return crumbs


@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationSearchForm(request.GET or None)
    page_obj = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        qs = selectors.organisation_list(search=data.get("q", ""), kind=data.get("kind", ""))
        page_obj = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "organisations/organisation_list.html", {
        "form": form, "page_obj": page_obj, "nav": "organisations",
        "can_create": permissions.can_create_organisation(request.user),
        "breadcrumbs": [(_("Organisations"), None)],
    }, status=200 if page_obj is not None else 400)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    permissions.can_create_organisation(request.user).enforce()
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = permissions.can_create_organisation(request.user, data["kind"])
        if not decision:
            form.add_error("kind", str(decision.reason))
        else:
            try:
                organisation = services.organisation_create(
                    actor=request.user, kind=data["kind"], name=data["name"],
                    municipality=data["municipality"], county=data["county"],
                    members=data["member_entries"], description=data["description"],
                    website=data["website"], email=data["email"],
                )  # fmt: skip
            except services.OrganisationError as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("The organisation has been created."))
                return redirect(organisation)
    return render(request, "organisations/organisation_create.html", {
        "form": form, "nav": "organisations", "breadcrumbs": _crumbs(label=_("Create")),
    }, status=400 if form.errors else 200)  # fmt: skip


def _role_label(role: str | None) -> str | None:
    """The role as people read it ("Administrator"), never its stored key ("admin")."""
    return Role(role).label if role else None


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    can_view_members = permissions.can_view_members(request.user, organisation)
    role = permissions.role_in(request.user, organisation)
    return render(request, "organisations/organisation_detail.html", {
        "organisation": organisation,
        "members": selectors.organisation_members(organisation) if can_view_members else None,
        "role": role,
        "role_label": _role_label(role),
        "can_edit": permissions.can_edit_organisation(request.user, organisation),
        "can_manage": permissions.can_manage_members(request.user, organisation),
        "can_claim": permissions.can_claim(request.user, organisation),
        "can_request": permissions.can_request_membership(request.user, organisation),
        "can_set_domains": permissions.can_set_official_domains(request.user, organisation),
        "hardship_records": organisation.hardship_records.select_related("changed_by")[:10],
        "nav": "organisations", "breadcrumbs": _crumbs(organisation),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    permissions.can_edit_organisation(request.user, organisation).enforce()
    initial = {
        "name": organisation.name, "description": organisation.description,
        "website": organisation.website, "email": organisation.email,
        "in_budgetary_hardship": organisation.in_budgetary_hardship,
        "version": organisation.version,
    }  # fmt: skip
    form = OrganisationEditForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.organisation_update(
                organisation=organisation, name=data["name"], description=data["description"],
                website=data["website"], email=data["email"], base_version=data["version"],
                in_budgetary_hardship=data["in_budgetary_hardship"],
            )  # fmt: skip
            services.organisation_set_hardship(
                organisation=organisation, actor=request.user,
                value=data["in_budgetary_hardship"], note=data["hardship_note"],
            )  # fmt: skip
        except StaleVersion as stale:
            conflict = stale
            form = rebind_with_version(OrganisationEditForm, request.POST, stale.current_version)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(organisation)
    return render(request, "organisations/organisation_edit.html", {
        "form": form, "organisation": organisation, "nav": "organisations",
        "breadcrumbs": _crumbs(organisation, _("Edit")), "conflict": conflict,
        "conflict_rows": conflict.rows(form_labels(form)) if conflict else [],
    }, status=409 if conflict else 400 if form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    permissions.can_view_members(request.user, organisation).enforce()
    can_manage = permissions.can_manage_members(request.user, organisation)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        can_manage.enforce()
        if form.is_valid():
            try:
                services.invitation_create(
                    organisation=organisation, actor=request.user,
                    email=form.cleaned_data["email"], role=form.cleaned_data["role"],
                )  # fmt: skip
            except services.OrganisationError as error:
                form.add_error("email", str(error))
            else:
                messages.success(
                    request,
                    _("An invitation has been sent to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("organisations:members", slug=organisation.slug)
    return render(request, "organisations/organisation_members.html", {
        "organisation": organisation, "form": form, "can_manage": can_manage,
        "members": selectors.organisation_members(organisation),
        "invitations": selectors.organisation_invitations(organisation) if can_manage else [],
        "pending_requests": (
            selectors.pending_membership_requests(organisation) if can_manage else []
        ),
        "role_form": RoleForm(), "nav": "organisations",
        "breadcrumbs": _crumbs(organisation, _("Members")),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def membership_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    membership = get_object_or_404(Membership, pk=pk, organisation=organisation)
    permissions.can_manage_members(request.user, organisation).enforce()
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a valid role."))
    else:
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"])
        except services.OrganisationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The role of %(name)s has been changed.")
                % {"name": membership.user.display_name},
            )
    return redirect("organisations:members", slug=organisation.slug)


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=pk, organisation=organisation
    )
    permissions.can_remove_membership(request.user, membership).enforce()
    leaving = membership.user_id == request.user.pk
    try:
        services.membership_remove(membership=membership)
    except services.OrganisationError as error:
        messages.error(request, str(error))
        return redirect("organisations:members", slug=organisation.slug)
    if leaving:
        messages.success(
            request, _("You have left %(organisation)s.") % {"organisation": organisation.name}
        )
        return redirect(organisation)
    messages.success(
        request, _("%(name)s has been removed.") % {"name": membership.user.display_name}
    )
    return redirect("organisations:members", slug=organisation.slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    permissions.can_manage_members(request.user, organisation).enforce()
    services.invitation_revoke(invitation=invitation)
    messages.success(
        request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email}
    )
    return redirect("organisations:members", slug=organisation.slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_secret(token)
    if invitation is None:
        raise Http404
    context = {"invitation": invitation, "breadcrumbs": [(_("Invitation"), None)]}
    if request.method == "POST":
        if not request.user.is_authenticated:
            raise PermissionDenied(_("Please sign in to accept the invitation."))
        try:
            membership = services.invitation_accept(secret=token, user=request.user)
        except services.OrganisationError as error:
            context["error"] = str(error)
            return render(request, "organisations/invitation.html", context, status=400)
        messages.success(
            request,
            _("Welcome to %(organisation)s.") % {"organisation": membership.organisation.name},
        )
        return redirect(membership.organisation)
    return render(request, "organisations/invitation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_join(request: HttpRequest, slug: str) -> HttpResponse:
    """Claim a public body without administrator, or ask the administrators to join."""
    organisation = _organisation_or_404(slug)
    claim = permissions.can_claim(request.user, organisation)
    ask = permissions.can_request_membership(request.user, organisation)
    mode = "claim" if claim else "request" if ask else None
    decision = claim if claim else ask
    pending = selectors.pending_request_of(request.user, organisation)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if mode == "claim":
                result = services.organisation_claim(
                    actor=request.user, organisation=organisation,
                    message=form.cleaned_data["message"],
                )  # fmt: skip
            else:
                result = services.membership_request_create(
                    actor=request.user, organisation=organisation,
                    message=form.cleaned_data["message"],
                )  # fmt: skip
        except services.OrganisationError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            if not result.is_pending:
                messages.success(
                    request,
                    _(
                        "Your address is on the official domain %(domain)s: you are now the "
                        "administrator of %(organisation)s."
                    )
                    % {"domain": result.verified_domain, "organisation": organisation.name},
                )
                return redirect(organisation)
            messages.success(
                request,
                _("The programme office decides about your claim. You will be told by mail.")
                if mode == "claim"
                else _("The administrators decide about your request. You will be told by mail."),
            )
            return redirect("dashboard:home")
    return render(request, "organisations/organisation_join.html", {
        "organisation": organisation, "form": form, "mode": mode, "decision": decision,
        "pending": pending, "domains": organisation.email_domains, "nav": "organisations",
        "breadcrumbs": _crumbs(organisation, _("Join")),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_safe
def claims(request: HttpRequest) -> HttpResponse:
    """The programme office's list of claims: waiting ones first, then the last decisions."""
    permissions.can_view_claims(request.user).enforce()
    pending, decided = selectors.claims()
    return render(request, "organisations/claims.html", {
        "pending": pending, "decided": decided, "nav": "organisations",
        "breadcrumbs": [(_("Organisations"), reverse("organisations:list")), (_("Claims"), None)],
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept (choosing the role) or refuse (with a reason) one claim or membership request.

    Who may not decide it gets 403 for a request they may know of (members of the organisation
    see that requests exist) and 404 otherwise."""
    membership_request = selectors.membership_request_get(pk)
    if membership_request is None:
        raise Http404
    decision = permissions.can_decide_request(request.user, membership_request)
    if not decision:
        if permissions.role_in(request.user, membership_request.organisation):
            decision.enforce()
        raise Http404
    is_claim = membership_request.kind == RequestKind.CLAIM
    action = request.POST.get("action") if request.method == "POST" else None
    accept_form = AcceptRequestForm(
        request.POST if action == "accept" else None, prefix="accept",
        initial={"role": Role.ADMIN if is_claim else Role.MEMBER},
    )  # fmt: skip
    if is_claim:
        accept_form.fields["role"].required = False  # a claim always makes the first admin
    refuse_form = RefuseRequestForm(request.POST if action == "refuse" else None, prefix="refuse")
    form = accept_form if action == "accept" else refuse_form if action == "refuse" else None
    if request.method == "POST" and form is None:
        return HttpResponse(_("Unknown action."), status=400)
    if form is not None and form.is_valid():
        try:
            if action == "accept":
                services.membership_request_accept(
                    actor=request.user, membership_request=membership_request,
                    role=Role.ADMIN if is_claim else form.cleaned_data["role"],
                )  # fmt: skip
            else:
                services.membership_request_refuse(
                    actor=request.user, membership_request=membership_request,
                    reason=form.cleaned_data["reason"],
                )  # fmt: skip
        except services.OrganisationError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            name = membership_request.user.display_name
            messages.success(
                request,
                _("%(name)s is now a member.") % {"name": name}
                if action == "accept"
                else _("The request of %(name)s has been refused.") % {"name": name},
            )
            if is_claim:
                return redirect("organisations:claims")
            return redirect("organisations:members", slug=membership_request.organisation.slug)
    return render(request, "organisations/request_decide.html", {
        "membership_request": membership_request, "organisation": membership_request.organisation,
        "accept_form": accept_form, "refuse_form": refuse_form, "is_claim": is_claim,
        "nav": "organisations",
        "breadcrumbs": _crumbs(membership_request.organisation, _("Decide about a request")),
    }, status=400 if form is not None and form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def official_domains(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme office sets the e-mail domains that let people claim a public body."""
    organisation = _organisation_or_404(slug)
    permissions.can_set_official_domains(request.user, organisation).enforce()
    form = OfficialDomainsForm(
        request.POST or None, initial={"official_domains": organisation.official_domains}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_set_official_domains(
                actor=request.user, organisation=organisation,
                domains=form.cleaned_data["official_domains"],
            )  # fmt: skip
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The official email domains have been saved."))
            return redirect(organisation)
    return render(request, "organisations/official_domains.html", {
        "organisation": organisation, "form": form, "nav": "organisations",
        "breadcrumbs": _crumbs(organisation, _("Official email domains")),
    }, status=400 if form.errors else 200)  # fmt: skip
