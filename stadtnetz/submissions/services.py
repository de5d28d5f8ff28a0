# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes for applications. Keyword-only, atomic, permission-checked; no request objects."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.core import versioning
from stadtnetz.core.formats import format_money
from stadtnetz.core.links import absolute_url
from stadtnetz.core.mail import send_after_commit, send_now
from stadtnetz.core.uploads import check_quota, clean_name, private_root, sniff, stored_privately
from stadtnetz.organisations.models import Membership, Role
from stadtnetz.organisations.selectors import place_category
from stadtnetz.programmes.models import Call, CallStatus, DocumentType

from . import merge, permissions, workflow
from .checks import Problem, application_check
from .models import (
    Application,
    ApplicationStatus,
    Attachment,
    BudgetLine,
    ChangeEvent,
    Collaborator,
    CollaboratorRight,
    Comment,
    CostCategory,
    HardshipRequest,
    HardshipState,
    Phase,
    SectionAnswer,
    SectionRevision,
    StatusRecord,
    Submission,
)

MAX_AMOUNT = Decimal("1000000000")


class ApplicationError(Exception):
    """A rule of applications was broken; the message says which, for the user."""


class DeadlinePassed(ApplicationError):
    pass


class IncompleteApplication(ApplicationError):
    def __init__(self, problems: list[Problem]):
        super().__init__(_("The application is not complete."))
        self.problems = problems


class StaleSection(ApplicationError):
    """The section changed since the editor loaded it; nothing was saved."""

    def __init__(self, current: SectionAnswer, attempted: str, base_text: str = ""):
        super().__init__(
            _("Someone else saved this section in the meantime (version %(version)s). Nothing was "
              "overwritten: compare both versions and save the merged text.") % {"version": current.version}
        )  # fmt: skip
        self.current = current
        self.attempted = attempted
        self.base_text = base_text  # the version both texts were edited from
        self.merged = merge.merge(base_text, current.text, attempted)


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


# Events that change what would be submitted: each clears a signature given before it.
CONTENT_EVENTS = frozenset({"details", "section", "budget", "attachment"})


def _event(application, actor, kind: str, summary: str, **extra) -> None:
    ChangeEvent.objects.create(
        application=application, actor=_actor(actor), kind=kind, summary=summary[:500], **extra
    )
    if kind in CONTENT_EVENTS and Application.objects.filter(
        pk=application.pk, signed_at__isnull=False
    ).update(signed_at=None, signed_by=None, confirmed_declarations=[]):
        application.signed_at, application.signed_by, application.confirmed_declarations = (
            None,
            None,
            [],
        )
        ChangeEvent.objects.create(application=application, actor=_actor(actor), kind="signature",
                                   summary=_("Signature cleared: the application changed after it was signed"))  # fmt: skip


def _locked(application: Application) -> Application:
    """The application row, locked for this transaction. Only its own row: locking the joined
    call too (the default of ``select_for_update`` with ``select_related``) made every
    submission to a call wait for the one before it (bench/README.md, deadline rush)."""
    return LOCKING.get(pk=application.pk)


# Read with its call and organisation, lock only the application's own row.
LOCKING = Application.objects.select_for_update(of=("self",)).select_related("call", "organisation")


@transaction.atomic
def application_create(*, actor, call: Call, organisation, title: str) -> Application:
    permissions.can_start_application(actor, organisation).enforce()
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Please give the project a title.")})
    if call.status != CallStatus.OPEN:
        raise ApplicationError(_("The call is not open."))
    if organisation.kind not in call.eligible_kinds:
        raise ApplicationError(
            _("Organisations of the kind “%(kind)s” may not apply to this call.")
            % {"kind": organisation.get_kind_display()}
        )
    if Application.objects.filter(call=call, organisation=organisation).exists():
        raise ApplicationError(_("This organisation already has an application for this call."))
    application = Application(
        call=call, organisation=organisation, title=title, created_by=_actor(actor)
    )
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ApplicationError(
            _("This organisation already has an application for this call.")
        ) from error
    StatusRecord.objects.create(
        application=application, status=ApplicationStatus.DRAFT, actor=_actor(actor)
    )
    _event(application, actor, "status", _("Application started"))
    return application


