# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Open-data downloads and the DCAT catalogue link to the served port (issue 16, item 2)."""

import re


def test_csv_and_dcat_use_the_served_port(client, settings, jena):
    settings.SITE_URL = "http://127.0.0.1:8101"
    body = client.get("/modellprojekte/daten/modellprojekte.csv").content.decode()
    own = re.findall(r"http://127\.0\.0\.1:\d+/modellprojekte/[^\s,;\"]+", body)
    assert len(own) >= 73 and all(":8101/" in url for url in own)
    ttl = client.get("/modellprojekte/daten/catalog.ttl").content.decode()
    assert "<http://127.0.0.1:8101/modellprojekte/daten/catalog.ttl>" in ttl
    assert "127.0.0.1:8000" not in body + ttl
