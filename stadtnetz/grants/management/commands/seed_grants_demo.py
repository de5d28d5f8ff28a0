# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Demo data for the funded life of model projects (issue 12), on top of ``seed-review-demo``.

The demo call "Demo-Auswahlrunde" has reviewed applications but no decision. This command lets
the programme office select the two best-ranked ones (review services), and issues their grant
notices (grant services):

- **project in phase A**: period from 1 January of this year, strategy not yet approved;
- **project in phase B** (direct start with an existing strategy): period from 1 January of last
  year, so that last year's interim statement is overdue; measures with milestones (one overdue),
  a software measure whose repository the catalog knows and one without a repository (it blocks
  the final statement);
- payment requests (one paid, one open) and a change request are added through the payment and
  change services once those exist (``stadtnetz.grants.services.payments`` / ``changes``).

Idempotent: what exists is left alone, what is missing is added. Development only (refused unless
DEBUG or --force). Accounts: the office ``programmbuero`` (from seed-demo), a second office user
``programmbuero2`` for the four-eyes release, and ``foerderung-redaktion``, editor of both
funded organisations; password as printed.
"""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from stadtnetz.organisations.models import Membership, Role
from stadtnetz.programmes.models import Call
from stadtnetz.projects.models import FieldOfAction, Measure
from stadtnetz.users.models import User

from ...models import GrantNotice, Milestone
from ...services import notice as notice_services
from ...services import obligations
from ...services.notice import LineInput

PASSWORD = "stadtnetz-demo"  # noqa: S105 - demo only, printed
CALL_CODE = "demo-auswahlrunde"
EDITOR = "foerderung-redaktion"
SECOND_OFFICE = "programmbuero2"
CATALOG_REPOSITORY = "https://github.com/it-at-m/mucgpt"  # in the German catalog (seed-solutions)


def _plan(phase_years: dict[str, list[int]], scale: Decimal) -> list[LineInput]:
    lines = []
    shares = {"personnel": Decimal("0.45"), "third_party": Decimal("0.35"),
              "investment": Decimal("0.20")}  # fmt: skip
    for phase, years in phase_years.items():
        for year in years:
            for category, share in shares.items():
                lines.append(LineInput(phase=phase, year=year, category=category,
                                       eligible_costs=(scale * share).quantize(Decimal("1"))))  # fmt: skip
    return lines


class Command(BaseCommand):
    help = "Seed grant notices and the funded life of two demo projects (idempotent, DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is for development only (DEBUG is off).")
        office = User.objects.filter(username="programmbuero").first()
        call = Call.objects.filter(code=CALL_CODE).first()
        if office is None or call is None:
            raise CommandError("Run seed-demo and seed-review-demo first.")
        with transaction.atomic():
            summary = self._seed(office, call)
        self.stdout.write(
            f"Grants demo: {summary}. Office 'programmbuero' and '{SECOND_OFFICE}', grantee "
            f"editor '{EDITOR}' (password {PASSWORD})."
        )

    # --- accounts ---------------------------------------------------------------------------

    def _user(self, username: str, first: str, last: str, **flags) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email_verified_at": timezone.now(),
                      "email": f"{username}@demo.stadtnetz.invalid", **flags},
        )  # fmt: skip
        if created:
            user.set_password(PASSWORD)
            user.save()
        return user

    # --- the seed ---------------------------------------------------------------------------

    def _seed(self, office, call) -> str:
        from stadtnetz.reviews import selectors as review_selectors
        from stadtnetz.reviews.models import ReviewCase, ReviewState
        from stadtnetz.reviews.services import decisions

        self._user(SECOND_OFFICE, "Otto", "Programmbüro", is_programme_office=True)
        editor = self._user(EDITOR, "Frieda", "Förderung")
        selected = list(
            ReviewCase.objects.filter(call=call, state=ReviewState.SELECTED)
            .select_related("application__organisation", "model_project", "call")
            .order_by("pk")
        )
        if len(selected) < 2:
            ranked = [r.case for r in review_selectors.ranking(call, parts=False)
                      if r.case.state == ReviewState.REVIEWED]  # fmt: skip
            for case in ranked[: 2 - len(selected)]:
                decisions.decision_record(actor=office, case=case, outcome="selected",
                                          reason="Demo: ausgewählt von der Jury.")  # fmt: skip
            selected = list(
                ReviewCase.objects.filter(call=call, state=ReviewState.SELECTED)
                .select_related("application__organisation", "model_project", "call")
                .order_by("pk")
            )
        if len(selected) < 2:
            raise CommandError("The demo call has fewer than two reviewed applications.")
        phase_a_case, phase_b_case = selected[0], selected[1]
        for case in (phase_a_case, phase_b_case):
            Membership.objects.get_or_create(user=editor,
                                             organisation=case.application.organisation,
                                             defaults={"role": Role.EDITOR})  # fmt: skip
        year = timezone.localdate().year
        self._notice(office, phase_a_case, start=dt.date(year, 1, 1),
                                end=dt.date(year + 3, 12, 31), starts_in="A",
                                plan=_plan({"A": [year], "B": [year + 1, year + 2, year + 3]},
                                           Decimal("900000")))  # fmt: skip
        notice_b = self._notice(office, phase_b_case, start=dt.date(year - 1, 1, 1),
                                end=dt.date(year + 2, 12, 31), starts_in="B",
                                plan=_plan({"B": [year - 1, year, year + 1, year + 2]},
                                           Decimal("1400000")))  # fmt: skip
        self._work_plan(editor, notice_b)
        done = ["2 grant notices (phase A, phase B)", "work plan with milestones"]
        done += self._payments(office, editor, notice_b)
        done += self._change_request(office, editor, notice_b)
        return ", ".join(done)

    def _notice(self, office, case, *, start, end, starts_in, plan) -> GrantNotice:
        existing = GrantNotice.objects.filter(project_id=case.model_project_id).first()
        if existing is not None:
            return existing
        return notice_services.notice_issue(
            actor=office, case=case, period_start=start, period_end=end,
            starts_in_phase=starts_in, lines=plan,
            conditions=["Die ANBest-GK sind Bestandteil dieses Bescheids.",
                        "Software wird unter einer offenen Lizenz in einem öffentlichen "
                        "Repository veröffentlicht."],
        )  # fmt: skip

    def _work_plan(self, editor, notice) -> None:
        from stadtnetz.projects.services import measure_save

        project = notice.project
        fields = list(FieldOfAction.objects.order_by("position")[:1])
        if not fields:
            raise CommandError("Run import-model-projects first (the fields of action).")
        today = timezone.localdate()
        plan = [
            ("Urbane Datenplattform", CATALOG_REPOSITORY,
             [("Ausschreibung veröffentlicht", today - dt.timedelta(days=200), "reached"),
              ("Pilotbetrieb", today - dt.timedelta(days=10), "planned"),
              ("Regelbetrieb", today + dt.timedelta(days=120), "planned")]),
            ("Bürger-App", "",
             [("Prototyp", today + dt.timedelta(days=45), "planned")]),
            ("Beteiligungswerkstätten", "",
             [("Drei Werkstätten durchgeführt", today + dt.timedelta(days=90), "planned")]),
        ]  # fmt: skip
        for title, repository, milestones in plan:
            measure = Measure.objects.filter(project=project, title=title).first()
            if measure is None:
                measure = measure_save(
                    actor=editor, project=project, fields_of_action=fields,
                    values={"title": title, "description": f"Demo-Maßnahme: {title}.",
                            "status": "in_progress"},
                )  # fmt: skip
                if repository:
                    obligations.measure_repository_set(actor=editor, measure=measure,
                                                       repository_url=repository)  # fmt: skip
            if title == "Bürger-App":
                if not hasattr(measure, "software_obligation"):
                    obligations.software_flag_set(actor=editor, measure=measure,
                                                  produces_software=True)  # fmt: skip
            for name, due, status in milestones:
                if not Milestone.objects.filter(measure=measure, title=name).exists():
                    Milestone.objects.create(
                        measure=measure, title=name, due_on=due, status=status,
                        reached_on=due if status == "reached" else None,
                    )  # fmt: skip

    def _payments(self, office, editor, notice) -> list[str]:
        """A paid request and one that waits for the second approval (payment service)."""
        try:
            payments = importlib.import_module("stadtnetz.grants.services.payments")
        except ImportError:
            return ["payment requests: waiting for the payment service"]
        if notice.payment_requests.exists():
            return ["payment requests (existing)"]
        today = timezone.localdate()
        due_by = today + dt.timedelta(weeks=3)
        second = User.objects.get(username=SECOND_OFFICE)
        paid = payments.payment_save(
            actor=editor, notice=notice, phase="B", year=today.year, due_by=due_by,
            amounts={"personnel": "50000.00", "third_party": "30000.00"},
            note="Personal und Beauftragung Datenplattform",
        )  # fmt: skip
        payments.payment_submit(actor=editor, request=paid)
        payments.payment_check(actor=office, request=paid, note="Sachlich richtig.")
        payments.payment_release(actor=second, request=paid, note="Freigegeben.")
        payments.payment_pay(actor=office, request=paid, paid_on=today)
        waiting = payments.payment_save(
            actor=editor, notice=notice, phase="B", year=today.year, due_by=due_by,
            amounts={"personnel": "20000.00", "investment": "12500.00"},
            note="Sensorik für den Pilotbetrieb",
        )  # fmt: skip
        payments.payment_submit(actor=editor, request=waiting)
        payments.payment_check(actor=office, request=waiting, note="Geprüft.")
        return ["payment requests (one paid, one waiting for the second approval)"]

    def _change_request(self, office, editor, notice) -> list[str]:
        """A budget change waiting for the office: 50,000 EUR of costs move one year later."""
        from stadtnetz.grants.models import ChangeRequest
        from stadtnetz.grants.selectors import current_plan
        from stadtnetz.grants.services import changes
        from stadtnetz.grants.services.notice import LineInput

        if ChangeRequest.objects.filter(notice=notice).exists():
            return ["change request"]
        lines = list(current_plan(notice).lines.order_by("phase", "year", "category"))
        years = sorted({line.year for line in lines if line.phase == "B"})
        shift = Decimal("50000.00")
        source = next(x for x in lines if x.phase == "B" and x.year == years[-2])
        target = next((x for x in lines if x.phase == "B" and x.year == years[-1]
                       and x.category == source.category), None)  # fmt: skip
        proposed = []
        for line in lines:
            costs = line.eligible_costs
            if line is source:
                costs -= shift
            elif line is target:
                costs += shift
            proposed.append(LineInput(phase=line.phase, year=line.year, category=line.category,
                                      eligible_costs=costs))  # fmt: skip
        if target is None:
            proposed.append(LineInput(phase="B", year=years[-1], category=source.category,
                                      eligible_costs=shift))  # fmt: skip
        changes.change_request_create(
            actor=editor, notice=notice, kind="budget", lines=proposed,
            reason="Die Ausschreibung der Sensorik verschiebt sich um ein Jahr; "
                   "50.000 EUR der Kosten werden ein Jahr später fällig.",
        )  # fmt: skip
        return ["change request (waiting for the office)"]
