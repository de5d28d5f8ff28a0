# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The budget view: approved (plan in force), requested, paid, reported as spent, remaining per
phase, year and category; the page with its chart and table, the CSV/XLSX downloads, the API, and
a constant number of queries."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stadtnetz.users.services import api_token_create

from ..models import (
    PaymentLine,
    PaymentRequest,
    PlanLine,
    PlanVersion,
    Report,
    ReportExpenditure,
)
from ..selectors_budget import budget, decimal_strings
from .factories import YEAR, grantee_user, issued_notice, office_user

pytestmark = pytest.mark.django_db
D = Decimal


def pay(notice, number, status, lines, *, phase="A", year=YEAR):
    request = PaymentRequest.objects.create(notice=notice, number=number, phase=phase, year=year,
                                            due_by=f"{year}-06-30", status=status)  # fmt: skip
    PaymentLine.objects.bulk_create(
        PaymentLine(request=request, category=c, expenditure=D(g) * 2, grant=D(g))
        for c, g in lines.items()
    )
    return request


def spent(notice, kind, status, cells, *, year=None):
    report = Report.objects.get(notice=notice, kind=kind, period_year=year)
    Report.objects.filter(pk=report.pk).update(status=status)
    ReportExpenditure.objects.bulk_create(
        ReportExpenditure(report=report, phase=p, year=y, category=c, amount=D(a))
        for (p, y, c), a in cells.items()
    )
    return report


@pytest.fixture
def notice():
    return issued_notice()


def cell(data, phase, year, category):
    return next(c for c in data.cells if (c.phase, c.year, c.category) == (phase, year, category))


def test_columns_count_what_they_say(notice):
    rate = notice.funding_rate
    assert rate == D("65.00")
    pay(notice, 1, "paid", {"personnel": "50000.00", "third_party": "10000.00"})
    pay(notice, 2, "checked", {"personnel": "20000.00"})
    pay(notice, 3, "draft", {"personnel": "999.00"})  # drafts do not count
    pay(notice, 4, "withdrawn", {"personnel": "999.00"})
    pay(notice, 5, "changes", {"personnel": "999.00"})  # sent back: not counted
    spent(notice, "interim", "accepted", {("A", YEAR, "personnel"): "70000.00"}, year=YEAR)
    # the final statement repeats the year with the final figure: the latest one counts
    spent(notice, "final", "submitted", {("A", YEAR, "personnel"): "75000.00",
                                         ("B", YEAR + 1, "investment"): "1000.00"})  # fmt: skip
    spent(notice, "interim", "draft", {("B", YEAR + 1, "personnel"): "5.00"}, year=YEAR + 1)
    data = budget(notice)
    personnel = cell(data, "A", YEAR, "personnel")
    assert personnel.approved_costs == D("120000.00")
    assert personnel.approved == D("78000.00")  # 65 % of 120.000
    assert personnel.requested == D("70000.00")  # paid 50.000 + checked 20.000
    assert personnel.paid == D("50000.00")
    assert personnel.reported == D("75000.00")
    assert personnel.remaining == D("28000.00")  # approved − paid
    third = cell(data, "A", YEAR, "third_party")
    assert (third.approved, third.requested, third.paid) == (D("52000.00"), D("10000.00"),
                                                             D("10000.00"))  # fmt: skip
    assert cell(data, "B", YEAR + 1, "personnel").reported == D("0.00")
    assert data.phases["A"].paid == D("60000.00")
    assert data.total.approved == D("975000.00")  # 65 % of 1.500.000
    assert data.total.remaining == D("915000.00")
    assert [(g.phase, g.year) for g in data.years] == [("A", YEAR), ("B", YEAR + 1),
                                                       ("B", YEAR + 2)]  # fmt: skip
    only_b = budget(notice, phase="B")
    assert set(only_b.phases) == {"B"} and only_b.total.paid == D("0.00")


