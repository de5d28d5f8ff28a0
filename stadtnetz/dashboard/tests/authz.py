# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows for Mein Stadtnetz.

Everyone signed in has a start page; anonymous people are sent to sign in. Invitations are
accepted from it only by the person they were sent to: the world's invitations go to addresses
no role has, so every role gets 404 (nobody learns which invitations exist).
"""

from __future__ import annotations

from stadtnetz.core.tests.matrix import _signed_in


def _pending_collaborator(w):
    from stadtnetz.submissions.models import Collaborator
    from stadtnetz.submissions.tests.authz import ensure

    application = ensure(w).application
    return {"pk": Collaborator.objects.get(application=application, email="neu@example.org").pk}


ROWS = {
    "dashboard:home": ("get", None, None, _signed_in("ok")),
    "dashboard:invitation_accept": (
        "post",
        lambda w: {"pk": w.invitation.pk},
        {},
        _signed_in("gone"),
    ),
    "dashboard:collaboration_accept": ("post", _pending_collaborator, {}, _signed_in("gone")),
}
