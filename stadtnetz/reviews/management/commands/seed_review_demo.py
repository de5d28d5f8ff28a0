# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Demo data for review and selection: a closed call "Demo-Auswahlrunde" with about 40 submitted
applications from real registry municipalities, 12 reviewers (some conflicted), a confirmed
automatic assignment and submitted reviews with deterministic pseudo-random scores.

Idempotent: a second run changes nothing. Development only (refused unless DEBUG). The
applications are written as rows (their submission flow is demonstrated elsewhere); everything
from the formal check on goes through the review services.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from stadtnetz.municipalities.models import Municipality
from stadtnetz.organisations.models import Membership, Organisation, OrganisationKind, Role
from stadtnetz.programmes.models import Call, Criterion, Programme
from stadtnetz.programmes.services import SYSTEM_ACTOR, call_create, call_criteria_save
from stadtnetz.projects.fields_of_action import FIELDS_OF_ACTION
from stadtnetz.submissions.models import Application, ApplicationStatus, StatusRecord, Submission
from stadtnetz.users.models import User

CODE = "demo-auswahlrunde"
PASSWORD = "stadtnetz-demo"  # noqa: S105 - demo only, printed
CRITERIA = [
    {"title": "Gemeinwohl", "weight": Decimal("25"), "criteria": ["Beitrag zum Gemeinwohl", "Datenschutz und Souveränität"]},
    {"title": "Zukunftsfähigkeit und integrierte Stadtentwicklung", "weight": Decimal("25"),
     "criteria": ["Orientierung an stadtentwicklungspolitischen Zielen", "Ausrichtung an der lokalen Ausgangslage",
                  "Systematische Zukunftsbefassung"]},
    {"title": "Netzwerkstadt: Einbezug der Akteure und lokale Ressourcen", "weight": Decimal("25"),
     "criteria": ["Partizipative Strategie", "Berücksichtigung des Ressourcenbedarfs"]},
    {"title": "Stadtnetzwerk: Modellhaftigkeit", "weight": Decimal("25"),
     "criteria": ["Übertragbarkeit", "Offene Lösungen"]},
]  # fmt: skip
# Per size class (BBSR) how many applicants, spread over states.
PLAN = [("grossstadt", 100_000, None, 10), ("mittelstadt", 20_000, 100_000, 12),
        ("kleinstadt", 5_000, 20_000, 10), ("landgemeinde", 1, 5_000, 8)]  # fmt: skip


FIELD_CODES = [code for code, _name in FIELDS_OF_ACTION]


def _municipalities():
    chosen = []
    for _name, low, high, count in PLAN:
        query = Municipality.objects.filter(population__gte=low).select_related("state", "county")
        if high:
            query = query.filter(population__lt=high)
        seen_states: dict[str, int] = {}
        for municipality in query.order_by("ags"):
            if seen_states.get(municipality.state_id, 0) >= 2:
                continue
            seen_states[municipality.state_id] = seen_states.get(municipality.state_id, 0) + 1
            chosen.append(municipality)
            if (
                len(
                    [
                        m
                        for m in chosen
                        if low <= (m.population or 0) and (high is None or m.population < high)
                    ]
                )
                >= count
            ):
                break
    return chosen