DETAILS = ("title", "starts_on", "duration_months")


@transaction.atomic
def application_update_details(*, actor, application: Application, title: str,
                               starts_on: dt.date | None, duration_months: int | None,
                               base_version: int | None = None) -> Application:  # fmt: skip
    """Change title, planned start and duration. With ``base_version`` (every form and the API
    send it) a save since then raises StaleVersion and nothing is written."""
    application = _locked(application)
    permissions.can_edit_application(actor, application).enforce()
    values = {"title": (title or "").strip(), "starts_on": starts_on,
              "duration_months": duration_months}  # fmt: skip
    before = {name: getattr(application, name) for name in DETAILS}
    versioning.check_version(base_version=base_version, current_version=application.details_version,
                             current=lambda: before, attempted=values)  # fmt: skip
    for name, value in values.items():
        setattr(application, name, value)
    application.full_clean()
    if before == values:
        return application
    application.details_version += 1
    application.save()
    _event(application, actor, "details", _("Project details changed"))
    return application


def _section(application: Application, key: str):
    form = application.call.current_form()
    section = form.sections.filter(key=key).first() if form else None
    if section is None:
        raise ApplicationError(_("The form has no section “%(key)s”.") % {"key": key[:50]})
    return section


@transaction.atomic
def section_save(
    *, actor, application: Application, key: str, text: str, base_version: int
) -> SectionAnswer:
    """Save a section if nobody else saved it since `base_version`; else raise StaleSection."""
    application = _locked(application)
    permissions.can_edit_application(actor, application).enforce()
    section = _section(application, key)
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ValidationError({"text": _("The text contains invalid characters.")})
    if len(text) > section.char_limit:
        raise ValidationError({"text": _("The text has %(count)s characters; the limit for this section is %(limit)s.")
                               % {"count": len(text), "limit": section.char_limit}})  # fmt: skip
    if merge.has_markers(text):
        raise ValidationError({"text": _(
            "The text still contains a conflict between the saved version and yours (the lines "
            "between “<<<<<<<” and “>>>>>>>”). Keep what is right, delete the marker lines, then save."
        )})  # fmt: skip
    answer, _created = SectionAnswer.objects.select_for_update().get_or_create(
        application=application, key=key
    )
    if base_version != answer.version:
        base = SectionRevision.objects.filter(
            application=application, key=key, version=base_version
        ).first()
        raise StaleSection(answer, text, base_text=base.text if base else "")
    if text == answer.text:
        return answer
    answer.text, answer.version = text, answer.version + 1
    answer.updated_at, answer.updated_by = timezone.now(), _actor(actor)
    answer.save()
    SectionRevision.objects.create(application=application, key=key, version=answer.version, text=text,
                                   author=_actor(actor), created_at=answer.updated_at)  # fmt: skip
    _event(application, actor, "section", _("Section “%(title)s” saved as version %(version)s")
           % {"title": section.title, "version": answer.version}, section_key=key, version=answer.version)  # fmt: skip
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())
    return answer


