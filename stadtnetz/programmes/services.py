# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes for programmes and calls. Every function checks permissions itself."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stadtnetz.core.text import unique_slug
from stadtnetz.organisations.models import OrganisationKind

from .models import (
    Call,
    CriteriaGroup,
    Criterion,
    DeadlineExtension,
    DocumentType,
    FormSection,
    FormVersion,
    Programme,
)
from .permissions import can_manage_programmes
from .signals import deadline_extended


class ProgrammeError(Exception):
    """A rule about programmes or calls was broken; the message says which."""


@transaction.atomic
def programme_create(
    *, actor, name: str, funder: str, description: str = "", slug: str = ""
) -> Programme:
    can_manage_programmes(actor).enforce()
    programme = Programme(
        name=name,
        funder=funder,
        description=description,
        slug=slug or unique_slug(name, model=Programme, default="x"),
    )
    programme.full_clean()
    programme.save()
    return programme


CALL_FIELDS = (
    "round_year", "title", "theme", "description", "opens_at", "closes_at", "eligible_kinds",
    "funding_rate", "hardship_rate", "max_grant_phase_a", "max_grant_phase_b",
    "max_duration_months", "source_note", "declarations", "required_documents",
)  # fmt: skip

# What an application was submitted under: fixed once the first application of a call was
# submitted (issue 16 item 13, decision 0067). A changed rule needs a new call (version).
FIXED_AFTER_SUBMISSION = (
    "funding_rate", "hardship_rate", "max_grant_phase_a", "max_grant_phase_b", "max_duration_months",
    "eligible_kinds", "declarations", "required_documents",
)  # fmt: skip
MAX_DECLARATIONS, MAX_DECLARATION_LENGTH = 20, 2000


def _fixed_message() -> str:
    return _("Applications have already been submitted to this call under these rules, so they cannot "
             "change any more. Create a new call (version) for changed rules.")  # fmt: skip


def _same(name: str, new, old) -> bool:
    if name in ("eligible_kinds", "required_documents"):
        return sorted(new or []) == sorted(old or [])
    if isinstance(old, Decimal):
        try:
            return Decimal(str(new)) == old
        except ArithmeticError:
            return False
    return new == old


def clean_declarations(value) -> list[str]:
    """A list of non-empty texts (a string counts as one declaration per line)."""
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple):
        raise ValidationError({"declarations": _("Declarations are a list of texts.")})
    texts = [" ".join(str(text).split()) for text in value if isinstance(text, str)]
    if len(texts) != len(value) and any(not isinstance(text, str) for text in value):
        raise ValidationError({"declarations": _("Declarations are a list of texts.")})
    texts = [text for text in texts if text]
    if not texts:
        raise ValidationError(
            {"declarations": _("Name at least one declaration the applicant confirms.")}
        )
    if len(texts) > MAX_DECLARATIONS:
        raise ValidationError(
            {"declarations": _("At most %(max)s declarations.") % {"max": MAX_DECLARATIONS}}
        )
    if any(len(text) > MAX_DECLARATION_LENGTH or "\x00" in text for text in texts):
        raise ValidationError({"declarations": _("A declaration has at most %(max)s characters and no control characters.")
                               % {"max": MAX_DECLARATION_LENGTH}})  # fmt: skip
    return texts


def _validate_call(call: Call) -> None:
    errors = {}
    if call.opens_at and call.closes_at and call.closes_at <= call.opens_at:
        errors["closes_at"] = _("The deadline must be after the opening.")
    if call.opens_at and call.opens_at.tzinfo is None:
        errors["opens_at"] = _("The opening needs a time zone.")
    if call.closes_at and call.closes_at.tzinfo is None:
        errors["closes_at"] = _("The deadline needs a time zone.")
    documents = call.required_documents
    if not isinstance(documents, list) or any(
        code not in DocumentType.values for code in documents
    ):
        errors["required_documents"] = _("Choose known document types.")
    elif len(set(documents)) != len(documents):
        call.required_documents = list(dict.fromkeys(documents))
    unknown = [kind for kind in call.eligible_kinds or [] if kind not in OrganisationKind.values]
    if unknown or not call.eligible_kinds:
        errors["eligible_kinds"] = _("Choose at least one known organisation kind.")
    if call.funding_rate is not None and call.hardship_rate is not None:
        if call.hardship_rate < call.funding_rate:
            errors["hardship_rate"] = _("The hardship rate cannot be below the funding rate.")
    for name in ("funding_rate", "hardship_rate"):
        value = getattr(call, name)
        if value is not None and not (Decimal(0) < value <= Decimal(100)):
            errors[name] = _("A rate is a percentage above 0 and at most 100.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def call_create(*, actor, programme: Programme, code: str = "", **fields) -> Call:
    can_manage_programmes(actor).enforce()
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"unknown call fields: {sorted(unknown)}")
    if "declarations" in fields:
        fields["declarations"] = clean_declarations(fields["declarations"])
    call = Call(programme=programme, **fields)
    call.code = code or unique_slug(
        f"{programme.slug}-{fields.get('round_year', '')}", model=Call, field="code", default="x"
    )
    _validate_call(call)
    call.full_clean()
    call.save()
    return call


