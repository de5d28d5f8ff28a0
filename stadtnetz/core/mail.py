# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Mail is sent after the write commits, and a failing mail server never breaks the write.

A subject is flattened to one line (names and titles may hold anything older data held), and a
failure to send is logged with the request id instead of turning a saved change into a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail import send_mail
from django.db import transaction

from .text import mail_subject

logger = logging.getLogger(__name__)


def send_now(*, subject, message: str, recipients: Sequence[str], from_email=None) -> bool:
    """Send one mail; True when sent, False (and logged) when the mail server refused it."""
    try:
        send_mail(
            subject=mail_subject(subject),
            message=message,
            from_email=from_email,
            recipient_list=list(recipients),
        )
    except Exception:  # SMTP errors, BadHeaderError, socket errors: never break the caller
        logger.exception(
            "Sending mail %r to %d recipients failed", mail_subject(subject), len(recipients)
        )
        return False
    return True


def send_after_commit(*, subject, message: str, recipients: Sequence[str], from_email=None) -> None:
    """Send once the surrounding transaction has committed (at once outside a transaction)."""
    subject = mail_subject(subject)  # translate now, in the request's language
    recipients = list(recipients)
    transaction.on_commit(
        lambda: send_now(
            subject=subject, message=message, recipients=recipients, from_email=from_email
        )
    )
