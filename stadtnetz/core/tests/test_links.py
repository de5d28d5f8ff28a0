# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Every absolute link comes from one function and follows the served port (issue 16, item 2)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from stadtnetz.core.links import absolute_url

ROOT = Path(__file__).resolve().parents[3]


def _site_url(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"HOST", "PORT", "STADTNETZ_SITE_URL"}} | {"DJANGO_DEBUG": "1", **env}  # fmt: skip
    return subprocess.run([sys.executable, "-c", "import config.settings.base as s; print(s.SITE_URL)"],
                          cwd=ROOT, env=clean, capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip


def test_site_url_follows_the_served_host_and_port():
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url(PORT="8101") == "http://127.0.0.1:8101"
    assert _site_url(HOST="0.0.0.0", PORT="8101") == "http://127.0.0.1:8101"  # noqa: S104
    assert _site_url(HOST="::1", PORT="8101") == "http://[::1]:8101"
    assert _site_url(PORT="8101", STADTNETZ_SITE_URL="https://stadtnetz.example.de/") == (
        "https://stadtnetz.example.de"
    )


def test_absolute_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8101/"
    assert absolute_url() == "http://127.0.0.1:8101"
    assert absolute_url("/kommunen/") == "http://127.0.0.1:8101/kommunen/"
    assert absolute_url("kommunen/") == "http://127.0.0.1:8101/kommunen/"


def test_no_module_builds_absolute_links_itself():
    """One function for every absolute URL: nothing else reads SITE_URL or the request host."""
    offenders = []
    for path in (ROOT / "stadtnetz").rglob("*.py"):
        if "tests" in path.parts or path.name in {"links.py", "conftest.py"}:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"settings\.SITE_URL|build_absolute_uri", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.django_db
def test_invitation_mail_and_calendar_use_the_served_port(settings, client, make_user, registry):
    from django.test import TestCase

    from stadtnetz.organisations.models import OrganisationKind, Role
    from stadtnetz.organisations.services import invitation_create, organisation_create
    from stadtnetz.programmes.tests.factories import make_call

    settings.SITE_URL = "http://127.0.0.1:8101"
    office = make_user("office", is_programme_office=True)
    organisation = organisation_create(actor=office, kind=OrganisationKind.CONSULTANCY,
                                       name="Port-Beratung")  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation_create(organisation=organisation, actor=office, email="neu@example.org",
                          role=Role.EDITOR)  # fmt: skip
    assert "http://127.0.0.1:8101/" in mail.outbox[-1].body
    assert ":8000" not in mail.outbox[-1].body
    make_call()
    ics = client.get("/calls.ics").content.decode()
    assert "URL:http://127.0.0.1:8101/" in ics.replace("\r\n ", "")
    assert ":8000" not in ics
