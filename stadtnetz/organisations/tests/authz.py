# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows for onboarding (claims and membership requests).

The world's municipality has administrators, so its join page offers a membership request to
everyone signed in (members read that they are members already). A pending request of an outsider
is decided by the organisation's admins, the programme office (public body) and staff; members of
the organisation get 403, everyone else 404. POST and claims are tested in test_onboarding.py.
"""

from __future__ import annotations

from stadtnetz.core.tests.matrix import ROLES, _only, _signed_in

DECIDERS = {"org_admin", "programme_office", "staff"}
ORG_MEMBERS = {"member", "editor", "org_admin"}

ROWS = {
    "organisations:join": ("get", lambda w: {"slug": w.org.slug}, None, _signed_in("ok")),
    "organisations:claims": ("get", None, None, _only({"programme_office", "staff"})),
    "organisations:request_decide": (
        "get",
        lambda w: {"pk": w.membership_request.pk},
        None,
        {
            role: "ok" if role in DECIDERS else "no" if role in ORG_MEMBERS else "gone"
            for role in ROLES
        }
        | {"anonymous": "login"},
    ),
}


def extend_world(world) -> None:
    from stadtnetz.organisations.services import membership_request_create
    from stadtnetz.users.models import User

    asker = User.objects.create_user("m-asker", email="asker@example.org")
    asker.email_verified_at = asker.date_joined
    asker.save()
    world.membership_request = membership_request_create(actor=asker, organisation=world.org)


ROWS["organisations:official_domains"] = (
    "get",
    lambda w: {"slug": w.org.slug},
    None,
    _only({"programme_office", "staff"}),
)
