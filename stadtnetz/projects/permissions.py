# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Who may write what in the knowledge base. Anyone reads; the project's editors write."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stadtnetz.core.permissions import Decision, deny, is_signed_in
from stadtnetz.organisations.permissions import can_write_for

from .models import ModelProject


def can_edit_project(user, project: ModelProject) -> Decision:
    """Editors and administrators of the project's organisation write its measures and lessons."""
    if not is_signed_in(user):
        return deny(_("Please sign in to edit this project."))
    decision = can_write_for(user, project.organisation)
    if not decision:
        return deny(
            _("Only editors and administrators of %(organisation)s edit this project.")
            % {"organisation": project.organisation.name}
        )
    return decision