class Keep(enum.Enum):
    """The value of a ``call_update`` argument that was not given: the field stays as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


@transaction.atomic
def call_update(
    *,
    actor,
    call: Call,
    round_year: int | Keep = KEEP,
    title: str | Keep = KEEP,
    theme: str | Keep = KEEP,
    description: str | Keep = KEEP,
    opens_at: dt.datetime | Keep = KEEP,
    closes_at: dt.datetime | Keep = KEEP,
    eligible_kinds: Sequence[str] | Keep = KEEP,
    funding_rate: Decimal | Keep = KEEP,
    hardship_rate: Decimal | Keep = KEEP,
    max_grant_phase_a: Decimal | Keep = KEEP,
    max_grant_phase_b: Decimal | Keep = KEEP,
    max_duration_months: int | Keep = KEEP,
    source_note: str | Keep = KEEP,
    declarations: Sequence[str] | str | Keep = KEEP,
    required_documents: Sequence[str] | Keep = KEEP,
) -> Call:
    """Change a call's data; arguments left out keep their value. The deadline changes only
    through call_extend_deadline (``closes_at`` may be passed unchanged, as the edit form does)."""
    can_manage_programmes(actor).enforce()
    given = {
        "round_year": round_year, "title": title, "theme": theme, "description": description,
        "opens_at": opens_at, "closes_at": closes_at, "eligible_kinds": eligible_kinds,
        "funding_rate": funding_rate, "hardship_rate": hardship_rate,
        "max_grant_phase_a": max_grant_phase_a, "max_grant_phase_b": max_grant_phase_b,
        "max_duration_months": max_duration_months, "source_note": source_note,
        "declarations": declarations, "required_documents": required_documents,
    }  # fmt: skip
    fields: dict[str, Any] = {name: value for name, value in given.items() if value is not KEEP}
    call = Call.objects.select_for_update().get(pk=call.pk)
    if "closes_at" in fields and fields["closes_at"] != call.closes_at:
        raise ProgrammeError(_("Change the deadline with a recorded extension."))
    fields.pop("closes_at", None)
    if "declarations" in fields:
        fields["declarations"] = clean_declarations(fields["declarations"])
    changed = [
        name
        for name in FIXED_AFTER_SUBMISSION
        if name in fields and not _same(name, fields[name], getattr(call, name))
    ]
    if changed and call.has_submissions():
        raise ValidationError({name: _fixed_message() for name in changed})
    for name, value in fields.items():
        setattr(call, name, value)
    _validate_call(call)
    call.full_clean()
    call.save()
    return call


@transaction.atomic
def call_extend_deadline(*, actor, call: Call, new_closes_at: dt.datetime, reason: str,
                         extended_at: dt.datetime | None = None) -> DeadlineExtension:  # fmt: skip
    """Move the deadline later and append a record of it (never earlier: applicants rely on it)."""
    can_manage_programmes(actor).enforce()
    call = Call.objects.select_for_update().get(pk=call.pk)
    if new_closes_at.tzinfo is None:
        raise ValidationError({"new_closes_at": _("The deadline needs a time zone.")})
    if new_closes_at <= call.closes_at:
        raise ValidationError({"new_closes_at": _("An extension must move the deadline later.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for the extension.")})
    record = DeadlineExtension(
        call=call, previous_closes_at=call.closes_at, new_closes_at=new_closes_at,
        reason=reason.strip(), extended_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    if extended_at is not None:
        record.extended_at = extended_at
    record.full_clean()
    record.save()
    Call.objects.filter(pk=call.pk).update(closes_at=new_closes_at)
    # The applications app mails its drafts (stadtnetz.submissions.receivers).
    deadline_extended.send(sender=Call, call=call, record=record)
    return record


def _validate_sections(sections: Sequence[dict]) -> None:
    keys = [section["key"] for section in sections]
    if not sections:
        raise ValidationError(_("A form needs at least one section."))
    if len(set(keys)) != len(keys):
        raise ValidationError(_("Each section needs its own key."))


@transaction.atomic
def call_form_save(*, actor, call: Call, sections: Sequence[dict]) -> FormVersion:
    """Store the form as a new version unless it equals the current one. Old versions stay."""
    can_manage_programmes(actor).enforce()
    Call.objects.select_for_update().get(pk=call.pk)
    _validate_sections(sections)
    normalised = [
        {"key": s["key"], "title": s["title"], "guidance": s.get("guidance", ""),
         "required": bool(s.get("required", True)), "char_limit": int(s.get("char_limit", 5000))}
        for s in sections
    ]  # fmt: skip
    current = call.form_versions.order_by("-number").first()
    if current is not None and current.as_data() == normalised:
        return current
    if call.has_submissions():
        raise ValidationError(_fixed_message())
    version = FormVersion.objects.create(
        call=call, number=(current.number + 1) if current else 1,
        created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    for position, data in enumerate(normalised, start=1):
        section = FormSection(form=version, position=position, **data)
        section.full_clean()
        section.save()
    call.__dict__.pop("_current_form", None)
    return version


@transaction.atomic
def call_criteria_save(*, actor, call: Call, groups: Sequence[dict]) -> list[CriteriaGroup]:
    """Replace the criteria groups. Weights must add up to 100 %."""
    can_manage_programmes(actor).enforce()
    total = sum((Decimal(group["weight"]) for group in groups), Decimal(0))
    if groups and total != Decimal(100):
        raise ValidationError(
            _("The weights add up to %(total)s %%; they must add up to 100 %%.") % {"total": total}
        )
    call.criteria_groups.all().delete()
    saved = []
    for position, data in enumerate(groups, start=1):
        group = CriteriaGroup(
            call=call, position=position, title=data["title"], weight=data["weight"]
        )
        group.full_clean()
        group.save()
        for number, title in enumerate(data.get("criteria", []), start=1):
            Criterion.objects.create(group=group, position=number, title=title)
        saved.append(group)
    return saved


class _SystemActor:
    """The actor of management commands (seed data): acts as the programme office, is no user."""

    pk = None
    is_authenticated = True
    is_active = True
    is_programme_office = True
    is_staff = False
    is_reviewer = False

    def __str__(self) -> str:
        return "system"


SYSTEM_ACTOR = _SystemActor()
