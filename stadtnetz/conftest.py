# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures: the real registry in the test database, users in every role, a browser."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone

from stadtnetz.municipalities.models import Municipality
from stadtnetz.municipalities.services import registry_import

# Playwright's sync API runs an event loop in the test thread; the ORM calls that tests make next
# to it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Import the shipped Destatis registry once per test database: tests run on real data."""
    with django_db_blocker.unblock():
        registry_import(force=True)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def registry(db):
    """The real registry; re-imported when a transactional test has flushed the tables."""
    if not Municipality.objects.filter(ags="05122000").exists():
        registry_import(force=True)
    return Municipality.objects


@pytest.fixture
def solingen(registry) -> Municipality:
    return Municipality.objects.select_related("county", "state").get(ags="05122000")


@pytest.fixture
def make_user(db):
    from stadtnetz.users.models import User

    counter = {"n": 0}

    def make(
        username: str | None = None,
        *,
        verified: bool = True,
        password: str = "Sicheres-Passwort-2026",
        **fields,
    ):
        counter["n"] += 1
        username = username or f"person{counter['n']}"
        user = User(
            username=username,
            email=fields.pop("email", f"{username}@example.org"),
            email_verified_at=timezone.now() if verified else None,
            **fields,
        )
        user.set_password(password)
        user.save()
        return user

    return make


@pytest.fixture
def password() -> str:
    return "Sicheres-Passwort-2026"


# --- Browser tests: Playwright driving Debian's Chromium, axe-core on every visited page --------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
]  # fmt: skip
AXE_SOURCE = (
    __import__("pathlib").Path(__file__).parent / "core" / "tests" / "vendor" / "axe.min.js"
).read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM}: run `make test`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def axe_violations(page) -> list[str]:
    """Run axe-core in the page (WCAG 2.1 A/AA) and describe each violation."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in v["nodes"][:5]
        )
        for v in result["violations"]
    ]


NARROW_WIDTH = 320  # CSS pixels: WCAG 1.4.10 reflow (1280 px at 400 % zoom)

# The elements wider than the viewport that are not inside a region scrolling on its own.
_OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const inScroller = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll' || style.overflowX === 'hidden') return true;
    }
    return false;
  };
  return Array.from(document.body.querySelectorAll('*'))
    .filter(el => el.getBoundingClientRect().right > width + 1 && !inScroller(el))
    .filter(el => getComputedStyle(el).position !== 'absolute' || el.getBoundingClientRect().width > 1)
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
         (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
         ' (' + Math.round(el.getBoundingClientRect().right) + ' px)');
}"""


def horizontal_overflow(page) -> list[str]:
    """What makes the page scroll sideways, empty when it does not."""
    return page.evaluate(_OVERFLOW_SCRIPT)


@pytest.fixture
def check_a11y():
    """axe (WCAG 2.1 A/AA) at the page's width and at 320 px, where nothing may scroll sideways."""
    visited: list[str] = []

    def check(page) -> None:
        problems = axe_violations(page)
        visited.append(page.url)
        assert problems == [], f"axe found WCAG 2.1 A/AA violations on {page.url}:\n" + "\n".join(
            problems
        )
        size = page.viewport_size or {"width": 1280, "height": 720}
        if size["width"] <= NARROW_WIDTH:
            return
        page.set_viewport_size({"width": NARROW_WIDTH, "height": size["height"]})
        try:
            page.wait_for_timeout(50)  # one layout pass
            overflow = horizontal_overflow(page)
            assert overflow == [], (
                f"{page.url} scrolls sideways at {NARROW_WIDTH} px (WCAG 1.4.10): "
                + "; ".join(overflow)
            )
            narrow = axe_violations(page)
            assert narrow == [], (
                f"axe found WCAG 2.1 A/AA violations at {NARROW_WIDTH} px on {page.url}:\n"
                + "\n".join(narrow)
            )
        finally:
            page.set_viewport_size(size)

    check.visited = visited
    return check
