# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Mein Stadtnetz: the start page after sign-in, and accepting invitations from it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from stadtnetz.organisations import services as organisation_services
from stadtnetz.organisations.models import Invitation
from stadtnetz.submissions import services as submission_services
from stadtnetz.submissions.models import Collaborator

from . import selectors


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    board = selectors.dashboard_for(request.user)
    return render(request, "dashboard/home.html", {
        "board": board, "nav": "dashboard", "breadcrumbs": [(_("My Stadtnetz"), None)],
    })  # fmt: skip


@login_required
@require_POST
def invitation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept an organisation invitation addressed to the signed-in person's confirmed address.

    Someone else's invitation is 404: the page never reveals which invitations exist.
    """
    invitation = Invitation.objects.select_related("organisation").filter(pk=pk).first()
    if invitation is None or invitation.email.lower() != request.user.email.lower():
        raise Http404
    try:
        membership = organisation_services.invitation_accept_pending(
            invitation=invitation, user=request.user
        )
    except organisation_services.OrganisationError as error:
        messages.error(request, str(error))
        return redirect("dashboard:home")
    messages.success(
        request, _("Welcome to %(organisation)s.") % {"organisation": membership.organisation.name}
    )
    return redirect("dashboard:home")


@login_required
@require_POST
def collaboration_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept an invitation to collaborate on an application, addressed to this person."""
    collaborator = Collaborator.objects.select_related("application").filter(pk=pk).first()
    if collaborator is None or collaborator.email.lower() != request.user.email.lower():
        raise Http404
    try:
        submission_services.collaborator_accept(user=request.user, collaborator=collaborator)
    except submission_services.ApplicationError as error:
        messages.error(request, str(error))
        return redirect("dashboard:home")
    messages.success(request, _("You now collaborate on this application."))
    return redirect(collaborator.application)
