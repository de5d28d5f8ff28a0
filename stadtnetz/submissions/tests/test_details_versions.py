# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Two people edit the project details from stale forms: the second never silently wins."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadtnetz.submissions.models import ChangeEvent

pytestmark = pytest.mark.django_db


def test_the_second_of_two_stale_detail_forms_gets_409_with_both_versions(
    client, application, editor
):
    client.force_login(editor)
    url = reverse("submissions:application_detail", args=[application.pk])
    loaded = client.get(url).context["details_form"].initial["version"]
    assert loaded == 0
    year = application.call.opens_at.year + 1
    first = {
        "title": "Erste Fassung",
        "starts_on": f"{year}-03-01",
        "duration_months": "18",
        "version": loaded,
    }
    second = {
        "title": "Zweite Fassung",
        "starts_on": f"{year}-05-01",
        "duration_months": "6",
        "version": loaded,
    }
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 409
    application.refresh_from_db()
    assert (application.title, application.duration_months, application.details_version) == (
        "Erste Fassung", 18, 1)  # fmt: skip
    page = response.content.decode()
    assert "Version 1" in page and 'id="conflict-table"' in page
    rows = {row.name: (row.current, row.attempted) for row in response.context["conflict_rows"]}
    assert rows["title"] == ("Erste Fassung", "Zweite Fassung")
    assert rows["duration_months"] == ("18", "6")
    assert "Erste Fassung" in page and "Zweite Fassung" in page
    # the form keeps the second person's entries, now based on the saved version
    form = response.context["details_form"]
    assert form["title"].value() == "Zweite Fassung" and str(form["version"].value()) == "1"
    assert ChangeEvent.objects.filter(application=application, kind="details").count() == 1
    # saving again after seeing both versions is a deliberate overwrite
    assert client.post(url, {**second, "version": 1}).status_code == 302
    application.refresh_from_db()
    assert (application.title, application.details_version) == ("Zweite Fassung", 2)


def test_a_double_submit_of_the_same_details_is_no_conflict(client, application, editor):
    client.force_login(editor)
    url = reverse("submissions:application_detail", args=[application.pk])
    same = {"title": "Gleich", "starts_on": "", "duration_months": "12", "version": 0}
    assert client.post(url, same).status_code == 302
    assert client.post(url, same).status_code == 302
    application.refresh_from_db()
    assert application.details_version == 1


@pytest.mark.parametrize("version", ["", "-1", "abc", "1e9"])
def test_a_missing_or_forged_version_saves_nothing(client, application, editor, version):
    client.force_login(editor)
    url = reverse("submissions:application_detail", args=[application.pk])
    response = client.post(
        url, {"title": "Fremd", "starts_on": "", "duration_months": "", "version": version}
    )
    assert response.status_code in (400, 409)
    application.refresh_from_db()
    assert application.title == "Smarte Klingenstadt" and application.details_version == 0
