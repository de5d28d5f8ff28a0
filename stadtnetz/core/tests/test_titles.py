# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Every page is titled "Seite – Stadtnetz" (issue 16, item 7)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from stadtnetz.core.templatetags.core_tags import page_title

PAGES = [
    ("core:home", "Startseite"),
    ("core:imprint", "Impressum"),
    ("municipalities:list", None),
    ("organisations:list", None),
    ("programmes:call_list", None),
    ("projects:list", "Modellprojekte"),
    ("solutions:list", None),
    ("assessments:start", None),
    ("search:search", None),
    ("users:login", "Anmelden"),
]


def _title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match, "page without <title>"
    return html.unescape(match.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "expected"), PAGES)
def test_page_titles_name_the_page_then_stadtnetz(client, registry, name, expected):
    title = _title(client.get(reverse(name)))
    page, separator, site = title.rpartition(" – ")
    assert separator and site == "Stadtnetz", title
    assert page.strip() and not page.endswith("Stadtnetz"), title
    if expected:
        assert page == expected


@pytest.mark.django_db
def test_error_page_title(client, registry):
    assert _title(client.get("/kommunen/99999999/")) == "Seite nicht gefunden – Stadtnetz"


def test_page_title_filter():
    assert page_title("  Impressum \n ") == "Impressum – Stadtnetz"
    assert page_title("") == "Stadtnetz"
    assert page_title("Stadtnetz") == "Stadtnetz"
