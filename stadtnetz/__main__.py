# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The ``stadtnetz`` console command.

It wraps Django's management commands and accepts hyphenated names, so
``stadtnetz import-municipalities`` runs ``import_municipalities``.
``stadtnetz publiccode validate …`` runs the standalone publiccode.yml validator.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "publiccode":
        from stadtnetz.publiccode.cli import main as publiccode_main

        return publiccode_main(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "stadtnetz"
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
