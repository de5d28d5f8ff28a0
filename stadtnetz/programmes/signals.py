# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""What programmes tells the apps above it, so it needs to import none of them."""

from django.dispatch import Signal

# Sent by `call_extend` after the new deadline is saved, with `call` and `record` (the
# DeadlineExtension); the applications app mails the organisations with a draft.
deadline_extended = Signal()
