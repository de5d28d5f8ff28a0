# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Security headers, language choice, error pages, legal pages and complete translations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import include, path

from stadtnetz.core import views

pytestmark = pytest.mark.django_db
LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert re.fullmatch(r"[0-9a-f]{12}", response["X-Request-ID"])


def test_no_inline_scripts_in_pages(client, registry):
    for url in ["/", "/kommunen/", "/kommunen/05122000/", "/konto/anmelden/", "/organisationen/"]:
        html = client.get(url).content.decode()
        for script in re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S):
            assert script.strip() == "", f"inline script on {url}"
        assert " onclick=" not in html and " style=" not in html


def test_german_by_default_english_by_choice(client):
    html = client.get("/", headers={"Accept-Language": "en-US,en"}).content.decode()
    assert '<html lang="de"' in html and "Zum Hauptinhalt springen" in html
    response = client.post("/sprache/", {"language": "en", "next": "/impressum/"})
    assert response.status_code == 302 and response["Location"] == "/impressum/"
    html = client.get("/impressum/").content.decode()
    assert '<html lang="en"' in html and "Skip to main content" in html
    assert '<h1 class="kern-heading-large">Imprint</h1>' in html


def test_language_switch_rejects_unknown_language_and_foreign_next(client):
    client.post("/sprache/", {"language": "xx", "next": "/"})
    assert '<html lang="de"' in client.get("/").content.decode()
    response = client.post("/sprache/", {"language": "en", "next": "https://evil.example/"})
    assert "evil.example" not in response.get("Location", "")


def test_csrf_is_enforced_on_forms():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/konto/anmelden/", {"username": "x", "password": "y"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("url", "heading"),
    [("/impressum/", "Impressum"), ("/datenschutz/", "Datenschutzerklärung"),
     ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"), ("/offene-daten/", "Offene Daten und API")],
)  # fmt: skip
def test_legal_pages(client, url, heading):
    html = client.get(url).content.decode()
    assert f'<h1 class="kern-heading-large">{heading}</h1>' in html
    assert 'href="/barrierefreiheit/"' in html  # footer link on every page


def test_accessibility_statement_names_enforcement_procedure(client):
    html = client.get("/barrierefreiheit/").content.decode()
    assert "BITV 2.0" in html and "Schlichtungsstelle" in html


def test_imprint_shows_configured_operator(client, settings):
    settings.OPERATOR_NAME = "Stadt Musterstadt, Digitalamt"
    settings.OPERATOR_EMAIL = "digital@musterstadt.example"
    html = client.get("/impressum/").content.decode()
    assert "Stadt Musterstadt, Digitalamt" in html and "digital@musterstadt.example" in html


def test_home_shows_registry_figures(client, registry):
    html = client.get("/").content.decode()
    assert "11.004" in html and "83.166.711" in html


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]
handler500 = views.server_error


def test_server_error_page_shows_request_id_not_a_trace(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    crashing = Client(raise_request_exception=False)
    response = crashing.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Traceback" not in html and "RuntimeError" not in html
    assert "Bei uns ist ein Fehler aufgetreten" in html
    assert response["X-Request-ID"] in html


def test_health(client):
    assert client.get("/healthz").json() == {"status": "ok"}


GERMAN_PO_FILES = sorted(LOCALE.parent.glob("**/locale/de/LC_MESSAGES/django.po"))


@pytest.mark.parametrize(
    "po_file", GERMAN_PO_FILES, ids=lambda p: str(p.relative_to(LOCALE.parent))
)
def test_german_translation_is_complete(po_file):
    po = po_file.read_text(encoding="utf-8")
    assert "#, fuzzy" not in po.split("\n\n", 1)[1]
    entries = po.split("\n\n")[1:]
    untranslated = [
        entry for entry in entries
        if re.search(r'^msgstr(\[\d\])? ""$', entry, flags=re.M)
        and not re.search(r'^msgstr(\[\d\])? ""\n"', entry, flags=re.M)
    ]  # fmt: skip
    assert untranslated == []
