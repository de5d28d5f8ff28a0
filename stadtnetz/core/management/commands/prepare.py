# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""``stadtnetz prepare [STEP …]``: migrate, collect static files and run setup steps (imports,
seeds, the search index) in one process, each only when its inputs changed since it last ran.

``make run`` calls it before serving. A step is a command line such as
``"import-municipalities"`` or ``"seed-demo --force"``; ``--always STEP`` runs a step every time
(the demo accounts, which print their names).
"""

from __future__ import annotations

import hashlib
import shlex
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stadtnetz.core.models import PreparedStep
from stadtnetz.core.prepare import step_fingerprint

STATIC_STAMP = ".stadtnetz-static-fingerprint"


class Command(BaseCommand):
    help = (
        "Migrate, collect static files and run the given setup steps, each only when its "
        "inputs changed since it last ran (--rerun runs all of them)."
    )

    def add_arguments(self, parser):
        parser.add_argument("steps", nargs="*", metavar="STEP", help='e.g. "seed-demo --force"')
        parser.add_argument("--always", action="append", default=[], metavar="STEP",
                            help="a step that runs every time (repeatable)")  # fmt: skip
        parser.add_argument("--rerun", action="store_true", help="run every step")
        parser.add_argument("--no-static", action="store_true", help="skip collectstatic")

    def handle(self, *args, steps, always, rerun, no_static, verbosity=1, **options):
        self.verbosity = verbosity
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        if not no_static and not settings.DEBUG:
            self._collectstatic(rerun)
        commands = get_commands()
        before = ""
        for step in [*steps, *(a for a in always if a not in steps)]:
            argv = shlex.split(step)
            if not argv:
                continue
            name = argv[0].replace("-", "_")
            if name not in commands:
                raise CommandError(f"{step!r}: no such command")
            if step in always:
                self._run(step, name, argv[1:])
                continue
            app_folder = Path(apps.get_app_config(commands[name].rsplit(".", 1)[-1]).path)
            fingerprint = step_fingerprint(step=step, app_folder=app_folder, before=before)
            before = fingerprint
            known = PreparedStep.objects.filter(name=step).values_list("fingerprint", flat=True)
            if not rerun and fingerprint in known:
                self._say(f"{step}: unchanged, skipped")
                continue
            self._run(step, name, argv[1:])
            PreparedStep.objects.update_or_create(
                name=step, defaults={"fingerprint": fingerprint, "prepared_at": timezone.now()}
            )
        self._say(f"Prepared in {time.perf_counter() - started:.1f} s")

    def _run(self, step: str, name: str, args: list[str]) -> None:
        self._say(f"{step}: running")
        step_started = time.perf_counter()
        call_command(name, *args, stdout=self.stdout, stderr=self.stderr)
        self._say(f"{step}: done in {time.perf_counter() - step_started:.1f} s")

    def _collectstatic(self, rerun: bool) -> None:
        """collectstatic compresses and hashes about 1,100 files (30–60 s): only on change."""
        from django.contrib.staticfiles.finders import get_finders

        found = []
        for finder in get_finders():
            for path, storage in finder.list(["CVS", ".*", "*~"]):
                found.append(Path(storage.path(path)))
        digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
        for path in sorted(found):
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        fingerprint = digest.hexdigest()
        stamp = Path(settings.STATIC_ROOT) / STATIC_STAMP
        if not rerun and stamp.is_file() and stamp.read_text().strip() == fingerprint:
            self._say("collectstatic: unchanged, skipped")
            return
        self._say("collectstatic: running (the first time takes a minute)")
        step_started = time.perf_counter()
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp.write_text(fingerprint + "\n")
        self._say(f"collectstatic: done in {time.perf_counter() - step_started:.1f} s")

    def _say(self, text: str) -> None:
        if self.verbosity:
            self.stdout.write(text)
