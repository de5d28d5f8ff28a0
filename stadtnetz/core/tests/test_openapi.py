# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The API contract: the served OpenAPI document equals the committed snapshot.

After an intended API change, regenerate the snapshot with `make openapi` and commit it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def test_openapi_matches_committed_snapshot(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    served = response.json()
    assert served["openapi"].startswith("3.")
    paths = served["paths"]
    for path in ["/api/v1/states", "/api/v1/counties", "/api/v1/municipalities",
                 "/api/v1/municipalities/{ags}", "/api/v1/organisations",
                 "/api/v1/organisations/{organisation_id}", "/api/v1/auth/token"]:  # fmt: skip
        assert path in paths, path
    rendered = json.dumps(served, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_OPENAPI") == "1":
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    if not SNAPSHOT.exists():
        pytest.fail(f"{SNAPSHOT} is missing: run `make openapi` and commit it")
    assert rendered == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API changed. If intended, run `make openapi` and commit docs/openapi.json."
    )


def test_api_docs_page_is_served_without_cdn(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html
