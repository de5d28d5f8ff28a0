# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The home page before any knowledge is imported (the real data: projects/tests/test_front_door)."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_without_knowledge_says_so(client):
    html = client.get("/").content.decode()
    assert "Das Wissen in Zahlen" in html and "<strong>0</strong> Maßnahmen" in html
    assert "Es sind noch keine Lernbeispiele erfasst." in html
    assert 'id="front-transfers"' not in html