def parse_amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(" ", ""))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(
            {"amount": _("Please enter an amount in euros, e.g. 12500.00.")}
        ) from error
    if not amount.is_finite():
        raise ValidationError({"amount": _("Please enter an amount in euros, e.g. 12500.00.")})
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be greater than zero.")})
    if amount > MAX_AMOUNT:
        raise ValidationError(
            {"amount": _("The amount is implausibly high (more than 1 billion euros).")}
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": _("Amounts have at most two decimal places (cents).")})
    return amount.quantize(Decimal("0.01"))


def _clean_line(*, phase: str, year, category: str, description: str, amount) -> dict:
    """The same checks for a new and a changed cost line; every error at its field."""
    errors = {}
    if phase not in Phase.values:
        errors["phase"] = _("Choose phase A or B.")
    if category not in CostCategory.values:
        errors["category"] = _("Unknown cost category. Allowed: %(allowed)s.") % {
            "allowed": ", ".join(CostCategory.values)
        }
    try:
        year = int(year)
        if not 2000 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = _("Please enter a year between 2000 and 2100.")
    description = (description or "").strip()
    if not description:
        errors["description"] = _("Please describe the cost line.")
    elif "\x00" in description:
        errors["description"] = _("The text contains invalid characters.")
    try:
        amount = parse_amount(amount)
    except ValidationError as error:
        errors.update(error.message_dict)  # type: ignore[arg-type]  # str or list, both shown
    if errors:
        raise ValidationError(errors)
    return {"phase": phase, "year": year, "category": category, "description": description[:300],
            "amount": amount}  # fmt: skip


def _line_text(line: BudgetLine) -> str:
    return f"{line.phase}, {line.year}, {line.get_category_display()}, {line.description}, {format_money(line.amount)}"


@transaction.atomic
def budget_line_add(*, actor, application: Application, phase: str, year: int, category: str,
                    description: str, amount) -> BudgetLine:  # fmt: skip
    application = _locked(application)
    permissions.can_edit_application(actor, application).enforce()
    values = _clean_line(
        phase=phase, year=year, category=category, description=description, amount=amount
    )
    line = BudgetLine(application=application, **values)
    line.full_clean()
    line.save()
    _event(application, actor, "budget", _("Cost line added: %(description)s, %(year)s, %(amount)s")
           % {"description": line.description, "year": line.year, "amount": format_money(line.amount)})  # fmt: skip
    return line


@transaction.atomic
def budget_line_update(*, actor, line: BudgetLine, phase: str, year: int, category: str,
                       description: str, amount) -> BudgetLine:  # fmt: skip
    """Change a cost line with the checks of a new one; the history keeps before and after."""
    application = _locked(line.application)
    permissions.can_edit_application(actor, application).enforce()
    line = BudgetLine.objects.select_for_update().get(pk=line.pk, application=application)
    values = _clean_line(
        phase=phase, year=year, category=category, description=description, amount=amount
    )
    before = _line_text(line)
    for name, value in values.items():
        setattr(line, name, value)
    line.full_clean()
    after = _line_text(line)
    if before == after:
        return line
    line.save()
    _event(application, actor, "budget", _("Cost line changed: %(before)s → %(after)s")
           % {"before": before, "after": after})  # fmt: skip
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())
    return line


def _parse_funds(value, field: str) -> Decimal:
    if value in (None, ""):
        return Decimal("0.00")
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(
            {field: _("Please enter an amount in euros, e.g. 12500.00.")}
        ) from error
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: _("Please enter zero or a positive amount.")})
    if amount > MAX_AMOUNT:
        raise ValidationError(
            {field: _("The amount is implausibly high (more than 1 billion euros).")}
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Amounts have at most two decimal places (cents).")})
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def budget_funding_update(*, actor, application: Application, third_party_funds_a,
                          third_party_funds_b) -> Application:  # fmt: skip
    """Third-party funds per phase; the own funds are what remains of the own contribution."""
    application = _locked(application)
    permissions.can_edit_application(actor, application).enforce()
    errors, values = {}, {}
    for field, value in (
        ("third_party_funds_a", third_party_funds_a),
        ("third_party_funds_b", third_party_funds_b),
    ):
        try:
            values[field] = _parse_funds(value, field)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if all(getattr(application, f) == v for f, v in values.items()):
        return application
    for field, value in values.items():
        setattr(application, field, value)
    application.save(update_fields=[*values, "updated_at"])
    _event(application, actor, "budget", _("Third-party funds set: phase A %(a)s, phase B %(b)s")
           % {"a": format_money(values["third_party_funds_a"]), "b": format_money(values["third_party_funds_b"])})  # fmt: skip
    return application


@transaction.atomic
def budget_line_delete(*, actor, line: BudgetLine) -> None:
    application = _locked(line.application)
    permissions.can_edit_application(actor, application).enforce()
    _event(application, actor, "budget", _("Cost line removed: %(description)s, %(year)s, %(amount)s")
           % {"description": line.description, "year": line.year, "amount": format_money(line.amount)})  # fmt: skip
    line.delete()


# --- collaborators and comments ---------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def collaborator_invite(
    *, actor, application: Application, email: str, right: str
) -> tuple[Collaborator, str]:
    application = _locked(application)
    permissions.can_manage_collaborators(actor, application).enforce()
    if right not in CollaboratorRight.values:
        raise ValidationError({"right": _("Choose a valid right.")})
    secret = secrets.token_urlsafe(32)
    collaborator = Collaborator(
        application=application, email=email.strip().lower(), right=right, token_hash=_hash(secret),
        invited_by=_actor(actor), expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )  # fmt: skip
    collaborator.full_clean()
    collaborator.save()
    link = absolute_url(reverse("submissions:collaborator_accept", args=[secret]))
    body = render_to_string("submissions/email/collaborator_invitation.txt", {
        "application": application, "link": link, "right": collaborator.get_right_display(),
        "inviter": getattr(actor, "display_name", ""), "expires_at": collaborator.expires_at,
    })  # fmt: skip
    send_after_commit(
        subject=_("Invitation to the application “%(title)s”") % {"title": application.title},
        message=body, recipients=[collaborator.email], from_email=settings.DEFAULT_FROM_EMAIL,
    )  # fmt: skip
    _event(application, actor, "collaborator", _("%(email)s invited (%(right)s)")
           % {"email": collaborator.email, "right": collaborator.get_right_display()})  # fmt: skip
    return collaborator, link


