# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Idle timeout for powerful accounts: staff and programme office are signed out when idle."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

LAST_SEEN = "stadtnetz_last_seen"
REFRESH_SECONDS = 60


def _powerful(user) -> bool:
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or getattr(user, "is_programme_office", False)
    )


class StaffIdleTimeoutMiddleware:
    """After ``STADTNETZ_STAFF_IDLE_MINUTES`` without a request the session ends (0: never)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        minutes = settings.STADTNETZ_STAFF_IDLE_MINUTES
        user = getattr(request, "user", None)
        if minutes and user is not None and _powerful(user):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - int(last_seen) > minutes * 60:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity.")
                    % {"minutes": minutes},
                )
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - int(last_seen) >= REFRESH_SECONDS:
                # Written at most once a minute, so most requests cause no session write.
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def note_sign_in(sender, request, user, **kwargs) -> None:
    """Start the idle clock at sign-in (connected in apps.py)."""
    if request is not None and hasattr(request, "session") and _powerful(user):
        request.session[LAST_SEEN] = int(time.time())
