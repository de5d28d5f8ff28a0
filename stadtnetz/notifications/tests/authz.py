# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows for notifications.

Everyone signed in has their own list, settings and calendar page. A notification is the
recipient's alone: the world's one belongs to the organisation admin, and every other role gets
404 for it (nobody learns which notifications exist). The feed's token is its only credential,
so whoever has the address reads it, signed in or not.
"""

from __future__ import annotations

from stadtnetz.core.tests.matrix import _all, _signed_in


def extend_world(w):
    from stadtnetz.notifications import services
    from stadtnetz.notifications.models import EventType

    w.notification = services.notify(
        event_type=EventType.GRANT_NOTICE_ISSUED, recipients=[w.users["org_admin"]],
        context={"project": "Matrix"}, url="/",
    )[0]  # fmt: skip
    feed = services.calendar_feed_create(user=w.users["org_admin"])
    w.feed_token = services.calendar_feed_url(feed).rsplit("/", 1)[-1].removesuffix(".ics")


def _only_recipient(yes, anonymous):
    return {**_all("gone"), "org_admin": yes, "anonymous": anonymous}


ROWS = {
    "notifications:list": ("get", None, None, _signed_in("ok")),
    "notifications:mark_read": (
        "post",
        lambda w: {"pk": w.notification.pk},
        {},
        _only_recipient("go", "login"),
    ),  # fmt: skip
    "notifications:mark_all_read": ("post", None, {}, _signed_in("go")),
    "notifications:preferences": ("get", None, None, _signed_in("ok")),
    "notifications:preferences#post": ("post", None, {"report_due_7": "on"}, _signed_in("go")),
    "notifications:calendar": ("get", None, None, _signed_in("ok")),
    "notifications:calendar_create": ("post", None, {}, _signed_in("go")),
    "notifications:calendar_revoke": ("post", None, {}, _signed_in("go")),
    "notifications:feed": ("get", lambda w: {"token": w.feed_token}, None, _all("ok")),
    "notifications:feed#other": ("get", lambda w: {"token": "0" * 64}, None, _all("gone")),
    "api:notification_list": ("get", None, None, _signed_in("ok", anonymous="auth")),
    "api:notification_mark_read": (
        "post",
        lambda w: {"notification_id": w.notification.pk},
        {},
        _only_recipient("ok", "auth"),
    ),  # fmt: skip
    "api:notifications_mark_all_read": ("post", None, {}, _signed_in("ok", anonymous="auth")),
    "api:notification_feed": ("get", None, None, _signed_in("ok", anonymous="auth")),
}
