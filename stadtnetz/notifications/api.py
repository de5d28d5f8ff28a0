# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The signed-in person's notifications and their private calendar feed address."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404
from ninja import Field, Query, Router, Schema

from stadtnetz.core.api_auth import token_auth
from stadtnetz.core.api_errors import ErrorOut

from . import selectors, services

router = Router(tags=["notifications"])
PAGE_SIZE = 50


class NotificationOut(Schema):
    id: int
    event_type: str = Field(description="one of the event types, e.g. report_due_7")
    subject: str = Field(description="written in the recipient's language when it was created")
    body: str
    url: str = Field(description="path on this site the notification is about ('' if none)")
    due_on: dt.date | None
    created_at: dt.datetime
    read_at: dt.datetime | None
    emailed_at: dt.datetime | None


class NotificationPage(Schema):
    count: int
    unread: int = Field(description="unread notifications in all (up to 100 counted)")
    page: int
    pages: int
    items: list[NotificationOut]


class NotificationQuery(Schema):
    unread: bool = Field(False, description="only unread notifications")
    page: int = Field(1, ge=1, le=100_000)


class NotificationsMarkedOut(Schema):
    marked: int = Field(description="notifications marked read now")


class CalendarFeedOut(Schema):
    url: str = Field(description="the private iCalendar address; whoever has it reads the dates")
    created_at: dt.datetime


@router.get(
    "/notifications",
    response={200: NotificationPage},
    auth=token_auth,
    summary="Your notifications, unread first",
    description="Newest first within unread and read; 50 per page. `unread=true` lists only unread.",
)
def notification_list(request, filters: Query[NotificationQuery]):
    qs = selectors.notification_list(request.auth, unread_only=filters.unread)
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return {"count": paginator.count, "unread": selectors.unread_count(request.auth),
            "page": page.number, "pages": paginator.num_pages, "items": list(page.object_list)}  # fmt: skip


@router.post(
    "/notifications/read-all",
    response={200: NotificationsMarkedOut},
    auth=token_auth,
    summary="Mark all your notifications read",
)
def notifications_mark_all_read(request):
    return {"marked": services.notifications_mark_all_read(user=request.auth)}


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, 404: ErrorOut},
    auth=token_auth,
    summary="Mark one notification read",
    description="404: no such notification, or it is addressed to someone else.",
)
def notification_mark_read(request, notification_id: int):
    notification = selectors.notification_get(request.auth, notification_id)
    if notification is None:
        raise Http404("No such notification.")
    return services.notification_mark_read(user=request.auth, notification=notification)


@router.get(
    "/notifications/feed",
    response={200: CalendarFeedOut},
    auth=token_auth,
    summary="The address of your private calendar feed (made on first use)",
    description=(
        "The same address on every call until you revoke it on the calendar page; then a new "
        "one is made. Unknown or revoked addresses answer 404."
    ),
)
def notification_feed(request):
    feed = services.calendar_feed_get_or_create(user=request.auth)
    return {"url": services.calendar_feed_url(feed), "created_at": feed.created_at}
