# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Who may manage programmes and calls: the programme office (and staff)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stadtnetz.core.permissions import Decision, allow, deny, is_programme_office


def can_manage_programmes(user) -> Decision:
    if is_programme_office(user):
        return allow()
    return deny(_("Only the programme office manages programmes and calls."))
