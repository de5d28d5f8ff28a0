# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes of the notification service: notify people, mark read, e-mail choices, the feed.

Other apps call :func:`notify` (one event) or :func:`notify_many` (a reminder scan's batch).
Both write every in-app notification in one transaction, in each recipient's language, and
after the commit enqueue the e-mails as background tasks (``tasks.send_notification_emails``);
nobody sends mail inline. See docs/notifications.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac

from stadtnetz.core.links import absolute_url
from stadtnetz.core.mail import send_now
from stadtnetz.core.text import mail_subject

from . import registry
from .events import TEXTS
from .models import CalendarFeed, EventType, Notification, NotificationPreference

EMAIL_BATCH = 200  # notifications per e-mail task
QUERY_CHUNK = 900  # ids per IN (...) list, well below every database's parameter limit


@dataclass(frozen=True)
class Message:
    """One event for one or more people, as :func:`notify_many` takes it."""

    event_type: str
    recipients: Iterable
    context: Mapping[str, object]
    url: str
    due_on: dt.date | None = None
    dedupe_key: str = ""


def _chunks(items: list, size: int = QUERY_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check(message: Message) -> EventType:
    try:
        event_type = EventType(message.event_type)
    except ValueError:
        raise ValueError(f"Unknown event type {message.event_type!r}") from None
    missing = [key for key in TEXTS[event_type].required if key not in message.context]
    if missing:
        raise ValueError(f"{event_type}: the context lacks {', '.join(missing)}")
    url = message.url or ""
    if url and (not url.startswith("/") or url.startswith("//")):
        raise ValueError("url must be a path on this site, such as /projekte/1/")
    if len(url) > 500 or len(message.dedupe_key) > 200:
        raise ValueError("url (500) or dedupe_key (200) is too long")
    return event_type


def _clean(value) -> str:
    # Titles are user text: PostgreSQL cannot store NUL, and mail headers must stay one line
    # (the subject goes through mail_subject; the body may keep its line breaks).
    return str(value).replace("\x00", "")


def render(event_type: str, context: Mapping[str, object], due_on: dt.date | None,
           language: str) -> tuple[str, str]:  # fmt: skip
    """Subject and text of an event in ``language`` (lazy context values are translated too)."""
    with translation.override(language):
        return _render_active(event_type, context, due_on)


def _render_active(event_type: str, context: Mapping[str, object],
                   due_on: dt.date | None) -> tuple[str, str]:  # fmt: skip
    text = TEXTS[EventType(event_type)]
    values = {key: _clean(value) for key, value in context.items()}
    values["due_on"] = formats.date_format(due_on, "DATE_FORMAT") if due_on else ""
    return mail_subject(str(text.subject) % values), str(text.body) % values


def _language(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _recipients(users: Iterable) -> list:
    seen, result = set(), []
    for user in users:
        if user is None or user.pk in seen or not user.is_active or user.deleted_at is not None:
            continue
        seen.add(user.pk)
        result.append(user)
    return result


def wants_email(user, opted_out: set[tuple[int, str]], event_type: str) -> bool:
    """Only confirmed addresses get mail: an unconfirmed one may belong to someone else."""
    return bool(user.email and user.email_verified_at) and (user.pk, event_type) not in opted_out


def notify(
    *,
    event_type: str,
    recipients: Iterable,
    context: Mapping[str, object],
    url: str,
    due_on: dt.date | None = None,
    dedupe_key: str = "",
) -> list[Notification]:
    """Tell ``recipients`` (users) about one event: in the app, and by e-mail unless they chose
    otherwise for this event type. Returns the notifications created; a recipient who already
    has one with the same non-empty ``dedupe_key`` gets nothing new."""
    return notify_many(messages=[Message(event_type, recipients, context, url, due_on, dedupe_key)])


@transaction.atomic
def notify_many(*, messages: Iterable[Message]) -> list[Notification]:
    """Many events at once (a reminder scan): a constant number of queries per 900 recipients."""
    checked = [(message, _check(message), _recipients(message.recipients)) for message in messages]
    user_ids = sorted({user.pk for _m, _e, users in checked for user in users})
    keys = sorted({m.dedupe_key for m, _e, _u in checked if m.dedupe_key})
    existing: set[tuple[int, str]] = set()
    opted_out: set[tuple[int, str]] = set()
    for ids in _chunks(user_ids):
        opted_out.update(
            NotificationPreference.objects.filter(user_id__in=ids, email=False).values_list(
                "user_id", "event_type"
            )
        )
        for some_keys in _chunks(keys):
            existing.update(
                Notification.objects.filter(
                    recipient_id__in=ids, dedupe_key__in=some_keys
                ).values_list("recipient_id", "dedupe_key")
            )
    now = timezone.now()
    # Who gets what, then the texts: one translation.override per language, not per row.
    pending: list[tuple[int, Any]] = []
    for index, (message, _event_type, users) in enumerate(checked):
        for user in users:
            if message.dedupe_key and (user.pk, message.dedupe_key) in existing:
                continue
            existing.add((user.pk, message.dedupe_key))  # the same key twice in one batch
            pending.append((index, user))
    languages = {_language(user) for _i, user in pending}
    texts: dict[tuple[int, str], tuple[str, str]] = {}
    for language in sorted(languages):
        needed = sorted({i for i, user in pending if _language(user) == language})
        with translation.override(language):
            for i in needed:
                message, event_type, _users = checked[i]
                texts[i, language] = _render_active(event_type, message.context, message.due_on)
    rows, mail = [], []
    for i, user in pending:
        message, event_type, _users = checked[i]
        subject, body = texts[i, _language(user)]
        rows.append(Notification(
            recipient=user, event_type=event_type, subject=subject, body=body,
            url=message.url or "", due_on=message.due_on, created_at=now,
            dedupe_key=message.dedupe_key,
        ))  # fmt: skip
        mail.append(wants_email(user, opted_out, event_type))
    created = _insert(rows)
    wanted = [row.pk for row, send in zip(rows, mail, strict=True) if send and row.pk]
    if wanted:
        transaction.on_commit(lambda: _enqueue_emails(wanted))
    return created


def _insert(rows: list[Notification]) -> list[Notification]:
    """bulk_create; if a concurrent scan wrote the same dedupe key first, row by row and skip
    the duplicates (each in a savepoint, so the caller's transaction stays usable)."""
    if not rows:
        return []
    try:
        with transaction.atomic():
            return Notification.objects.bulk_create(rows, batch_size=500)
    except IntegrityError:
        created = []
        for row in rows:
            row.pk = None
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                row.pk = None
                continue
            created.append(row)
        return created


def _enqueue_emails(ids: list[int]) -> None:
    from .tasks import send_notification_emails

    for batch in _chunks(ids, EMAIL_BATCH):
        send_notification_emails.enqueue(batch)


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """Send the e-mail of each notification not yet e-mailed, in its recipient's language.

    Runs in the worker. A notification is marked ``emailed_at`` once its mail went out, so a
    retried task sends nothing twice; a refused mail is logged (core.mail) and stays unmarked.
    """
    sent = 0
    pending = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("pk")
    )
    for notification in pending:
        user = notification.recipient
        if not (user.email and user.email_verified_at and user.is_active):
            continue
        with translation.override(_language(user)):
            message = render_to_string("notifications/email/notification.txt", {
                "notification": notification, "user": user,
                "link": absolute_url(notification.url) if notification.url else "",
                "settings_link": absolute_url(reverse("notifications:preferences")),
            })  # fmt: skip
        if send_now(subject=notification.subject, message=message, recipients=[user.email],
                    from_email=settings.DEFAULT_FROM_EMAIL):  # fmt: skip
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


# --- reading ---------------------------------------------------------------------------------


def notification_mark_read(*, user, notification: Notification) -> Notification:
    """Mark one of ``user``'s notifications read (again: nothing changes)."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- e-mail choices --------------------------------------------------------------------------


@transaction.atomic
def preferences_save(*, user, email: Mapping[str, bool]) -> None:
    """Store the e-mail choice per event type (types not named keep their choice)."""
    for event_type, on in email.items():
        NotificationPreference.objects.update_or_create(
            user=user, event_type=EventType(event_type), defaults={"email": bool(on)}
        )


# --- the private calendar feed ---------------------------------------------------------------

FEED_KEY_SALT = "stadtnetz.notifications.calendar-feed"


def _feed_token(feed: CalendarFeed) -> str:
    return salted_hmac(FEED_KEY_SALT, f"{feed.user_id}:{feed.salt}", algorithm="sha256").hexdigest()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_active(user) -> CalendarFeed | None:
    """The person's feed, if it still opens: after the server's secret key changed, the stored
    hash no longer matches and the person makes a new feed."""
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    if feed is None or feed.token_hash != _hash(_feed_token(feed)):
        return None
    return feed


def calendar_feed_url(feed: CalendarFeed) -> str:
    """The private address; only for the feed's owner."""
    return absolute_url(reverse("notifications:feed", args=[_feed_token(feed)]))


@transaction.atomic
def calendar_feed_create(*, user) -> CalendarFeed:
    """A new private feed address; the previous one stops working."""
    calendar_feed_revoke(user=user)
    feed = CalendarFeed(user=user, salt=secrets.token_hex(16))
    feed.token_hash = _hash(_feed_token(feed))
    feed.save()
    return feed


@transaction.atomic
def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    return calendar_feed_active(user) or calendar_feed_create(user=user)


def calendar_feed_revoke(*, user) -> bool:
    return bool(
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def calendar_feed_lookup(token: str) -> CalendarFeed | None:
    """The active feed behind a token from a URL, or None (revoked, unknown, inactive user)."""
    if not token or len(token) > 128:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active or feed.user.deleted_at is not None:
        return None
    now = timezone.now()
    if feed.last_used_at is None or (now - feed.last_used_at).total_seconds() > 3600:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed


# --- due dates and reminders -----------------------------------------------------------------


def due_reminder_event(*, due_on: dt.date, today: dt.date) -> EventType | None:
    """Which reminder a due date calls for today: within 30 days, within 7 days, overdue.

    A scan that first sees an item 5 days ahead sends only the 7-day reminder; with
    :func:`reminder_key` as ``dedupe_key`` each reminder goes out once per due date.
    """
    days = (due_on - today).days
    if days < 0:
        return EventType.REPORT_OVERDUE
    if days <= 7:
        return EventType.REPORT_DUE_7
    if days <= 30:
        return EventType.REPORT_DUE_30
    return None


def reminder_key(uid: str, event_type: str, due_on: dt.date) -> str:
    """The dedupe key of a reminder: a moved due date reminds again."""
    return f"{uid}:{event_type}:{due_on.isoformat()}"[:200]


def due_reminders_run(*, today: dt.date | None = None) -> dict[str, int]:
    """Run every registered reminder scan (``stadtnetz send-due-reminders``)."""
    return registry.run_reminder_scans(today or timezone.localdate())
