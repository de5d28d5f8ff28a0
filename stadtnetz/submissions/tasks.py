# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Background tasks (django-tasks: database backend in production, immediate in tests)."""

from __future__ import annotations

from django_tasks import task


@task()
def render_submission_pdf_task(submission_id: int) -> dict:
    """Render the PDF of a committed submission, store it with its hash, send the receipt."""
    from .services import submission_render_pdf

    submission = submission_render_pdf(submission_id=submission_id)
    return {"submission": submission.pk, "pdf_sha256": submission.pdf_sha256}
