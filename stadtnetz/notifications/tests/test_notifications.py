# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The notification service: in-app and e-mail in the recipient's language, dedupe, e-mail
choices, hostile titles, the pages (recipient only), the header count and the calendar feed."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from stadtnetz.notifications import registry, selectors, services
from stadtnetz.notifications.models import CalendarFeed, EventType, Notification
from stadtnetz.notifications.registry import DueDate

pytestmark = pytest.mark.django_db

HOSTILE = "Bericht\r\nBcc: victim@example.org\x00 <script>alert(1)</script>"


def _report(user, *, key="report-1", title="Zwischennachweis 2026", due=dt.date(2027, 1, 31)):
    return services.notify(
        event_type=EventType.REPORT_DUE_30, recipients=[user],
        context={"title": title, "project": "Smarte Klingenstadt"},
        url="/projekte/1/", due_on=due, dedupe_key=key,
    )  # fmt: skip


def test_notify_writes_in_each_recipients_language_and_mails_after_commit(
    make_user, django_capture_on_commit_callbacks
):
    german, english = make_user("de-user"), make_user("en-user", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        created = services.notify(
            event_type=EventType.REPORT_DUE_7, recipients=[german, english, german],
            context={"title": "Zwischennachweis 2026", "project": "Smarte Klingenstadt"},
            url="/projekte/1/", due_on=dt.date(2027, 1, 31),
        )  # fmt: skip
    assert len(created) == 2  # the same person twice is told once
    by_user = {n.recipient_id: n for n in Notification.objects.all()}
    assert by_user[german.pk].subject == "In 7 Tagen fällig: Zwischennachweis 2026"
    assert "31. Januar 2027" in by_user[german.pk].body
    assert by_user[english.pk].subject == "Due in 7 days: Zwischennachweis 2026"
    assert "Jan. 31, 2027" in by_user[english.pk].body
    assert sorted(m.to[0] for m in mail.outbox) == sorted([german.email, english.email])
    german_mail = next(m for m in mail.outbox if m.to == [german.email])
    assert german_mail.subject == "In 7 Tagen fällig: Zwischennachweis 2026"
    assert "http://" in german_mail.body and "/projekte/1/" in german_mail.body
    assert "/benachrichtigungen/einstellungen/" in german_mail.body
    assert all(n.emailed_at for n in Notification.objects.all())


def test_dedupe_key_makes_a_repeat_harmless(make_user, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        assert len(_report(user)) == 1
        assert _report(user) == []
        assert len(_report(user, key="report-2")) == 1
    assert Notification.objects.filter(recipient=user).count() == 2
    assert len(mail.outbox) == 2


def test_email_choice_unconfirmed_address_and_inactive_people(
    make_user, django_capture_on_commit_callbacks
):
    quiet, unconfirmed, gone = make_user("quiet"), make_user("new", verified=False), make_user("x")
    gone.is_active = False
    gone.save()
    services.preferences_save(user=quiet, email={EventType.REPORT_DUE_30: False})
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            event_type=EventType.REPORT_DUE_30, recipients=[quiet, unconfirmed, gone],
            context={"title": "T", "project": "P"}, url="/",
        )  # fmt: skip
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "quiet",
        "new",
    }
    assert mail.outbox == []  # switched off, and an unconfirmed address gets no mail
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(event_type=EventType.REPORT_OVERDUE, recipients=[quiet],
                        context={"title": "T", "project": "P"}, url="/")  # fmt: skip
    assert [m.to for m in mail.outbox] == [[quiet.email]]  # other event types still mail