def collaborator_for_token(secret: str) -> Collaborator | None:
    return (
        Collaborator.objects.select_related("application").filter(token_hash=_hash(secret)).first()
    )


@transaction.atomic
def collaborator_accept(*, user, collaborator: Collaborator) -> Collaborator:
    collaborator = Collaborator.objects.select_for_update().get(pk=collaborator.pk)
    if (
        collaborator.revoked_at
        or collaborator.accepted_at
        or collaborator.expires_at <= timezone.now()
    ):
        raise ApplicationError(_("This invitation is no longer valid."))
    if user.email.lower() != collaborator.email.lower() or not user.email_verified:
        # Bound to the invited address, like organisation invitations: the link alone is no key.
        raise ApplicationError(
            _(
                "This invitation was sent to %(email)s. Sign in with the account that uses this "
                "confirmed address."
            )
            % {"email": collaborator.email}
        )
    collaborator.user, collaborator.accepted_at = user, timezone.now()
    collaborator.save()
    _event(collaborator.application, user, "collaborator", _("%(name)s joined as collaborator")
           % {"name": user.display_name})  # fmt: skip
    return collaborator


@transaction.atomic
def collaborator_revoke(*, actor, collaborator: Collaborator) -> None:
    permissions.can_manage_collaborators(actor, collaborator.application).enforce()
    if collaborator.revoked_at is None:
        collaborator.revoked_at = timezone.now()
        collaborator.save(update_fields=["revoked_at"])
        _event(collaborator.application, actor, "collaborator", _("Access of %(email)s revoked")
               % {"email": collaborator.email})  # fmt: skip


@transaction.atomic
def comment_add(*, actor, application: Application, section_key: str, text: str) -> Comment:
    permissions.can_comment(actor, application).enforce()
    _section(application, section_key)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Please write a comment.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("A comment has at most 5000 characters.")})
    return Comment.objects.create(
        application=application, section_key=section_key, author=_actor(actor), text=text
    )


@transaction.atomic
def comment_resolve(*, actor, comment: Comment) -> Comment:
    permissions.can_comment(actor, comment.application).enforce()
    if comment.resolved_at is None:
        comment.resolved_at, comment.resolved_by = timezone.now(), _actor(actor)
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


# --- attachments ------------------------------------------------------------------------------