class Command(BaseCommand):
    help = "Seed the demo review round 'Demo-Auswahlrunde' (idempotent, DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is for development only (DEBUG is off).")
        office = User.objects.filter(username="programmbuero").first()
        if office is None:
            raise CommandError("Run seed-demo first (the office account programmbuero is missing).")
        if Call.objects.filter(code=CODE).exists():
            self.stdout.write("Demo-Auswahlrunde exists already; nothing changed.")
        else:
            with transaction.atomic():
                self._seed(office)
        self.stdout.write(
            f"Demo review round: office 'programmbuero', reviewer 'gutachter01' (password {PASSWORD})"
        )

    def _seed(self, office):
        from stadtnetz.reviews import services

        rng = random.Random(2026)  # noqa: S311 - deterministic demo scores
        now = timezone.now()
        programme = Programme.objects.first()
        if programme is None:
            raise CommandError("Run seed-programmes first.")
        call = call_create(
            actor=SYSTEM_ACTOR, programme=programme, code=CODE, round_year=now.year, title="Demo-Auswahlrunde",
            theme="Demo", opens_at=now - dt.timedelta(days=120), closes_at=now + dt.timedelta(days=1),
            eligible_kinds=["municipality", "county", "cooperation"], max_grant_phase_a=Decimal("2500000.00"),
            max_grant_phase_b=Decimal("15000000.00"), max_duration_months=84,
        )  # fmt: skip
        call_criteria_save(actor=SYSTEM_ACTOR, call=call, groups=CRITERIA)
        Criterion.objects.filter(group__call=call, title="Offene Lösungen").update(
            allows_not_applicable=True
        )
        Call.objects.filter(pk=call.pk).update(closes_at=now - dt.timedelta(days=14))
        call.refresh_from_db()
        applications = []
        for municipality in _municipalities():
            organisation = Organisation.objects.filter(
                municipality=municipality, kind="municipality"
            ).first()
            if organisation is None:
                organisation = Organisation.objects.create(
                    name=f"Gemeinde {municipality.name}"[:200], slug=f"demo-{municipality.ags}",
                    kind=OrganisationKind.MUNICIPALITY, municipality=municipality,
                )  # fmt: skip
            grant = Decimal(rng.randrange(8, 120) * 50_000)
            application = Application.objects.create(
                call=call, organisation=organisation, title=f"{municipality.name} vernetzt"[:200],
                status=ApplicationStatus.SUBMITTED, created_by=office,
            )  # fmt: skip
            size = municipality.size_class
            Submission.objects.create(
                application=application, version=1, receipt_number=f"SN-DEMO-{application.pk:06d}",
                submitted_at=call.closes_at - dt.timedelta(days=rng.randrange(1, 20)),
                snapshot={"sections": [], "budget": {"lines": []}}, total_costs=grant * 2, requested_grant=grant,
                organisation_kind=organisation.kind, size_class=str(size.value) if size else "",
                state_code=municipality.state.code,
            )  # fmt: skip
            StatusRecord.objects.create(
                application=application, status=ApplicationStatus.SUBMITTED, note="demo"
            )
            applications.append(application)
        cases = services.review_open(actor=office, call=call)
        items = list(call.checklist_items.all())
        for n, case in enumerate(cases):
            failed = n == 7
            results = [services.ItemResult(i.pk, not (failed and i.position == 2),
                                           "Ratsbeschluss fehlt" if failed and i.position == 2 else "") for i in items]  # fmt: skip
            # main fields of action, so that the assignment's expertise matching shows in the demo
            services.formal_check_record(actor=office, case=case, results=results,
                                         main_field=FIELD_CODES[n % len(FIELD_CODES)])  # fmt: skip
        reviewers = []
        for n in range(1, 13):
            user, created = User.objects.get_or_create(
                username=f"gutachter{n:02d}",
                defaults={"first_name": f"Gutachterin {n}", "last_name": "Demo", "is_reviewer": True,
                          "email": f"gutachter{n:02d}@demo.stadtnetz.invalid", "email_verified_at": now},
            )  # fmt: skip
            if created:
                user.set_password(PASSWORD)
                user.save()
            reviewers.append(user)
            services.pool_invite(actor=office, call=call, reviewer=user,
                                 expertise=[FIELD_CODES[n % len(FIELD_CODES)], FIELD_CODES[(n + 3) % len(FIELD_CODES)]])  # fmt: skip
        # Some reviewers work for an applicant: automatic conflicts.
        for reviewer, application in zip(reviewers[:3], applications[::9], strict=False):
            Membership.objects.get_or_create(user=reviewer, organisation=application.organisation,
                                             defaults={"role": Role.MEMBER})  # fmt: skip
        in_review = [
            c for c in services.review_open(actor=office, call=call) if c.state == "in_review"
        ]
        for reviewer in reviewers:
            for case in in_review:
                services.conflict_declare(actor=reviewer, case=case, conflicted=rng.random() < 0.04)
        proposal = services.assignment_propose(call=call)
        if proposal.status != "optimal":
            raise CommandError(f"No demo assignment: {proposal.reason}")
        services.assignment_confirm(actor=office, call=call, pairs=proposal.pairs)
        keys = [item["key"] for item in services.review_items(call)]
        for case in in_review:
            quality = rng.uniform(1.5, 4.8)
            for assignment in case.assignments.filter(removed_at__isnull=True).select_related(
                "reviewer"
            ):
                review = services.review_get_or_create(reviewer=assignment.reviewer, case=case)
                scores = {
                    k: str(max(0, min(5, round(quality + rng.uniform(-1.2, 1.2))))) for k in keys
                }
                recommendation = (
                    "fund" if quality > 3.6 else "conditions" if quality > 2.6 else "no"
                )
                services.review_save(actor=assignment.reviewer, review=review, scores=scores, comments={},
                                     recommendation=recommendation, summary="Demo-Gutachten.")  # fmt: skip
                services.review_submit(actor=assignment.reviewer, review=review)
        self.stdout.write(
            f"Demo-Auswahlrunde: {len(applications)} applications, {len(reviewers)} reviewers."
        )
