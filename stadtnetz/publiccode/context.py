# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""State of one validation run and how results are recorded; the stages build on it."""

from __future__ import annotations

from typing import Any

import yaml

from .limits import MAX_NODES, MAX_RESULTS, Abort
from .messages import MESSAGES, Result, describe
from .nodes import find_key_position


def _last_segment(key: str) -> str:
    return key.rsplit(".", 1)[-1]


class Context:
    """Options, node tree, results and node budget of one run; the stage mixins extend it."""

    def __init__(self, *, base_path: str | None, network: bool, timeout: float) -> None:
        self.base_path = base_path
        self.network = network
        self.timeout = timeout
        self.root: yaml.Node | None = None
        self.results: list[Result] = []
        self.budget = MAX_NODES
        self.duplicates_seen: set[int] = set()

    # -- results --------------------------------------------------------------------------

    def add(
        self,
        kind: str,
        key: str,
        code: str,
        params: dict[str, Any] | None = None,
        position: tuple[int, int] | None = None,
    ) -> None:
        if len(self.results) >= MAX_RESULTS:
            raise Abort("too_many_results", {"limit": MAX_RESULTS})
        params = params or {}
        if "f" not in params and "{f}" in MESSAGES[code][0]:
            params["f"] = _last_segment(key)
        line, column = position if position is not None else find_key_position(self.root, key)
        self.results.append(Result(kind, key, describe(code, params), line, column, code, params))

    def error(self, key: str, code: str, /, **params: Any) -> None:
        self.add("error", key, code, params)

    def warning(self, key: str, code: str, /, **params: Any) -> None:
        self.add("warning", key, code, params)
