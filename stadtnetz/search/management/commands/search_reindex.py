# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""``stadtnetz search-reindex [--type KEY …]``: rebuild the search index from its providers."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from stadtnetz.search import registry
from stadtnetz.search.services import search_reindex


class Command(BaseCommand):
    help = "Rebuild the search index (all types, or those given with --type). Safe to repeat."

    def add_arguments(self, parser):
        parser.add_argument(
            "--type",
            action="append",
            dest="types",
            metavar="KEY",
            help="only this type (repeatable): "
            + ", ".join(provider.key for provider in registry.providers()),
        )

    def handle(self, *args, types=None, verbosity=1, **options):
        started = time.perf_counter()
        try:
            report = search_reindex(keys=types)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            for key, count in report.counts.items():
                self.stdout.write(f"{key}: {count} documents")
            if report.removed:
                self.stdout.write(f"removed {report.removed} documents of types no longer known")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Search index rebuilt: {sum(report.counts.values())} documents "
                    f"in {time.perf_counter() - started:.1f} s"
                )
            )
