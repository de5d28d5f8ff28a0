# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Every HTML→PDF render goes through here: WeasyPrint, tagged PDF/UA, and a URL fetcher that
serves only Stadtnetz's own fonts and static files.

WeasyPrint fetches whatever an ``<img>``, ``<link>``, ``@import`` or ``url()`` names, over http(s),
ftp and ``file:``. Our PDFs contain text that users wrote, so a URL that slipped through would make
the server fetch internal addresses (SSRF) or embed local files. :class:`BundledOnlyFetcher`
refuses every URL that is not a ``file:`` URL inside the bundled roots, before anything is opened.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

FONTS = Path(settings.PACKAGE_DIR) / "static" / "vendor" / "kern" / "fonts" / "fira-sans"
FONT_WEIGHTS = ("Regular", "SemiBold", "Bold")

logger = logging.getLogger(__name__)


def font_dir() -> Path:
    """Fira Sans as TrueType, unpacked once from KERN's WOFF2 (decoding WOFF2 per PDF costs ~0.7 s)."""
    target = Path(settings.DATA_DIR) / "pdf-fonts"
    if all((target / f"FiraSans-{w}.ttf").is_file() for w in FONT_WEIGHTS):
        return target
    from fontTools.ttLib import woff2

    target.mkdir(parents=True, exist_ok=True)
    for weight in FONT_WEIGHTS:
        partial = target / f"FiraSans-{weight}.ttf.part"
        with (FONTS / f"FiraSans-{weight}.woff2").open("rb") as source, partial.open("wb") as out:
            woff2.decompress(source, out)
        partial.replace(target / f"FiraSans-{weight}.ttf")
    return target


def allowed_roots() -> tuple[Path, ...]:
    """The folders a PDF may read from: the unpacked fonts and the package's static files."""
    roots = [Path(settings.DATA_DIR) / "pdf-fonts", Path(settings.PACKAGE_DIR) / "static"]
    return tuple(root.resolve() for root in roots)


class RefusedURL(ValueError):
    """A PDF asked for a URL outside the bundled fonts and static files."""


def _bundled_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"only bundled files may be fetched, not {url[:200]!r}")
    path = Path(unquote(parts.path)).resolve()  # resolves "..", symlinks included
    if not any(path.is_relative_to(root) for root in allowed_roots()):
        raise RefusedURL(f"{path} is outside the bundled fonts and static files")
    if not path.is_file():
        raise RefusedURL(f"{path} does not exist")
    return path


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class BundledOnlyFetcher(URLFetcher):
        """Serves bundled files itself; never opens a network connection or another file."""

        def fetch(self, url, headers=None):
            try:
                path = _bundled_path(url)
            except RefusedURL:
                logger.warning("PDF render refused a URL: %s", url[:200])
                raise
            return URLFetcherResponse(path.as_uri(), path.read_bytes())

    return BundledOnlyFetcher


def url_fetcher():
    """A fresh fetcher for one render (WeasyPrint keeps per-request state on it)."""
    return _fetcher_class()(allow_redirects=False)


HEADER_SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


def _boxes(box):
    stack = [box]
    while stack:
        current = stack.pop()
        current = getattr(current, "_box", current)  # absolutely positioned placeholders
        yield current
        stack.extend(getattr(current, "children", None) or ())


def tag_header_scopes(document, pdf) -> None:
    """Give every TH structure element the Scope of its HTML ``<th scope>``.

    WeasyPrint 70 links data cells to their headers (``/Headers``) but writes no ``/Scope`` on
    the headers, which PDF/UA checkers report (Matterhorn 15-003). It keeps each cell's
    structure element on the cell's box, so this finisher can add the attribute before the
    PDF is written. A header without ``scope`` is a column header, as WeasyPrint reads it too.
    """
    for page in document.pages:
        for box in _boxes(page._page_box):
            mark = getattr(box, "mark", None)
            if mark is None or getattr(box, "element_tag", None) != "th" or "A" not in mark:
                continue
            scope = (box.element.attrib.get("scope") or "col").lower()
            mark["A"]["Scope"] = HEADER_SCOPES.get(scope, "/Column")


def render_pdf(html: str, **options) -> bytes:
    """Tagged PDF/UA-1 from HTML; resources only from the bundled fonts and static files."""
    import weasyprint

    document = weasyprint.HTML(
        string=html, base_url=FONTS.as_uri() + "/", url_fetcher=url_fetcher()
    )
    return document.write_pdf(pdf_variant="pdf/ua-1", finisher=tag_header_scopes, **options)