def attachment_add(*, actor, application: Application, name: str, data: bytes,
                   document_type: str = DocumentType.OTHER) -> Attachment:  # fmt: skip
    """Check the bytes, write the file outside the web root, then record it (file removed on error)."""
    permissions.can_edit_application(actor, application).enforce()
    if document_type not in DocumentType.values:
        raise ValidationError({"document_type": _("Choose a known document type.")})
    name = clean_name(name, "datei")
    sniffed = sniff(name, data)
    with stored_privately(f"applications/{application.pk}", data) as relative, transaction.atomic():
        locked = _locked(application)
        permissions.can_edit_application(actor, locked).enforce()
        check_quota(locked.attachments.all(), len(data),
                    max_count=settings.STADTNETZ_ATTACHMENTS_PER_APPLICATION,
                    max_total=settings.STADTNETZ_ATTACHMENT_BYTES_PER_APPLICATION)  # fmt: skip
        attachment = Attachment.objects.create(
            application=locked, name=name, kind=sniffed.kind, content_type=sniffed.content_type,
            size=len(data), sha256=hashlib.sha256(data).hexdigest(), path=relative,
            uploaded_by=_actor(actor), document_type=document_type,
        )  # fmt: skip
        _event(locked, actor, "attachment", _("Attachment added: %(name)s (%(type)s)")
               % {"name": name, "type": attachment.get_document_type_display()})  # fmt: skip
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    application = _locked(attachment.application)
    permissions.can_edit_application(actor, application).enforce()
    path = private_root() / attachment.path
    _event(
        application,
        actor,
        "attachment",
        _("Attachment removed: %(name)s") % {"name": attachment.name},
    )
    attachment.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


# --- budgetary hardship ------------------------------------------------------------------------


def hardship_request_create(*, actor, application: Application, reason: str, proof_name: str,
                            proof_data: bytes) -> HardshipRequest:  # fmt: skip
    """Ask for the hardship rate with a proof document; the normal rate applies until approved."""
    permissions.can_edit_application(actor, application).enforce()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Please give the reason (e.g. the budget security concept).")}
        )
    if len(reason) > 2000 or "\x00" in reason:
        raise ValidationError({"reason": _("At most 2000 characters, no control characters.")})
    if application.hardship_requests.filter(
        state__in=[HardshipState.PENDING, HardshipState.APPROVED]
    ).exists():
        raise ValidationError(
            {"reason": _("A hardship request of this application is already pending or approved.")}
        )
    proof = attachment_add(actor=actor, application=application, name=proof_name, data=proof_data,
                           document_type=DocumentType.HARDSHIP_PROOF)  # fmt: skip
    with transaction.atomic():
        locked = _locked(application)
        try:
            with transaction.atomic():
                request = HardshipRequest.objects.create(application=locked, proof=proof, reason=reason,
                                                         requested_by=_actor(actor))  # fmt: skip
        except IntegrityError as error:
            raise ValidationError(
                {
                    "reason": _(
                        "A hardship request of this application is already pending or approved."
                    )
                }
            ) from error
        _event(
            locked,
            actor,
            "hardship",
            _("Hardship rate requested with the proof %(name)s") % {"name": proof.name},
        )
    return request


@transaction.atomic
def hardship_request_decide(
    *, actor, request: HardshipRequest, approve: bool, note: str = ""
) -> HardshipRequest:
    """The programme office approves or refuses; who, when and why are kept."""
    permissions.can_decide_hardship(actor).enforce()
    request = (
        HardshipRequest.objects.select_for_update().select_related("application").get(pk=request.pk)
    )
    if request.state != HardshipState.PENDING:
        raise ApplicationError(_("This request has been decided already."))
    note = " ".join((note or "").split())
    if not approve and not note:
        raise ValidationError({"note": _("Please give the reason for the refusal.")})
    if len(note) > 1000:
        raise ValidationError({"note": _("At most 1000 characters.")})
    request.state = HardshipState.APPROVED if approve else HardshipState.REFUSED
    request.decided_by, request.decided_at, request.decision_note = (
        _actor(actor),
        timezone.now(),
        note,
    )
    request.full_clean()
    request.save()
    application = request.application
    application.__dict__.pop("_hardship_request", None)
    # The rate changes the grant: a kind that clears a signature given before.
    _event(application, actor, "budget", (_("Hardship rate approved by the programme office") if approve
                                          else _("Hardship rate refused by the programme office: %(note)s") % {"note": note}))  # fmt: skip
    return request


# --- submission -------------------------------------------------------------------------------


def _clean_person_text(value, field: str, label) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise ValidationError({field: _("Please enter the %(label)s.") % {"label": label}})
    if len(text) > 200 or any(ord(c) < 32 for c in text):
        raise ValidationError({field: _("At most 200 characters, no control characters.")})
    return text


