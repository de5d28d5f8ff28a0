# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Demo accounts and organisations for trying Stadtnetz locally. Idempotent. Never in production."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from stadtnetz.municipalities.models import Municipality
from stadtnetz.organisations.models import Organisation, OrganisationKind, Role
from stadtnetz.organisations.services import membership_add, organisation_create
from stadtnetz.users.models import User

DEMO_PASSWORD = "stadtnetz-demo"  # noqa: S105 - printed on start, demo only
ACCOUNTS = [
    # username, first name, last name, flags
    ("admin", "Ada", "Admin", {"is_staff": True, "is_superuser": True}),
    ("programmbuero", "Paula", "Programmbüro", {"is_programme_office": True}),
    ("gutachter", "Gerd", "Gutachter", {"is_reviewer": True}),
    ("solingen-admin", "Sol", "Ingen", {}),
    ("solingen-redaktion", "Rita", "Redaktion", {}),
    ("beratung", "Bert", "Berater", {}),
]


class Command(BaseCommand):
    help = "Create demo accounts (password printed) and demo organisations. Refused unless DEBUG."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo accounts are for development only (DEBUG is off).")
        users = {}
        for username, first, last, flags in ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.stadtnetz.invalid",
                    "email_verified_at": timezone.now(),
                    **flags,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            users[username] = user
        solingen = Municipality.objects.filter(ags="05122000").first()
        if solingen is None:
            raise CommandError(
                "Import the municipality registry first (stadtnetz import-municipalities)."
            )
        organisation = Organisation.objects.filter(municipality=solingen).first()
        if organisation is None:
            organisation = organisation_create(
                actor=users["programmbuero"], kind=OrganisationKind.MUNICIPALITY,
                name="Stadt Solingen", municipality=solingen,
                description="Demo-Organisation: Klingenstadt Solingen, Modellprojekt Smart Cities 2019.",
            )  # fmt: skip
        membership_add(organisation=organisation, user=users["solingen-admin"], role=Role.ADMIN)
        membership_add(
            organisation=organisation, user=users["solingen-redaktion"], role=Role.EDITOR
        )
        if not Organisation.objects.filter(slug="beispiel-beratung").exists():
            consultancy = organisation_create(
                actor=users["beratung"], kind=OrganisationKind.CONSULTANCY,
                name="Beispiel-Beratung", description="Demo-Organisation einer Beratung.",
            )  # fmt: skip
            consultancy.slug = "beispiel-beratung"
            consultancy.save(update_fields=["slug"])
        self.stdout.write("Demo accounts (development only), password for all: " + DEMO_PASSWORD)
        for username, _first, _last, flags in ACCOUNTS:
            role = ", ".join(name for name, on in flags.items() if on) or "organisation member"
            self.stdout.write(f"  {username:<20} {role}")