def test_the_plan_in_force_is_the_latest_version(notice):
    version = PlanVersion.objects.create(notice=notice, number=2, period_end=notice.period_end,
                                         note="Änderung 1")  # fmt: skip
    PlanLine.objects.create(version=version, phase="A", year=YEAR, category="personnel",
                            eligible_costs=D("100000.00"), grant=D("65000.00"))  # fmt: skip
    data = budget(notice)
    assert data.plan_number == 2
    assert data.total.approved == D("65000.00")
    assert decimal_strings(data)["total"]["approved"] == "65000.00"


def test_a_constant_number_of_queries(notice, django_assert_num_queries):
    pay(notice, 1, "paid", {"personnel": "100.00"})
    with django_assert_num_queries(3):
        budget(notice)
    for n in range(2, 40):
        pay(notice, n, "submitted" if n % 2 else "paid", {"personnel": "1.00", "other": "1.00"},
            phase="B" if n % 3 else "A", year=YEAR + 1 if n % 3 else YEAR)  # fmt: skip
    spent(notice, "interim", "accepted", {("A", YEAR, "personnel"): "1.00"}, year=YEAR)
    with django_assert_num_queries(3):
        budget(notice)


def test_page_counts_queries_alike_for_one_and_many_requests(notice):
    member = grantee_user(notice.project.organisation, "mitglied", role="member")
    client = Client()
    client.force_login(member)
    url = reverse("grants:budget", args=[notice.project.slug])
    pay(notice, 1, "paid", {"personnel": "100.00"})
    client.get(url)  # warm up (session, locale)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(2, 30):
        pay(notice, n, "submitted", {"personnel": "1.00", "material": "1.00"})
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(one) == len(many)


def test_page_shows_german_amounts_a_chart_with_a_text_alternative(notice):
    pay(notice, 1, "paid", {"personnel": "50000.00"})
    member = grantee_user(notice.project.organisation, "mitglied", role="member")
    client = Client(headers={"accept-language": "de"})
    client.force_login(member)
    page = client.get(reverse("grants:budget", args=[notice.project.slug])).content.decode()
    assert "50.000,00" in page and "975.000,00" in page
    assert 'role="img"' in page and 'aria-describedby="budget-caption"' in page
    assert "<figcaption" in page and 'id="budget-total"' in page


def test_downloads_in_german_csv_and_xlsx(notice):
    from openpyxl import load_workbook

    pay(notice, 1, "paid", {"personnel": "50000.00"})
    client = Client()
    client.force_login(office_user())
    csv = client.get(reverse("grants:budget_export", args=[notice.project.slug, "csv"]))
    text = csv.content.decode("utf-8-sig")
    assert csv["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("phase;year;category;")
    assert f"A;{YEAR};personnel;" in text and "78000,00;70000,00" not in text
    assert ";78000,00;50000,00;50000,00;0,00;28000,00" in text
    xlsx = client.get(reverse("grants:budget_export", args=[notice.project.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "phase" and rows[1][:3] == ("A", YEAR, "personnel")
    assert D(str(rows[1][5])) == D("78000.00")
    assert (
        client.get(reverse("grants:budget_export", args=[notice.project.slug, "pdf"])).status_code
        == 404
    )


def test_api_answers_decimal_strings_and_hides_other_grants(notice):
    pay(notice, 1, "paid", {"personnel": "50000.00"})
    member = grantee_user(notice.project.organisation, "mitglied", role="member")
    stranger = grantee_user(issued_notice(ags="09162000", title="München").project.organisation,
                            "fremd")  # fmt: skip
    url = f"/api/v1/model-projects/{notice.project_id}/budget"

    def get(user, query=""):
        issued = api_token_create(user=user, name="t")
        return Client().get(url + query, headers={"authorization": f"Bearer {issued.secret}"})

    answer = get(member)
    assert answer.status_code == 200
    body = answer.json()
    personnel = next(c for c in body["cells"] if c["category"] == "personnel" and c["phase"] == "A")
    assert personnel["paid"] == "50000.00" and personnel["remaining"] == "28000.00"
    assert body["total"]["approved"] == "975000.00"
    assert get(stranger).status_code == 404
    assert get(member, "?phase=C").status_code == 422
    assert get(member, "?phase=B").json()["total"]["paid"] == "0.00"
    assert Client().get(url).status_code == 401
