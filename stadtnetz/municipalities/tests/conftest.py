# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import pytest

from stadtnetz.municipalities.services import postcode_import


@pytest.fixture
def postcodes(registry):
    """The shipped OpenStreetMap postcode table, imported inside the test's transaction."""
    return postcode_import()
