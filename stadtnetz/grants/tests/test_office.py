# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The programme office's dashboard: the figures per project, filters, sort, the CSV export,
who sees it, the link from "Mein Stadtnetz", and a constant number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stadtnetz.projects.models import Lesson, Measure, MeasureStatus

from ..models import Milestone, Report
from ..selectors_office import OfficeFilter, office_board
from .factories import YEAR, grantee_user, issued_notice, office_user
from .test_budget import pay

pytestmark = pytest.mark.django_db
TODAY = dt.date(YEAR, 6, 15)


def measure(notice, title, **fields):
    return Measure.objects.create(project=notice.project, title=title, description="…",
                                  status=fields.pop("status", MeasureStatus.IN_PROGRESS), **fields)  # fmt: skip


@pytest.fixture
def two():
    """Solingen (phase A, busy) and München (phase B from the start, quiet)."""
    busy = issued_notice()
    quiet = issued_notice(ags="09162000", title="München digital", starts_in_phase="B")
    app = measure(busy, "Stadt-App", repository_url="https://gitlab.example/stadt/app")
    Milestone.objects.create(measure=app, title="Prototyp", due_on=TODAY - dt.timedelta(days=3))
    Milestone.objects.create(measure=app, title="Beta", due_on=TODAY + dt.timedelta(days=10))
    Milestone.objects.create(measure=app, title="Erledigt", due_on=TODAY - dt.timedelta(days=30),
                             status="reached", reached_on=TODAY - dt.timedelta(days=31))  # fmt: skip
    Report.objects.filter(notice=busy, kind="interim", period_year=YEAR).update(
        due_on=TODAY - dt.timedelta(days=1)
    )
    pay(busy, 1, "paid", {"personnel": "40000.00"})
    pay(busy, 2, "checked", {"personnel": "1000.00"})
    pay(busy, 3, "submitted", {"third_party": "1000.00"})
    pay(busy, 4, "draft", {"third_party": "1000.00"})
    done = measure(quiet, "Sensornetz", status=MeasureStatus.DONE)
    Lesson.objects.create(project=quiet.project, measure=done, title="Was wir lernten")
    pay(quiet, 1, "paid", {"personnel": "100000.00"}, phase="B", year=YEAR + 1)
    return busy, quiet


def test_rows_say_what_needs_the_office(two):
    busy, quiet = two
    board = office_board(today=TODAY)
    rows = {row.name: row for row in board.rows}
    b = rows["Solingen vernetzt"]
    assert (b.phase, b.overdue_milestones, b.overdue_reports) == ("A", 1, 1)
    assert (b.next_due, str(b.next_due_what)) == (TODAY + dt.timedelta(days=10), "Meilenstein")
    assert b.open_payments == [2, 3] and b.second_approval == [2]
    assert b.approved == Decimal("975000.00") and b.paid == Decimal("40000.00")
    assert b.software.not_published == 1 and b.unpublished_software == 1
    assert not b.has_lessons and b.needs_attention
    q = rows["München digital"]
    assert q.phase == "B" and q.open_payments == [] and q.has_lessons
    assert q.approved == Decimal("975000.00") - Decimal("130000.00")  # no phase A lines
    assert q.paid == Decimal("100000.00") and not q.needs_attention
    assert q.next_due is not None and str(q.next_due_what) == "Nachweis"
    (round_total,) = board.rounds
    assert round_total.projects == 2 and round_total.paid == Decimal("140000.00")
    assert round_total.approved == Decimal("1820000.00")


def test_filters_and_sort(two):
    def names(**query):
        return [r.name for r in office_board(OfficeFilter.from_query(query), today=TODAY).rows]

    assert names() == ["München digital", "Solingen vernetzt"]
    assert names(attention="1") == ["Solingen vernetzt"]
    assert names(phase="B") == ["München digital"]
    assert names(state="BY") == ["München digital"]
    assert names(round=str(YEAR + 5)) == []
    assert names(sort="overdue") == ["Solingen vernetzt", "München digital"]
    assert names(sort="paid_share") == ["München digital", "Solingen vernetzt"]
    # hostile or unknown values fall back to no filter / the default sort
    assert names(round="20x6", phase="Z", state="<b>", sort="__class__") == names()


def test_page_export_and_who_sees_it(two):
    office = office_user()
    client = Client(headers={"accept-language": "de"})
    client.force_login(office)
    page = client.get(reverse("grants:office"), {"attention": "1"}).content.decode()
    assert "Solingen vernetzt" in page and "München digital" not in page
    assert "wartet auf die zweite Freigabe" in page
    csv = client.get(reverse("grants:office_export")).content.decode("utf-8-sig")
    header, *lines = csv.splitlines()
    assert header.startswith("reference;project;round;")
    assert len(lines) == 2 and any("2, 3" in line and ";975000,00;" in line for line in lines)
    home = client.get(reverse("dashboard:home")).content.decode()
    assert reverse("grants:office") in home
    editor = grantee_user(two[0].project.organisation, "redaktion")
    client.force_login(editor)
    assert client.get(reverse("grants:office")).status_code == 403
    assert reverse("grants:office") not in client.get(reverse("dashboard:home")).content.decode()


def test_queries_do_not_grow_with_the_number_of_projects():
    office = office_user()
    client = Client()
    client.force_login(office)

    def project(n):
        notice = issued_notice(ags="09162000", title=f"Projekt {n}")
        m = measure(notice, "App", repository_url=f"https://gitlab.example/p{n}/app")
        Milestone.objects.create(measure=m, title="M", due_on=TODAY)
        pay(notice, 1, "checked", {"personnel": "10.00"})
        pay(notice, 2, "paid", {"personnel": "10.00"})
        Lesson.objects.create(project=notice.project, title="L")

    project(0)
    client.get(reverse("grants:office"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("grants:office")).status_code == 200
    for n in range(1, 6):
        project(n)
    with CaptureQueriesContext(connection) as six:
        assert client.get(reverse("grants:office")).status_code == 200
    assert len(one) == len(six)
