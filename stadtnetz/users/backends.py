# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""An address-wide sign-in limit across usernames, on top of django-axes' per-name lockout.

django-axes locks a username+address pair after a few failures. Password spraying tries one
password against many names from one address and never trips that. This backend sums the
failures axes recorded for the address within the cool-off time, over all names, and refuses
every further sign-in from it (web and API alike, both go through ``authenticate``) once the
sum reaches ``AXES_IP_FAILURE_LIMIT``. The limit is higher than the per-name one because many
people in one town hall may share an address.
"""

from __future__ import annotations

from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


class AddressWideLimitBackend:
    """Only authenticates to refuse: no get_user, so sessions never name this backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not getattr(settings, "AXES_ENABLED", True):
            return None
        address = get_client_ip_address(request)
        if not address:
            return None
        since = timezone.now() - (get_cool_off(request) or timezone.timedelta(hours=1))
        failures = (
            AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
                total=Sum("failures_since_start")
            )["total"]
            or 0
        )
        if failures >= settings.AXES_IP_FAILURE_LIMIT:
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("Too many failed sign-ins from this address.")
        return None
