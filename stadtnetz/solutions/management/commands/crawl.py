# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""``stadtnetz crawl SOURCE... [--publishers FILE] [--background]``."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from stadtnetz.solutions import crawler
from stadtnetz.solutions.tasks import crawl_task


def bar(done: int, total: int, width: int = 30) -> str:
    filled = int(width * done / total) if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"


class Command(BaseCommand):
    help = (
        "Crawl repositories (https:// addresses or local paths inside the configured crawl "
        "roots) for publiccode.yml and record them in the solution catalog."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", metavar="SOURCE")
        parser.add_argument("--publishers", metavar="FILE", help="YAML list of publishers")
        parser.add_argument(
            "--background", action="store_true",
            help="only enqueue the crawl as a background task (a worker runs it)",
        )  # fmt: skip

    def handle(self, *args, **options):
        targets = [{"source": s, "organisation": None} for s in options["sources"]]
        if options["publishers"]:
            try:
                targets += crawler.load_publishers(options["publishers"])
            except crawler.PublishersError as error:
                raise CommandError(str(error)) from None
        if not targets:
            raise CommandError("Give at least one SOURCE or --publishers FILE.")
        run = crawler.run_create(targets=targets)
        if options["background"]:
            crawl_task.enqueue(run.pk)
            self.stdout.write(f"crawl run {run.pk} queued ({len(targets)} sources)")
            return
        interactive = sys.stderr.isatty()

        def progress(current, log):
            line = f"{bar(current.processed, current.total)} {log.outcome:<13} {log.source[:60]}"
            if interactive:
                self.stderr.write("\r" + line.ljust(110), ending="")
            else:
                self.stderr.write(line)

        run = crawler.crawl_run(run.pk, progress=progress)
        if interactive:
            self.stderr.write("")
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(run.counts.items()))
        self.stdout.write(f"crawl run {run.pk}: {run.processed} sources ({summary})")
        for log in run.logs.exclude(outcome__in=["new", "updated", "unchanged", "merged"]):
            self.stdout.write(f"  {log.outcome}: {log.source} – {log.message}")
