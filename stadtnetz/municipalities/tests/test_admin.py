# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Django admin: staff search the registry; everybody else is sent to the admin sign-in."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_staff_search_the_registry_in_the_admin(client, registry, make_user):
    client.force_login(make_user("staff-admin", is_staff=True, is_superuser=True))
    html = client.get("/admin/municipalities/municipality/", {"q": "05122000"}).content.decode()
    assert "Solingen, Klingenstadt" in html
    html = client.get("/admin/municipalities/municipality/", {"q": "Frankfurt"}).content.decode()
    assert "Frankfurt am Main, Stadt" in html and "Frankfurt (Oder), Stadt" in html


@pytest.mark.parametrize("flags", [{}, {"is_programme_office": True}, {"is_reviewer": True}])
def test_non_staff_cannot_open_the_admin(client, registry, make_user, flags):
    client.force_login(make_user("not-staff", **flags))
    response = client.get("/admin/municipalities/municipality/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
