# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes of review and selection. Keyword-only, atomic, no request, no UI messages.

Refusals raise ``ReviewError`` (a ValidationError whose message dict names the field).

One module per topic; this package re-exports their public names, so callers keep writing
``services.review_submit(...)``:

- ``common``: ReviewError, the audit log, ``case_transition`` (the one writer of a case's state)
- ``call_settings``: review settings of a call, the formal checklist, opening the review
- ``formal_check``: the formal check; ``late_documents``: the late-document window
- ``pool``: reviewer pool and conflicts of interest; ``assignment``: manual and proposed
- ``reviews``: review drafts, submitting, reopening; ``reconciliation``
- ``selection``: the jury's constraints and optimiser runs; ``decisions``
"""

from .assignment import (
    Proposal,
    assignable_problem,
    assignment_add,
    assignment_confirm,
    assignment_propose,
    assignment_remove,
)
from .call_settings import (
    checklist_save,
    checklist_texts,
    review_open,
    review_settings,
    review_settings_save,
)
from .common import (
    DEFAULT_ANCHORS,
    DEFAULT_CHECKLIST,
    ReviewError,
    case_transition,
)
from .decisions import (
    decision_record,
)
from .formal_check import (
    ItemResult,
    formal_check_record,
)
from .late_documents import (
    late_document_upload,
    late_window_closes,
    late_window_open,
    missing_documents_request,
)
from .pool import (
    DeclarationResult,
    automatic_conflicts,
    conflict_declare,
    expertise_codes,
    field_code,
    pool_invite,
)
from .reconciliation import (
    reconciliation_message_add,
    reconciliation_resolve,
)
from .reviews import (
    NA,
    parse_score,
    review_get_or_create,
    review_items,
    review_reopen,
    review_save,
    review_snapshot,
    review_submit,
    review_weighted_score,
)
from .selection import (
    SIZE_CLASSES,
    greedy_top,
    selection_candidates,
    selection_constraints_clean,
    selection_run,
)

__all__ = [
    "expertise_codes",
    "field_code",
    "checklist_texts",
    "late_document_upload",
    "late_window_closes",
    "late_window_open",
    "missing_documents_request",
    "DEFAULT_ANCHORS",
    "DEFAULT_CHECKLIST",
    "DeclarationResult",
    "ItemResult",
    "NA",
    "Proposal",
    "ReviewError",
    "SIZE_CLASSES",
    "assignable_problem",
    "assignment_add",
    "assignment_confirm",
    "assignment_propose",
    "assignment_remove",
    "automatic_conflicts",
    "case_transition",
    "checklist_save",
    "conflict_declare",
    "decision_record",
    "formal_check_record",
    "greedy_top",
    "parse_score",
    "pool_invite",
    "reconciliation_message_add",
    "reconciliation_resolve",
    "review_get_or_create",
    "review_items",
    "review_open",
    "review_reopen",
    "review_save",
    "review_settings",
    "review_settings_save",
    "review_snapshot",
    "review_submit",
    "review_weighted_score",
    "selection_candidates",
    "selection_constraints_clean",
    "selection_run",
]
