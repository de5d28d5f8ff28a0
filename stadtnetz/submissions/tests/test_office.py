# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from stadtnetz.organisations.models import Membership, OrganisationKind, Role
from stadtnetz.organisations.services import organisation_create
from stadtnetz.submissions import services

from .conftest import complete

pytestmark = pytest.mark.django_db


def test_overview_filters_statistics_and_exports(client, call, application, editor, office, registry,
                                                 django_assert_max_num_queries):  # fmt: skip
    complete(application, editor)
    services.application_submit(actor=editor, application=application)
    small = registry.get(ags="09181121")  # Fuchstal, Bavaria
    other = organisation_create(
        actor=office, kind=OrganisationKind.MUNICIPALITY, name='=HYPERLINK("x")', municipality=small
    )
    Membership.objects.create(user=editor, organisation=other, role=Role.EDITOR)
    second = services.application_create(
        actor=editor, call=call, organisation=other, title="Dorf digital"
    )
    complete(second, editor)
    services.application_submit(actor=editor, application=second)
    url = reverse("submissions:office_overview", args=[call.pk])
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.force_login(office)
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "Smarte Klingenstadt" in page and "Dorf digital" in page and "<meter" in page
    filtered = client.get(url, {"state": "BY"}).content.decode()
    assert "Dorf digital" in filtered and "Smarte Klingenstadt" not in filtered
    assert "Dorf digital" not in client.get(url, {"size_class": "grossstadt"}).content.decode()
    assert client.get(url, {"min_grant": "-5"}).status_code == 400
    csv_text = client.get(reverse("submissions:office_export_csv", args=[call.pk])).content.decode(
        "utf-8-sig"
    )
    assert csv_text.splitlines()[0].startswith("receipt_number;")
    assert "'=HYPERLINK" in csv_text and len(csv_text.splitlines()) == 3
    xlsx = client.get(reverse("submissions:office_export_xlsx", args=[call.pk]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[0][0] == "receipt_number"
    assert (
        client.get(reverse("submissions:receipt_pdf", args=[application.pk, 1])).status_code == 200
    )
