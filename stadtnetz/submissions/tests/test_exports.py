# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The programme office's CSV and XLSX exports (issue 14, item 22)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from stadtnetz.organisations.models import Organisation
from stadtnetz.submissions import services

from .conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(application, editor):
    Organisation.objects.filter(pk=application.organisation_id).update(name="@SUM(1+1)*cmd")
    complete(application, editor)
    return services.application_submit(actor=editor, application=application)


def test_csv_is_german_excel_csv(client, office, call, submitted):
    client.force_login(office)
    response = client.get(reverse("submissions:office_export_csv", args=[call.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    header, row = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    record = dict(zip(header, row, strict=True))
    assert record["requested_grant_eur"] == "281666,66"  # decimal comma beside ";"
    assert record["total_costs_eur"] == "433333,33"
    local = timezone.localtime(submitted.submitted_at).strftime("%Y-%m-%d %H:%M:%S")
    assert record["submitted_at"] == local
    assert record["organisation"] == "'@SUM(1+1)*cmd"


def test_xlsx_has_dates_numbers_and_guarded_text(client, office, call, submitted):
    client.force_login(office)
    response = client.get(reverse("submissions:office_export_xlsx", args=[call.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert isinstance(row["submitted_at"].value, dt.datetime) and row["submitted_at"].is_date
    local = timezone.localtime(submitted.submitted_at).replace(tzinfo=None, microsecond=0)
    assert abs(row["submitted_at"].value - local) < dt.timedelta(seconds=1)
    assert row["requested_grant_eur"].data_type == "n"
    assert row["requested_grant_eur"].value == pytest.approx(281666.66)
    assert row["organisation"].value == "'@SUM(1+1)*cmd" and row["organisation"].data_type == "s"
