# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.core.management.base import BaseCommand

from stadtnetz.programmes.seed import seed_programmes


class Command(BaseCommand):
    help = "Create the programme Modellprojekte Smart Cities with its rounds and an open demo call (idempotent)."

    def handle(self, *args, **options):
        created = seed_programmes()
        self.stdout.write(
            f"programmes: {created['programme']} new, calls: {created['calls']} new, "
            f"deadline extensions: {created['extensions']} new"
        )