@transaction.atomic
def application_sign(*, actor, application: Application, confirmed, signatory_name: str,
                     signatory_function: str) -> Application:  # fmt: skip
    """The binding signature: an administrator names the authorised signatory and confirms every
    declaration of the call. ``confirmed`` holds the positions (0, 1, …) of the confirmed ones."""
    application = _locked(application)
    permissions.can_sign(actor, application).enforce()
    permissions.can_edit_application(actor, application).enforce()
    declarations = list(application.call.declarations)
    errors = {}
    try:
        positions = {int(value) for value in confirmed or ()}
    except (TypeError, ValueError):
        positions = set()
    missing = [number for number in range(len(declarations)) if number not in positions]
    if missing or positions - set(range(len(declarations))):
        errors["declarations"] = _("Please confirm every declaration (not confirmed: %(numbers)s).") % {
            "numbers": ", ".join(str(n + 1) for n in missing) or "–"}  # fmt: skip
    values = {}
    for field, value, label in (("signatory_name", signatory_name, _("name of the authorised signatory")),
                                ("signatory_function", signatory_function, _("function of the signatory"))):  # fmt: skip
        try:
            values[field] = _clean_person_text(value, field, label)
        except ValidationError as error:
            errors.update(error.message_dict)  # type: ignore[arg-type]  # str or list, both shown
    if errors:
        raise ValidationError(errors)
    application.signatory_name, application.signatory_function = (
        values["signatory_name"],
        values["signatory_function"],
    )
    application.confirmed_declarations, application.signed_by = declarations, _actor(actor)
    application.signed_at = timezone.now()
    application.save(update_fields=["signatory_name", "signatory_function", "confirmed_declarations", "signed_by",
                                    "signed_at", "updated_at"])  # fmt: skip
    _event(application, actor, "signature", _("Signed: %(name)s (%(function)s) confirmed %(count)s declarations")
           % {"name": application.signatory_name, "function": application.signatory_function,
              "count": len(declarations)})  # fmt: skip
    return application


def _size_class(organisation) -> tuple[str, str]:
    """The place category (municipalities.PlaceCategory) and state code of the snapshot."""
    category = place_category(organisation)
    if organisation.municipality_id:
        municipality = organisation.municipality
        state = municipality.state.code if municipality.state_id else ""
    else:
        state = organisation.county.state.code if organisation.county_id else ""
    return (category.value if category else ""), state


def build_snapshot(application: Application, *, summary, form) -> dict:
    answers = {a.key: a for a in application.answers.all()}
    return {
        "application": {"id": application.pk, "title": application.title,
                        "starts_on": application.starts_on.isoformat() if application.starts_on else None,
                        "duration_months": application.duration_months},
        "call": {"id": application.call.pk, "title": application.call.title, "code": application.call.code,
                 "closes_at": timezone.localtime(application.call.closes_at).isoformat()},
        "organisation": {"id": application.organisation.pk, "name": application.organisation.name,
                         "kind": application.organisation.kind,
                         "in_budgetary_hardship": application.organisation.in_budgetary_hardship},
        "form_version": form.number,
        "sections": [
            {**section.as_data(), "text": answers[section.key].text if section.key in answers else "",
             "version": answers[section.key].version if section.key in answers else 0}
            for section in form.sections.all()
        ],
        "budget": {
            "lines": [{"phase": line.phase, "year": line.year, "category": line.category,
                       "description": line.description, "amount": str(line.amount)}
                      for line in application.budget_lines.all()],
            "rate": str(summary.rate), "hardship": summary.hardship, "total": str(summary.total),
            "grant": str(summary.grant), "own_contribution": str(summary.own_contribution),
            "third_party_funds": str(summary.third_party_funds), "own_funds": str(summary.own_funds),
            "third_party_by_phase": {k: str(v) for k, v in summary.third_party_by_phase.items()},
            "grant_by_phase": {k: str(v) for k, v in summary.grant_by_phase.items()},
        },
        "attachments": [{"name": a.name, "kind": a.kind, "size": a.size, "sha256": a.sha256,
                         "document_type": a.document_type}
                        for a in application.attachments.all()],
        "declarations": [{"text": text, "confirmed": text in application.confirmed_declarations}
                         for text in application.call.declarations],
        "signatory": {"name": application.signatory_name, "function": application.signatory_function,
                      "signed_by": application.signed_by.display_name if application.signed_by else "",
                      "signed_at": timezone.localtime(application.signed_at).isoformat() if application.signed_at else None},
    }  # fmt: skip


