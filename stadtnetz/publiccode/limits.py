# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Limits on hostile input, shared by every stage (see :mod:`.validator` for what each bounds)."""

from __future__ import annotations

from typing import Any

DEFAULT_MAX_BYTES = 512 * 1024
MAX_NODES = 200_000
MAX_INDICATORS = 50_000
PRECHECK_BYTES = 64 * 1024
MAX_RESULTS = 1_000
DEFAULT_TIMEOUT = 10.0


class Abort(Exception):
    """Stop validating: the document exceeds a resource limit."""

    def __init__(self, code: str, params: dict[str, Any]) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
