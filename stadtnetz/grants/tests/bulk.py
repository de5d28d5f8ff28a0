# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Many funded projects written in bulk, for bench/grants.py and the query-count tests.

``grants_bulk(projects, measures=10, milestones=5, payments=20)`` writes ``projects`` model
projects (cooperations, spread over three rounds and all states given), each with a grant notice
(plan version 1 and a version 2 with three years × three categories per phase), its reporting
schedule, phases, ``measures`` measures (every third names a repository; a third of those are in
the solution catalog, valid or without publiccode.yml), ``milestones`` milestones per measure
(some overdue), ``payments`` payment requests with two lines each in every state, submitted and
accepted statements with expenditure, and a lesson for every other project. Rows go in with
``bulk_create``; no service runs (the services are tested on their own)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

STATUSES = ["paid", "paid", "paid", "released", "checked", "submitted", "draft", "changes",
            "withdrawn", "paid"]  # fmt: skip
CATEGORIES = ["personnel", "third_party", "investment"]


def grants_bulk(projects: int, *, measures: int = 10, milestones: int = 5, payments: int = 20,
                prefix: str = "bulk", call=None) -> list:  # fmt: skip
    from stadtnetz.municipalities.models import State
    from stadtnetz.organisations.models import Organisation
    from stadtnetz.projects.models import Lesson, Measure, ModelProject, ProjectPhase
    from stadtnetz.solutions.models import CrawlState, Solution

    from ..models import (
        GrantNotice,
        Milestone,
        PaymentLine,
        PaymentRequest,
        PlanLine,
        PlanVersion,
        Report,
        ReportExpenditure,
    )

    today = timezone.localdate()
    start = dt.date(today.year - 1, 1, 1)
    end = dt.date(today.year + 2, 12, 31)
    years = [start.year, start.year + 1, start.year + 2]
    states = list(State.objects.order_by("key"))
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Kooperation {prefix} {n}", slug=f"{prefix}-org-{n}", kind="cooperation")
        for n in range(projects)
    )  # fmt: skip
    project_rows = ModelProject.objects.bulk_create(
        ModelProject(name=f"Modellprojekt {prefix} {n:04d}", slug=f"{prefix}-{n}",
                     round_year=2019 + n % 3, organisation=organisations[n],
                     category="kooperation", kind_as_listed="Kooperation", call=call)
        for n in range(projects)
    )  # fmt: skip
    if states:
        through = ModelProject.states.through
        through.objects.bulk_create(
            through(modelproject_id=p.pk, state_id=states[n % len(states)].pk)
            for n, p in enumerate(project_rows)
        )
    notices = GrantNotice.objects.bulk_create(
        GrantNotice(project=p, reference=f"MPSC-{prefix}-{n:05d}", funding_rate=Decimal("65.00"),
                    starts_in_phase="B" if n % 2 else "A", period_start=start, period_end=end)
        for n, p in enumerate(project_rows)
    )  # fmt: skip
    ProjectPhase.objects.bulk_create(
        ProjectPhase(project=p, phase=phase, status=status)
        for n, p in enumerate(project_rows)
        for phase, status in (("A", "skipped" if n % 2 else "completed"), ("B", "running"))
    )  # fmt: skip
    versions = PlanVersion.objects.bulk_create(
        PlanVersion(notice=notice, number=number, period_end=end)
        for notice in notices
        for number in (1, 2)
    )
    PlanLine.objects.bulk_create(
        PlanLine(version=v, phase=phase, year=year, category=category,
                 eligible_costs=Decimal("200000.00"), grant=Decimal("130000.00"))
        for v in versions
        for phase in ("A", "B")
        for year in years
        for category in CATEGORIES
    )  # fmt: skip
    reports = Report.objects.bulk_create(
        [Report(notice=notice, kind="interim", period_year=year,
                due_on=dt.date(year + 1, 4, 30), status=status)
         for notice in notices
         for year, status in ((years[0], "accepted"), (years[1], "submitted"), (years[2], "due"))]
        + [Report(notice=notice, kind="final", due_on=dt.date(end.year + 1, 6, 30))
           for notice in notices]
    )  # fmt: skip
    ReportExpenditure.objects.bulk_create(
        ReportExpenditure(report=r, phase="B", year=r.period_year, category=category,
                          amount=Decimal("90000.00"))
        for r in reports if r.kind == "interim" and r.status != "due"
        for category in CATEGORIES
    )  # fmt: skip
    solutions = Solution.objects.bulk_create(
        Solution(name=f"Lösung {prefix} {n}", repository_url=f"https://git.example/{prefix}/{n}",
                 repository_key=f"git.example/{prefix}/{n}", valid=n % 2 == 0,
                 publiccode_raw="name: x" if n % 2 == 0 else "",
                 crawl_state=CrawlState.OK if n % 2 == 0 else CrawlState.NO_PUBLICCODE)
        for n in range(projects)
    )  # fmt: skip
    measure_rows = Measure.objects.bulk_create(
        Measure(project=p, title=f"Maßnahme {m}", description="…",
                status="done" if m == 0 else "in_progress",
                repository_url=(f"https://git.example/{prefix}/{n}" if m == 1
                                else f"https://git.example/{prefix}/none-{n}-{m}" if m % 3 == 2
                                else ""))
        for n, p in enumerate(project_rows)
        for m in range(measures)
    )  # fmt: skip
    assert len(solutions) == projects
    Milestone.objects.bulk_create(
        Milestone(measure=measure, title=f"Meilenstein {k}",
                  due_on=today + dt.timedelta(days=30 * (k - 1)),
                  status="reached" if k == 0 else "planned",
                  reached_on=today - dt.timedelta(days=40) if k == 0 else None)
        for measure in measure_rows
        for k in range(milestones)
    )  # fmt: skip
    requests = PaymentRequest.objects.bulk_create(
        PaymentRequest(notice=notice, number=k + 1, phase="B", year=years[k % 3],
                       due_by=today, status=STATUSES[k % len(STATUSES)],
                       paid_on=today if STATUSES[k % len(STATUSES)] == "paid" else None)
        for notice in notices
        for k in range(payments)
    )  # fmt: skip
    PaymentLine.objects.bulk_create(
        PaymentLine(request=r, category=category, expenditure=Decimal("2000.00"),
                    grant=Decimal("1300.00"))
        for r in requests
        for category in CATEGORIES[:2]
    )  # fmt: skip
    Lesson.objects.bulk_create(
        Lesson(project=p, title="Was wir lernten") for n, p in enumerate(project_rows) if n % 2
    )
    return notices
