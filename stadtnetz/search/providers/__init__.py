# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Search providers of the content types. Each module registers its provider when imported.

The providers live here so that the search app owns what goes into its index; an app that wants
to own its provider can move the module into its own package and register it from its
``AppConfig.ready`` (see docs/search.md).
"""

from __future__ import annotations

import importlib
import logging

logger = logging.getLogger(__name__)

MODULES = ["municipalities", "organisations", "projects", "solutions", "programmes"]


def load() -> None:
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