def test_hostile_titles_never_break_the_subject(make_user, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        for event_type in EventType:
            services.notify(
                event_type=event_type, recipients=[user], url="/x/",
                context={key: HOSTILE * 20 for key in ("title", "project", "actor", "reason",
                                                      "decision", "call")},
            )  # fmt: skip
    assert Notification.objects.count() == len(EventType) == len(mail.outbox)
    for notification in Notification.objects.all():
        assert "\r" not in notification.subject and "\n" not in notification.subject
        assert "\x00" not in notification.subject + notification.body
        assert len(notification.subject) <= 200
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.message()["Bcc"] is None


def test_bad_calls_are_refused_and_nothing_is_written(make_user):
    user = make_user()
    with pytest.raises(ValueError, match="lacks project"):
        services.notify(event_type=EventType.REPORT_DUE_7, recipients=[user],
                        context={"title": "T"}, url="/")  # fmt: skip
    with pytest.raises(ValueError, match="Unknown event type"):
        services.notify(event_type="made_up", recipients=[user], context={}, url="/")
    for url in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        with pytest.raises(ValueError, match="path on this site"):
            services.notify(event_type=EventType.GRANT_NOTICE_ISSUED, recipients=[user],
                            context={"project": "P"}, url=url)  # fmt: skip
    assert not Notification.objects.exists()


def test_every_event_type_has_german_and_english_texts(make_user):
    context = {k: "X" for k in ("title", "project", "actor", "reason", "decision", "call")}
    for event_type in EventType:
        german = services.render(event_type, context, dt.date(2027, 1, 2), "de")
        english = services.render(event_type, context, dt.date(2027, 1, 2), "en")
        assert german != english, event_type
        assert "%(" not in german[1] + english[1]


def test_due_reminder_thresholds():
    today = dt.date(2027, 1, 1)
    event = services.due_reminder_event
    assert event(due_on=today + dt.timedelta(days=31), today=today) is None
    assert event(due_on=today + dt.timedelta(days=30), today=today) == EventType.REPORT_DUE_30
    assert event(due_on=today + dt.timedelta(days=7), today=today) == EventType.REPORT_DUE_7
    assert event(due_on=today, today=today) == EventType.REPORT_DUE_7
    assert event(due_on=today - dt.timedelta(days=1), today=today) == EventType.REPORT_OVERDUE


# --- pages -----------------------------------------------------------------------------------


def test_list_unread_first_and_marking_read(client, make_user):
    user, other = make_user("me"), make_user("other")
    old = _report(user, key="a", title="Alt")[0]
    new = _report(user, key="b", title="Neu")[0]
    Notification.objects.filter(pk=new.pk).update(read_at=timezone.now())
    theirs = _report(other, key="a", title="Fremd")[0]
    client.force_login(user)
    page = client.get("/benachrichtigungen/").content.decode()
    assert page.index("Alt") < page.index("Neu") and "Fremd" not in page
    assert 'class="sn-unread-count">1<' in page  # the header count
    assert client.post(f"/benachrichtigungen/{theirs.pk}/gelesen/").status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    response = client.post(
        f"/benachrichtigungen/{old.pk}/gelesen/", {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/benachrichtigungen/"
    assert Notification.objects.get(pk=old.pk).read_at is not None
    _report(user, key="c")
    client.post("/benachrichtigungen/alle-gelesen/")
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert "sn-unread-count" not in client.get("/benachrichtigungen/").content.decode()


def test_marking_read_needs_csrf(make_user):
    from django.test import Client

    user = make_user()
    notification = _report(user)[0]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(f"/benachrichtigungen/{notification.pk}/gelesen/").status_code == 403
    assert strict.post("/benachrichtigungen/alle-gelesen/").status_code == 403
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_list_and_header_take_a_constant_number_of_queries(
    client, make_user, django_assert_max_num_queries
):
    user = make_user()
    client.force_login(user)
    _report(user, key="k0")
    with django_assert_max_num_queries(12) as few:
        client.get("/benachrichtigungen/")
    for n in range(1, 60):
        _report(user, key=f"k{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/benachrichtigungen/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/benachrichtigungen/?page=2")


def test_header_shows_99_plus(client, make_user):
    user = make_user()
    for n in range(101):
        _report(user, key=f"k{n}")
    client.force_login(user)
    assert 'class="sn-unread-count">99+<' in client.get("/impressum/").content.decode()
    client.logout()
    assert "sn-unread-count" not in client.get("/impressum/").content.decode()


def test_preferences_page_switches_email_per_type(client, make_user):
    user = make_user()
    client.force_login(user)
    page = client.get("/benachrichtigungen/einstellungen/").content.decode()
    assert "Bericht in 7 Tagen fällig" in page and page.count('type="checkbox"') == len(EventType)
    data = {value: "on" for value in EventType.values if value != EventType.REVIEW_ASSIGNED}
    assert client.post("/benachrichtigungen/einstellungen/", data).status_code == 302
    choices = {c.event_type: c.email for c in selectors.email_choices(user)}
    assert choices[EventType.REVIEW_ASSIGNED] is False
    assert all(on for key, on in choices.items() if key != EventType.REVIEW_ASSIGNED)


def test_language_switch_is_remembered_for_signed_in_people(client, make_user):
    user = make_user()
    assert user.language == "de"
    client.force_login(user)
    client.post("/sprache/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
    client.post("/sprache/", {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


# --- calendar feed ---------------------------------------------------------------------------


def _provider(user):
    yield DueDate(uid=f"test-report-{user.pk}", title="Zwischennachweis", date=dt.date(2027, 3, 31),
                  url="/projekte/1/", description="Bitte einreichen")  # fmt: skip
    yield DueDate(
        uid="test-final", title="Verwendungsnachweis\r\nX", date=dt.date(2028, 6, 30), url=""
    )


@pytest.fixture
def provider():
    registry.register_due_dates(_provider)
    yield _provider
    registry.unregister(_provider)


def test_feed_is_valid_icalendar_with_the_providers_dates(client, make_user, provider):
    user = make_user()
    client.force_login(user)
    assert client.get("/benachrichtigungen/kalender/").status_code == 200
    client.post("/benachrichtigungen/kalender/neu/")
    feed = CalendarFeed.objects.get(user=user)
    url = services.calendar_feed_url(feed)
    page = client.get("/benachrichtigungen/kalender/").content.decode()
    assert url in page and "Zwischennachweis" in page
    assert feed.token_hash not in url and url.rsplit("/", 1)[-1].removesuffix(".ics") not in str(
        CalendarFeed.objects.values_list("salt", "token_hash").get()
    )  # only a hash is stored
    client.logout()
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in parsed.walk("VEVENT")}
    assert set(events) == {f"test-report-{user.pk}@127.0.0.1", "test-final@127.0.0.1"} or all(
        uid.startswith(("test-report-", "test-final@")) for uid in events
    )
    report = next(e for uid, e in events.items() if uid.startswith("test-report-"))
    assert report.decoded("dtstart") == dt.date(2027, 3, 31)
    assert report.decoded("dtend") > report.decoded("dtstart")
    assert str(report["summary"]) == "Zwischennachweis" and str(report["url"]).endswith(
        "/projekte/1/"
    )
    again = icalendar.Calendar.from_ical(client.get("/" + path).content)
    assert sorted(str(e["uid"]) for e in again.walk("VEVENT")) == sorted(events)  # stable UIDs
    # revoked → 404; a new address works, the old one does not
    client.force_login(user)
    client.post("/benachrichtigungen/kalender/widerrufen/")
    client.logout()
    assert client.get("/" + path).status_code == 404
    renewed = services.calendar_feed_create(user=user)
    assert services.calendar_feed_url(renewed) != url
    assert client.get("/" + services.calendar_feed_url(renewed).split("/", 3)[3]).status_code == 200
    assert client.get("/kalender/" + "0" * 64 + ".ics").status_code == 404


def test_feed_changes_address_when_the_secret_key_changes(make_user, settings):
    user = make_user()
    feed = services.calendar_feed_create(user=user)
    settings.SECRET_KEY = "another-secret-key-of-at-least-fifty-characters-for-the-test"
    assert services.calendar_feed_active(user) is None  # the page offers a new address
    assert services.calendar_feed_get_or_create(user=user).pk != feed.pk


# --- reminder scans --------------------------------------------------------------------------


def test_send_due_reminders_runs_every_scan_idempotently(
    make_user, django_capture_on_commit_callbacks
):
    user = make_user()

    def scan(today):
        due = dt.date(2027, 1, 31)
        event = services.due_reminder_event(due_on=due, today=today)
        if event is None:
            return 0
        return len(services.notify(
            event_type=event, recipients=[user], context={"title": "Bericht", "project": "P"},
            url="/", due_on=due, dedupe_key=services.reminder_key("test-report", event, due),
        ))  # fmt: skip

    registry.register_reminder_scan(scan)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_due_reminders", "--today", "2027-01-01", verbosity=0)
            call_command("send_due_reminders", "--today", "2027-01-01", verbosity=0)
            call_command("send_due_reminders", "--today", "2027-01-02", verbosity=0)
            call_command("send_due_reminders", "--today", "2027-01-25", verbosity=0)
            call_command("send_due_reminders", "--today", "2027-02-06", verbosity=0)
    finally:
        registry.unregister(scan)
    assert list(Notification.objects.order_by("pk").values_list("event_type", flat=True)) == [
        EventType.REPORT_DUE_30,
        EventType.REPORT_DUE_7,
        EventType.REPORT_OVERDUE,
    ]
    assert len(mail.outbox) == 3


# --- API -------------------------------------------------------------------------------------


def _bearer(user):
    from stadtnetz.users.services import api_token_create

    return {"Authorization": f"Bearer {api_token_create(user=user, name='t').secret}"}


def test_api_lists_marks_and_gives_the_feed_address(client, make_user):
    user, other = make_user("me"), make_user("other")
    first = _report(user, key="a", title="Erster")[0]
    _report(user, key="b", title="Zweiter")
    theirs = _report(other, key="a")[0]
    headers = _bearer(user)
    body = client.get("/api/v1/notifications", headers=headers).json()
    assert body["count"] == 2 and body["unread"] == 2
    assert {item["subject"] for item in body["items"]} == {
        "In 30 Tagen fällig: Erster", "In 30 Tagen fällig: Zweiter"
    }  # fmt: skip
    marked = client.post(f"/api/v1/notifications/{first.pk}/read", headers=headers)
    assert marked.status_code == 200 and marked.json()["read_at"] is not None
    body = client.get("/api/v1/notifications?unread=true", headers=headers).json()
    assert [item["subject"] for item in body["items"]] == ["In 30 Tagen fällig: Zweiter"]
    missing = client.post(f"/api/v1/notifications/{theirs.pk}/read", headers=headers)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert client.post("/api/v1/notifications/read-all", headers=headers).json() == {"marked": 1}
    assert client.get("/api/v1/notifications").status_code == 401
    feed = client.get("/api/v1/notifications/feed", headers=headers).json()
    assert feed["url"] == client.get("/api/v1/notifications/feed", headers=headers).json()["url"]
    assert client.get("/" + feed["url"].split("/", 3)[3]).status_code == 200
    assert CalendarFeed.objects.filter(user=user).count() == 1


def test_deleting_the_account_removes_notifications_and_the_feed(client, make_user):
    from stadtnetz.users.services import user_delete

    user, other = make_user("leaving"), make_user("staying")
    _report(user)
    _report(other)
    feed = services.calendar_feed_create(user=user)
    path = "/" + services.calendar_feed_url(feed).split("/", 3)[3]
    services.preferences_save(user=user, email={EventType.REPORT_DUE_7: False})
    user_delete(user=user)
    assert not Notification.objects.filter(recipient=user).exists()
    assert not CalendarFeed.objects.filter(user=user).exists()
    assert not user.notification_preferences.exists()
    assert Notification.objects.filter(recipient=other).count() == 1
    assert client.get(path).status_code == 404
