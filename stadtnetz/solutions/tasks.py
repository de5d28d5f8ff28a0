# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Background tasks (django-tasks: database backend in production, immediate in tests)."""

from __future__ import annotations

from django_tasks import task

from . import crawler


@task()
def crawl_task(run_id: int) -> dict:
    """Crawl every source of a CrawlRun; progress is visible on the staff status page."""
    run = crawler.crawl_run(run_id)
    return {"run": run.pk, "processed": run.processed, "counts": run.counts}