def pdf_mode() -> str:
    """ "task" (default): the submission commits without the PDF and a durable django-tasks job
    adds PDF and hash, so the receipt never waits for rendering (ADR 0053, bench/README.md).
    "inline": the PDF is rendered inside the submission transaction."""
    return getattr(settings, "STADTNETZ_SUBMISSION_PDF", "task")


def submission_render_pdf(*, submission_id: int) -> Submission:
    """Render and store the PDF of a submission from its frozen snapshot (idempotent)."""
    from .pdf import render_pdf

    submission = Submission.objects.select_related(
        "application__call", "application__organisation"
    ).get(pk=submission_id)
    if submission.pdf_sha256:
        return submission
    pdf = render_pdf({"snapshot": submission.snapshot, "receipt_number": submission.receipt_number,
                      "prepared_at": submission.submitted_at, "application": submission.application})  # fmt: skip
    digest = hashlib.sha256(pdf).hexdigest()
    updated = Submission.objects.filter(pk=submission.pk, pdf_sha256="").update(
        pdf=pdf, pdf_sha256=digest
    )
    if updated:
        _send_receipt(submission.pk)
    submission.refresh_from_db()
    return submission


def _latest_valid(application: Application) -> Submission | None:
    return application.submissions.filter(withdrawn_at__isnull=True).order_by("-version").first()


@transaction.atomic
def application_submit(*, actor, application: Application,
                       clock: Callable[[], dt.datetime] = timezone.now) -> Submission:  # fmt: skip
    """Submit atomically. Idempotent: a submitted application returns its valid receipt.

    The deadline rule (docs/decisions/0052): the clock is read again as the LAST step before the
    transaction commits; if that moment is after the call's deadline, everything rolls back.
    """
    from .pdf import render_pdf

    application = _locked(application)
    permissions.can_submit(actor, application).enforce()
    if application.status == ApplicationStatus.SUBMITTED:
        existing = _latest_valid(application)
        if existing is not None:
            return existing
    if not workflow.allowed(application.status, "submit"):
        raise ApplicationError(_("This application cannot be submitted now."))
    started = clock()
    problems, summary = application_check(application, at=started)
    if problems:
        if (
            any(p.code == "call_not_open" for p in problems)
            and started > application.call.closes_at
        ):
            raise DeadlinePassed(_("The deadline has passed (%(deadline)s). The application was not submitted.")
                                 % {"deadline": _local(application.call.closes_at)})  # fmt: skip
        raise IncompleteApplication(problems)
    form = application.call.current_form()
    version = application.submissions.count() + 1
    call = application.call
    receipt_number = f"SN-{call.round_year}-{call.pk:04d}-{application.pk:06d}-{version:02d}"
    snapshot = build_snapshot(application, summary=summary, form=form)
    deferred = pdf_mode() == "task"
    pdf = None if deferred else render_pdf({"snapshot": snapshot, "receipt_number": receipt_number,
                                            "prepared_at": started, "application": application})  # fmt: skip
    size_class, state_code = _size_class(application.organisation)
    written_at = clock()
    submission = Submission.objects.create(
        application=application, version=version, receipt_number=receipt_number, submitted_at=written_at,
        submitted_by=_actor(actor), snapshot=snapshot, pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest() if pdf else "",
        total_costs=summary.total, requested_grant=summary.grant, organisation_kind=application.organisation.kind,
        size_class=size_class, state_code=state_code,
    )  # fmt: skip
    application.status = ApplicationStatus.SUBMITTED
    application.save(update_fields=["status", "updated_at"])
    StatusRecord.objects.create(application=application, status=ApplicationStatus.SUBMITTED, actor=_actor(actor),
                                at=written_at, note=receipt_number)  # fmt: skip
    _event(
        application,
        actor,
        "status",
        _("Submitted (receipt %(number)s)") % {"number": receipt_number},
    )
    # The commit-time rule: the last thing before COMMIT is reading the clock and the deadline.
    deadline = Call.objects.filter(pk=call.pk).values_list("closes_at", flat=True).get()
    if clock() > deadline:
        raise DeadlinePassed(_("The deadline (%(deadline)s) passed while the submission was being saved. "
                               "The application was not submitted.") % {"deadline": _local(deadline)})  # fmt: skip
    if deferred:
        from .tasks import render_submission_pdf_task

        transaction.on_commit(lambda: render_submission_pdf_task.enqueue(submission.pk))
    else:
        transaction.on_commit(lambda: _send_receipt(submission.pk))
    return submission


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M:%S %Z")


