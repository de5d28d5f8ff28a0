# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stadtnetz.municipalities.models import Municipality
from stadtnetz.municipalities.services import (
    DEFAULT_FILE,
    DEFAULT_POPULATION_DATE,
    DEFAULT_SOURCE,
    RegistryFileError,
    registry_import,
)
from stadtnetz.search.signals import bulk_imported


class Command(BaseCommand):
    help = (
        "Import the Destatis municipality directory (Gemeindeverzeichnis CSV). Idempotent: the "
        "same file twice changes nothing; a malformed file is refused with line and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FILE), help="CSV file")
        parser.add_argument(
            "--population-date",
            default=DEFAULT_POPULATION_DATE.isoformat(),
            help="reference date of the population figures (YYYY-MM-DD)",
        )
        parser.add_argument("--source", default=DEFAULT_SOURCE, help="source and licence note")
        parser.add_argument(
            "--force", action="store_true", help="import even if this file was the last import"
        )

    def handle(self, *args, path, population_date, source, force, **options):
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(f"{file_path}: no such file")
        try:
            date = dt.date.fromisoformat(population_date)
        except ValueError:
            raise CommandError(f"--population-date: not a date: {population_date!r}") from None
        try:
            report = registry_import(
                path=file_path, population_date=date, source=source, force=force
            )
        except RegistryFileError as exc:
            lines = "\n".join(
                f"  line {line}: {reason}" if line else f"  {reason}" for line, reason in exc.errors
            )
            raise CommandError(f"{file_path} was refused, nothing was changed:\n{lines}") from None
        if report.unchanged_file:
            self.stdout.write(
                f"Registry is up to date ({report.municipalities} municipalities from "
                f"{file_path.name}); nothing to do."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file_path.name}: {report.states} states, {report.counties} counties, "
                f"{report.municipalities} municipalities ({report.created} new, {report.updated} "
                f"updated, {report.dissolved} marked dissolved)."
            )
        )
        # the registry was written in bulk: the search index follows (stadtnetz.search.signals)
        bulk_imported.send(sender=Municipality)
