# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""``stadtnetz seed-solutions``: load the German catalog (idempotent, decision 0061)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from stadtnetz.search.signals import bulk_imported
from stadtnetz.solutions.german_catalog import CatalogDataError, import_german_catalog
from stadtnetz.solutions.models import Solution


class Command(BaseCommand):
    help = (
        "Load the German catalog: the publiccode.yml files of German public-sector repositories "
        "(data/corpus-de) and the model projects' repositories without one "
        "(data/repos-without-publiccode.csv). Refuses bad files by line and reason."
    )

    def handle(self, *args, **options):
        try:
            report = import_german_catalog()
        except CatalogDataError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(f"solution catalog: {len(error.problems)} problem(s), nothing "
                               "imported") from None  # fmt: skip
        self.stdout.write(
            f"solution catalog: {report.files} publiccode.yml files ({report.with_errors} with "
            f"errors, {report.folded} copies folded into their upstream entry), "
            f"{report.without_publiccode} repositories without publiccode.yml; "
            f"{report.created} new, {report.updated} updated, {report.unchanged} unchanged; "
            f"{report.listed} entries listed; {report.links} model-project links "
            f"({len(report.unresolved_links)} unresolved)"
            + (
                f"; {report.removed_foreign} foreign seed entries removed"
                if report.removed_foreign
                else ""
            )
        )
        for text in report.unresolved_links[:5]:
            self.stdout.write(f"  model project not found: {text}")
        if len(report.unresolved_links) > 5:
            self.stdout.write(
                f"  … and {len(report.unresolved_links) - 5} more (are the model "
                "projects imported? stadtnetz import-model-projects)"
            )
        # the catalog was written in bulk: the search index follows (stadtnetz.search.signals)
        bulk_imported.send(sender=Solution)
