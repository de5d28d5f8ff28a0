# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""`stadtnetz import-model-projects [FILE]`: the 73 MPSC model projects, idempotent."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stadtnetz.municipalities.models import Municipality
from stadtnetz.projects.importer import DEFAULT_FILE, ImportRefused, model_projects_import
from stadtnetz.projects.models import ModelProject
from stadtnetz.search.signals import bulk_imported


class Command(BaseCommand):
    help = "Import the MPSC model projects (default: the shipped model-projects.csv)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if not Municipality.objects.exists():
            raise CommandError(
                "Import the municipality registry first (stadtnetz import-municipalities)."
            )
        try:
            result = model_projects_import(data=path.read_bytes(), file_name=path.name)
        except ImportRefused as refused:
            for line, reason in refused.problems:
                self.stderr.write(f"{path.name}, line {line}: {reason}")
            raise CommandError(
                f"{path.name} refused ({len(refused.problems)} problems); nothing was imported."
            ) from None
        self.stdout.write(
            f"{result.rows} model projects: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
        if result.unresolved:
            self.stdout.write(
                f"{len(result.unresolved)} names not resolved in the registry (kept visible):"
            )
            for entry in result.unresolved:
                self.stdout.write(f"  - {entry}")
        # the model projects were written in bulk: the search index follows (stadtnetz.search.signals)
        bulk_imported.send(sender=ModelProject)