def _send_receipt(submission_pk: int) -> None:
    submission = Submission.objects.select_related(
        "application__organisation", "application__call"
    ).get(pk=submission_pk)
    application = submission.application
    recipients = _editor_emails(application.organisation)
    if not recipients:
        return
    body = render_to_string("submissions/email/receipt.txt", {
        "submission": submission, "application": application,
        "verify_url": absolute_url(reverse("submissions:verify")),
        "receipt_url": absolute_url(submission.get_absolute_url()),
        "submitted_at": _local(submission.submitted_at),
    })  # fmt: skip
    # Called after commit (or from the PDF task): a mail failure is logged, the receipt stands.
    send_now(subject=_("Receipt %(number)s: application submitted") % {"number": submission.receipt_number},
             message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipients=recipients)  # fmt: skip


@transaction.atomic
def application_withdraw(*, actor, application: Application,
                         clock: Callable[[], dt.datetime] = timezone.now) -> Submission:  # fmt: skip
    application = _locked(application)
    permissions.can_submit(actor, application).enforce()
    if not workflow.allowed(application.status, "withdraw"):
        raise ApplicationError(_("Only a submitted application can be withdrawn."))
    now = clock()
    if now > application.call.closes_at:
        raise DeadlinePassed(
            _("The deadline has passed; the submission can no longer be withdrawn.")
        )
    submission = _latest_valid(application)
    if submission is None:  # a submitted application always has one; refuse rather than crash
        raise ApplicationError(_("This application has no valid submission to withdraw."))
    submission.withdrawn_at, submission.withdrawn_by = now, _actor(actor)
    submission.save(update_fields=["withdrawn_at", "withdrawn_by"])
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    StatusRecord.objects.create(
        application=application, status=ApplicationStatus.WITHDRAWN, actor=_actor(actor), at=now
    )
    _event(
        application,
        actor,
        "status",
        _("Submission %(number)s withdrawn") % {"number": submission.receipt_number},
    )
    transaction.on_commit(lambda: _send_withdrawal(submission.pk))
    return submission


def _editor_emails(organisation) -> list[str]:
    emails = Membership.objects.filter(
        organisation=organisation, role__in=[Role.EDITOR, Role.ADMIN]
    ).values_list("user__email", flat=True)
    return sorted(set(filter(None, emails)))


def _send_withdrawal(submission_pk: int) -> None:
    """Tell every editor and administrator of the organisation that a submission was withdrawn."""
    submission = Submission.objects.select_related(
        "application__organisation", "application__call", "withdrawn_by"
    ).get(pk=submission_pk)
    application = submission.application
    recipients = _editor_emails(application.organisation)
    if not recipients:
        return
    body = render_to_string("submissions/email/withdrawal.txt", {
        "submission": submission, "application": application,
        "withdrawn_at": _local(submission.withdrawn_at or timezone.now()), "deadline": _local(application.call.closes_at),
        "who": submission.withdrawn_by.get_full_name() or submission.withdrawn_by.username
        if submission.withdrawn_by else "",
        "application_url": absolute_url(application.get_absolute_url()),
    })  # fmt: skip
    send_now(subject=_("Submission %(number)s withdrawn: the application is no longer submitted")
             % {"number": submission.receipt_number}, message=body, from_email=settings.DEFAULT_FROM_EMAIL,
             recipients=recipients)  # fmt: skip


def ensure(decision) -> None:
    if not decision:
        raise PermissionDenied(str(decision.reason))
