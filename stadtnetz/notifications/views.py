# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Pages: the notification list, e-mail choices, the private calendar feed and the feed itself."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stadtnetz.core.links import site_url

from . import ics, selectors, services
from .forms import PreferencesForm

PAGE_SIZE = 50


def _crumbs(label=None):
    if label is None:
        return [(_("Notifications"), None)]
    return [(_("Notifications"), reverse("notifications:list")), (label, None)]


@login_required
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("ungelesen") == "1"
    page = Paginator(
        selectors.notification_list(request.user, unread_only=unread_only), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page_obj": page, "unread_only": unread_only, "nav": "notifications",
        "unread_total": selectors.unread_count(request.user), "breadcrumbs": _crumbs(),
    })  # fmt: skip


def _back(request: HttpRequest) -> str:
    """Back to the list page the form was on (a local path only)."""
    target = request.POST.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/benachrichtigungen/") and not parts.netloc and not parts.scheme:
        return target
    return reverse("notifications:list")


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get(request.user, pk)
    if notification is None:  # someone else's: as if it did not exist
        raise Http404
    services.notification_mark_read(user=request.user, notification=notification)
    messages.success(request, _("Marked as read: %(subject)s") % {"subject": notification.subject})
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    else:
        messages.info(request, _("There were no unread notifications."))
    return redirect(_back(request))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        choices=selectors.email_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, email=form.email_by_type())
        messages.success(request, _("Your e-mail settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {
        "form": form, "nav": "notifications", "breadcrumbs": _crumbs(_("E-mail settings")),
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    feed = services.calendar_feed_active(request.user)
    return render(request, "notifications/calendar.html", {
        "feed": feed, "feed_url": services.calendar_feed_url(feed) if feed else "",
        "due_dates": selectors.due_dates(request.user), "nav": "notifications",
        "breadcrumbs": _crumbs(_("Calendar feed")),
    })  # fmt: skip


@login_required
@require_POST
def calendar_create(request: HttpRequest) -> HttpResponse:
    had_one = services.calendar_feed_active(request.user) is not None
    services.calendar_feed_create(user=request.user)
    if had_one:
        messages.success(
            request, _("Your calendar has a new address. The old one no longer works.")
        )
    else:
        messages.success(
            request, _("Your private calendar address is ready. Copy it into your calendar.")
        )
    return redirect("notifications:calendar")


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if services.calendar_feed_revoke(user=request.user):
        messages.success(
            request, _("The calendar address is revoked. Calendars using it get no more dates.")
        )
    return redirect("notifications:calendar")


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: the token is the only credential; unknown or revoked → 404."""
    found = services.calendar_feed_lookup(token)
    if found is None:
        raise Http404
    with translation.override(found.user.language):  # the owner's language, not the caller's
        body = ics.calendar(
            selectors.due_dates(found.user), site_url=site_url(),
            host=urlsplit(site_url()).hostname or "stadtnetz", name=_("Stadtnetz – my due dates"),
        )  # fmt: skip
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="stadtnetz-termine.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
