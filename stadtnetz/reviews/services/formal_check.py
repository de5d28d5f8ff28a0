# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The formal check (Formalprüfung) of an application."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from stadtnetz.projects.fields_of_action import FIELDS_OF_ACTION

from .. import permissions
from ..models import (
    FormalCheck,
    FormalCheckResult,
    ReviewCase,
    ReviewState,
)
from .common import (
    ReviewError,
    _locked_case,
    _mail_applicant,
    _refuse,
    case_transition,
)

FIELD_CODES = frozenset(code for code, _name in FIELDS_OF_ACTION)

# --- formal check --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    item_id: int
    passed: bool
    note: str = ""


@transaction.atomic
def formal_check_record(
    *, actor, case: ReviewCase, results: Iterable[ItemResult], main_field: str | None = None
) -> FormalCheck:
    """Record pass/fail per checklist item. All passed → in review; any failed → ineligible.
    ``main_field`` (a field-of-action code, "" for none, None to keep) is what the automatic
    assignment looks for in the reviewers' expertise."""
    permissions.can_manage_review(actor, case.call).enforce()
    case = _locked_case(case)
    items = {item.pk: item for item in case.call.checklist_items.all()}
    given = {r.item_id: r for r in results}
    errors: dict[str, list[str]] = {}
    for item_id in items:
        if item_id not in given:
            errors[f"item_{item_id}"] = [_("Mark this item as passed or failed.")]
        elif not given[item_id].passed and not given[item_id].note.strip():
            errors[f"note_{item_id}"] = [
                _("Say why this item failed; the applicant is told the reason.")
            ]
        elif len(given[item_id].note) > 1000:
            errors[f"note_{item_id}"] = [_("At most 1,000 characters.")]
    if main_field not in (None, "") and main_field not in FIELD_CODES:
        errors["main_field"] = [_("Choose a field of action from the list.")]
    unknown = set(given) - set(items)
    if unknown:
        errors["__all__"] = [_("Unknown checklist items.")]
    if errors:
        raise ReviewError(errors)
    if case.state == ReviewState.SUBMITTED:
        case_transition(
            case=case, action="start_check", actor=actor, reason=_("Formal check started")
        )
    elif case.state == ReviewState.INELIGIBLE:
        case_transition(case=case, action="recheck", actor=actor, reason=_("Formal check repeated"))
    elif case.state != ReviewState.FORMAL_CHECK:
        _refuse(_("The formal check of this application is finished."))
    if main_field is not None and main_field != case.main_field:
        case.main_field = main_field
        case.save(update_fields=["main_field", "updated_at"])
    passed = all(given[i].passed for i in items)
    check = FormalCheck.objects.create(case=case, actor=actor, passed=passed)
    for item_id, item in items.items():
        FormalCheckResult.objects.create(check_run=check, item=item, passed=given[item_id].passed,
                                         note=given[item_id].note.strip())  # fmt: skip
    if passed:
        case_transition(
            case=case, action="pass_check", actor=actor, reason=_("All checklist items passed")
        )
    else:
        reason = "; ".join(
            f"{items[i].text}: {given[i].note.strip()}" for i in items if not given[i].passed
        )
        case_transition(case=case, action="fail_check", actor=actor, reason=reason)
        transaction.on_commit(lambda: _mail_applicant(
            case, "reviews/email/ineligible.txt",
            _("Your application “%(title)s” is formally ineligible") % {"title": case.application.title},
            reason=reason,
        ))  # fmt: skip
    return check
