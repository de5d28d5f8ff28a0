# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The one place absolute addresses are built: links in mails, calendars, CSV and XLSX exports,
the DCAT catalogue and downloaded plans. The base is STADTNETZ_SITE_URL or, when that is not
set, the host and port the server was started with (config/settings/base.py)."""

from __future__ import annotations

from django.conf import settings


def site_url() -> str:
    """The public base address without a trailing slash, e.g. ``http://127.0.0.1:8101``."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str = "") -> str:
    """An absolute address for a path of this site (``/kommunen/`` → ``http://…/kommunen/``)."""
    if path and not path.startswith("/"):
        path = "/" + path
    return site_url() + path
