# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.permissions import Decision, allow, deny, is_signed_in

from .models import ApiToken


def can_manage_token(user, token: ApiToken) -> Decision:
    if not is_signed_in(user):
        return deny(_("Please sign in."))
    if token.user_id != user.pk:
        return deny(_("This token belongs to someone else."))
    return allow()
