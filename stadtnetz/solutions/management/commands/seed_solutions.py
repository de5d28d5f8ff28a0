# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""``stadtnetz seed-solutions``: load the shipped publiccode.yml corpus (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from stadtnetz.solutions.services import seed_corpus


class Command(BaseCommand):
    help = "Load the 95 shipped publiccode.yml files as catalog entries (imported, not crawled)."

    def handle(self, *args, **options):
        report = seed_corpus()
        self.stdout.write(
            f"solution catalog: {report.total} files, {report.created} new, "
            f"{report.unchanged} already present"
        )
