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

from stadtnetz.core.versioning import StaleVersion, form_labels, rebind_with_version

from . import permissions, selectors, services
from .forms import (
    InvitationForm,
    OrganisationCreateForm,
    OrganisationEditForm,
    OrganisationSearchForm,
    RoleForm,
)
from .models import Invitation, Membership, Organisation, Role


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
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
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
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
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
