# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""`stadtnetz import-project-knowledge`: profiles, measures, lessons, transfers; idempotent."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stadtnetz.projects.knowledge_import import DEFAULT_FILES, KnowledgeRefused, knowledge_import
from stadtnetz.projects.models import Measure, ModelProject
from stadtnetz.search.signals import bulk_imported


class Command(BaseCommand):
    help = (
        "Import the model projects' profiles, measures, lessons and documented transfers "
        "(default: the shipped files in stadtnetz/projects/data/). All four or nothing."
    )

    def add_arguments(self, parser):
        for name, path in DEFAULT_FILES.items():
            parser.add_argument(f"--{name}", default=str(path), help=f"default: {path.name}")

    def handle(self, *args, **options):
        if not ModelProject.objects.exists():
            raise CommandError("Import the model projects first (stadtnetz import-model-projects).")
        files = {}
        for name in DEFAULT_FILES:
            path = Path(options[name])
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            files[name] = path.read_bytes()
        try:
            result = knowledge_import(files=files)
        except KnowledgeRefused as refused:
            for file_name, line, reason in refused.problems:
                self.stderr.write(f"{file_name}, line {line}: {reason}")
            raise CommandError(
                f"Refused ({len(refused.problems)} problems); nothing was imported."
            ) from None
        for kind, counts in result.counts.items():
            self.stdout.write(
                f"{kind}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged."
            )
        if result.kept_editor_changes:
            self.stdout.write(
                f"{len(result.kept_editor_changes)} fields changed by editors were kept:"
            )
            for entry in result.kept_editor_changes:
                self.stdout.write(f"  - {entry}")
        if result.unresolved:
            self.stdout.write(
                f"{len(result.unresolved)} adopters not resolved in the registry (kept visible):"
            )
            for entry in result.unresolved:
                self.stdout.write(f"  - {entry}")
        # measures and lessons were written in bulk: the search index follows (stadtnetz.search.signals)
        bulk_imported.send(sender=Measure)
