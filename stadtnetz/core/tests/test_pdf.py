# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""PDF renders fetch nothing but the bundled fonts and static files (issue 14, item 16)."""

from __future__ import annotations

import http.server
import io
import re
import threading
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from stadtnetz.core import pdf


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 – the http.server API
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b'body::after { content: "FETCHED-OVER-HTTP"; }')

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    """A loopback HTTP server that records every request it gets."""
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()
    server.server_close()


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _hostile_html(base: str, outside: Path) -> str:
    return f"""<!DOCTYPE html><html lang="de"><head><title>t</title>
    <link rel="stylesheet" href="{base}/style.css">
    <link rel="stylesheet" href="{outside.as_uri()}">
    <style>@import url("{base}/import.css"); p {{ background: url("{base}/bg.png"); }}</style>
    </head><body><p>Inhalt</p><img src="{base}/img.png" alt="x">
    <img src="file:///etc/passwd" alt="y"><object data="file:///etc/passwd"></object></body></html>"""


def test_default_weasyprint_fetches_loopback_so_the_test_can_fail(loopback_server, tmp_path):
    """Without our fetcher WeasyPrint does reach the server: the refusal below is real."""
    import weasyprint

    base, hits = loopback_server
    weasyprint.HTML(string=_hostile_html(base, tmp_path / "none.css")).write_pdf()
    assert hits


def test_render_fetches_nothing_outside_the_bundle(loopback_server, tmp_path):
    base, hits = loopback_server
    outside = tmp_path / "leak.css"
    outside.write_text('body::before { content: "LOCAL-FILE-READ"; }')
    data = pdf.render_pdf(_hostile_html(base, outside))
    assert hits == []
    text = _text(data)
    assert "Inhalt" in text
    assert "FETCHED-OVER-HTTP" not in text and "LOCAL-FILE-READ" not in text
    assert b"root:" not in data


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.css",
        "ftp://127.0.0.1/x",
        "file:///etc/passwd",
        "file://otherhost/etc/passwd",
        "data:text/css,body{}",
    ],
)
def test_fetcher_refuses_foreign_urls(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.url_fetcher().fetch(url)


def test_fetcher_refuses_escapes_from_the_bundle():
    static = Path(settings.PACKAGE_DIR) / "static"
    sneaky = static.as_uri() + "/../../../../../../etc/passwd"
    with pytest.raises(pdf.RefusedURL):
        pdf.url_fetcher().fetch(sneaky)
    with pytest.raises(pdf.RefusedURL):
        pdf.url_fetcher().fetch(static.as_uri() + "/vendor/does-not-exist.css")


def test_fetcher_serves_bundled_fonts_and_static_files():
    font = pdf.font_dir() / "FiraSans-Regular.ttf"
    response = pdf.url_fetcher().fetch(font.as_uri())
    assert response.read(4) == font.read_bytes()[:4]
    response.close()
    woff2 = pdf.FONTS / "FiraSans-Regular.woff2"
    assert pdf.url_fetcher().fetch(woff2.as_uri()).read() == woff2.read_bytes()


def test_bundled_font_is_embedded():
    html = f"""<!DOCTYPE html><html lang="de"><head><title>t</title><style>
    @font-face {{ font-family: "Fira Sans"; src: url("{pdf.font_dir().as_uri()}/FiraSans-Regular.ttf"); }}
    body {{ font-family: "Fira Sans"; }}</style></head><body><p>Schrift</p></body></html>"""
    page = PdfReader(io.BytesIO(pdf.render_pdf(html))).pages[0]
    fonts = [str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()]
    assert any("Fira" in name for name in fonts), fonts  # no Fira is installed system-wide


def test_every_weasyprint_render_goes_through_the_helper():
    """No module but core/pdf.py talks to WeasyPrint, so no render can forget the fetcher."""
    offenders = []
    for path in Path(settings.PACKAGE_DIR).rglob("*.py"):
        if "tests" in path.parts or path.name == "pdf.py" and path.parent.name == "core":
            continue
        if re.search(r"\bweasyprint\b", path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(settings.PACKAGE_DIR)))
    assert offenders == []
