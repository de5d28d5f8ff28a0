# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Who may see, edit, comment on, submit and export applications. Pages and API ask these.

Someone who may not even see an application gets a 404 (its existence stays hidden); someone who
may see it but not do an action gets a 403 with the reason.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stadtnetz.core.permissions import Decision, allow, deny, is_programme_office, is_signed_in
from stadtnetz.organisations.permissions import can_write_for, role_in

from .models import Application, ApplicationStatus, Collaborator, CollaboratorRight


def collaboration(user, application: Application) -> Collaborator | None:
    if not is_signed_in(user):
        return None
    cache = user.__dict__.setdefault("_collaborations", {})
    if application.pk not in cache:
        cache[application.pk] = Collaborator.objects.filter(
            application=application, user=user, revoked_at__isnull=True
        ).first()
    return cache[application.pk]


def _applicant_side(user, application: Application) -> bool:
    return bool(role_in(user, application.organisation) or collaboration(user, application))


def can_view_application(user, application: Application) -> Decision:
    """The live application: the applicant side always, the office only while it is submitted.

    While submitted, the live state is frozen and equals the valid submission. After a
    withdrawal it is a private draft again (decision 0057): the office keeps only the submitted
    snapshots (``can_view_submissions``), never the draft that follows them.
    """
    if _applicant_side(user, application):
        return allow()
    if is_programme_office(user) and application.status == ApplicationStatus.SUBMITTED:
        return allow()
    return deny(_("This application is not visible to you."))


def can_view_submissions(user, application: Application) -> Decision:
    """Submitted snapshots (receipts and their PDFs), withdrawn ones included."""
    if _applicant_side(user, application):
        return allow()
    if is_programme_office(user) and application.submissions.exists():
        return allow()
    return deny(_("This application is not visible to you."))


def can_edit_application(user, application: Application) -> Decision:
    if application.status == ApplicationStatus.SUBMITTED:
        return deny(
            _("The application has been submitted and is read-only. Withdraw it to change it.")
        )
    if application.deadline_passed:
        return deny(_("The deadline of the call has passed; the application is read-only."))
    if can_write_for(user, application.organisation):
        return allow()
    collab = collaboration(user, application)
    if collab and collab.right == CollaboratorRight.EDIT:
        return allow()
    return deny(_("Only editors of the applicant organisation and invited collaborators may edit."))


def can_comment(user, application: Application) -> Decision:
    if can_write_for(user, application.organisation) or collaboration(user, application):
        return allow()
    return deny(_("Only editors and invited collaborators may comment."))


def can_submit(user, application: Application) -> Decision:
    if can_write_for(user, application.organisation):
        return allow()
    return deny(_("Only an editor of the applicant organisation may submit or withdraw."))


def can_sign(user, application: Application) -> Decision:
    """The binding signature: administrators of the applicant organisation (decision 0067)."""
    from stadtnetz.organisations.models import Role

    if role_in(user, application.organisation) == Role.ADMIN:
        return allow()
    return deny(_("Only an administrator of the applicant organisation may sign the application "
                  "(name the authorised signatory and confirm the declarations)."))  # fmt: skip


def can_decide_hardship(user) -> Decision:
    if is_programme_office(user):
        return allow()
    return deny(_("Only the programme office decides on hardship requests."))


def can_manage_collaborators(user, application: Application) -> Decision:
    if can_write_for(user, application.organisation):
        return allow()
    return deny(_("Only editors of the applicant organisation invite collaborators."))


def can_start_application(user, organisation) -> Decision:
    return can_write_for(user, organisation)


def can_view_call_applications(user) -> Decision:
    if is_programme_office(user):
        return allow()
    return deny(_("Only the programme office sees all applications of a call."))
