# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows of the search app: searching is public for everyone."""

from stadtnetz.core.tests.matrix import _all

ROWS = {
    "search:search": ("get", None, {"q": "Solingen"}, _all("ok")),
    "api:search": ("get", None, {"q": "Solingen"}, _all("ok")),
}
