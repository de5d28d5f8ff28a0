# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Background tasks (django-tasks: database backend in production, immediate in tests)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification_emails(notification_ids: list[int]) -> dict:
    """E-mail a batch of notifications (enqueued by services.notify after the commit)."""
    from .services import notification_emails_send

    return {"sent": notification_emails_send(notification_ids=notification_ids)}


@task()
def send_due_reminders() -> dict:
    """Run every registered reminder scan; idempotent through the dedupe keys."""
    from .services import due_reminders_run

    return due_reminders_run()
