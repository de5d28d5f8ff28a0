# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stadtnetz.municipalities.services import POSTCODE_FILE, RegistryFileError, postcode_import


class Command(BaseCommand):
    help = (
        "Import the OpenStreetMap postcode → municipality table (ODbL-1.0) so that a postcode "
        "finds every municipality that uses it. Run after import-municipalities; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(POSTCODE_FILE), help="CSV file")

    def handle(self, *args, path, **options):
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(f"{file_path}: no such file")
        try:
            report = postcode_import(path=file_path)
        except RegistryFileError as exc:
            lines = "\n".join(f"  line {line}: {reason}" for line, reason in exc.errors)
            raise CommandError(f"{file_path} was refused, nothing was changed:\n{lines}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.postcodes} postcodes for {report.municipalities} "
                f"municipalities ({report.rows} pairs); {len(report.unknown_keys)} keys unknown "
                f"to the registry were skipped: {', '.join(report.unknown_keys) or '-'}"
            )
        )
