# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Listing code-host groups: GitHub organisations/users and GitLab groups with subgroups.

The hosts' APIs cannot be reached from here; a small HTTP server on this machine answers in
their documented shapes (paging, 404 for a user, errors, oversized and broken answers), and the
crawler asks it through the same code path as a real host.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from stadtnetz.solutions import codehosts, crawler
from stadtnetz.solutions.models import CrawlLog, CrawlRun

GITLAB = {  # group path → its public projects (subgroups included), in pages of PER_PAGE
    "stadt/digital": [f"https://git.example.org/stadt/digital/app-{n}" for n in range(5)]
    + ["https://elsewhere.example.com/evil/repo", "http://git.example.org/stadt/plain"],
}
GITHUB_ORGS = {"musterstadt": ["https://github.example.org/musterstadt/portal"]}
GITHUB_USERS = {"maxmuster": ["https://github.example.org/maxmuster/tool"]}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - the http.server interface
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        page, per_page = int(query["page"][0]), int(query["per_page"][0])
        path = parts.path
        if path.startswith("/gitlab/api/v4/groups/"):
            group = path.removeprefix("/gitlab/api/v4/groups/").removesuffix("/projects")
            group = group.replace("%2F", "/")
            if group == "kaputt":
                return self._send(500, b'{"message": "error"}')
            if group == "kein-json":
                return self._send(200, b"<html>")
            if group == "riesig":
                return self._send(200, b"[" + b" " * (codehosts.MAX_PAGE_BYTES + 10) + b"]")
            if group not in GITLAB:
                return self._send(404, b'{"message": "404 Group Not Found"}')
            assert query["include_subgroups"] == ["true"] and query["archived"] == ["false"]
            items = GITLAB[group][(page - 1) * per_page : page * per_page]
            return self._send(200, json.dumps([{"web_url": url} for url in items]).encode())
        if path.startswith("/github/orgs/"):
            owner = path.split("/")[3]
            if owner not in GITHUB_ORGS:
                return self._send(404, b'{"message": "Not Found"}')
            items = GITHUB_ORGS[owner][(page - 1) * per_page : page * per_page]
            return self._send(200, json.dumps([{"html_url": u} for u in items]).encode())
        if path.startswith("/github/users/"):
            owner = path.split("/")[3]
            items = GITHUB_USERS.get(owner, [])[(page - 1) * per_page : page * per_page]
            return self._send(200, json.dumps([{"html_url": u} for u in items]).encode())
        return self._send(404, b"{}")


@pytest.fixture
def api(settings, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.SOLUTIONS_CODE_HOSTS = {
        "git.example.org": {"kind": "gitlab", "api": f"{base}/gitlab/api/v4"},
        "github.example.org": {"kind": "github", "api": f"{base}/github"},
    }
    monkeypatch.setattr(codehosts, "PER_PAGE", 2)  # five projects take three pages
    yield base
    server.shutdown()
    server.server_close()


def test_gitlab_group_with_paging_keeps_only_https_addresses_on_the_host(api):
    found = codehosts.list_group("https://git.example.org/stadt/digital")
    assert found == [f"https://git.example.org/stadt/digital/app-{n}" for n in range(5)]


def test_github_organisation_and_user(api):
    assert codehosts.list_group("https://github.example.org/musterstadt") == [
        "https://github.example.org/musterstadt/portal"
    ]
    assert codehosts.list_group("https://github.example.org/maxmuster/") == [
        "https://github.example.org/maxmuster/tool"
    ]


@pytest.mark.parametrize(
    ("address", "refused", "message"),
    [
        ("http://git.example.org/stadt/digital", True, "https://"),
        ("https://user:pw@git.example.org/stadt", True, "without user name"),
        ("https://unbekannt.example.net/gruppe", True, "unknown code host"),
        ("https://git.example.org/", True, "must name a group"),
        ("https://github.example.org/a/b", True, "organisation or user"),
        ("https://git.example.org/kaputt", False, "answered 500"),
        ("https://git.example.org/gibtsnicht", False, "answered 404"),
        ("https://git.example.org/kein-json", False, "did not answer with JSON"),
        ("https://git.example.org/riesig", False, "more than 5 MB"),
    ],
)
def test_bad_groups_and_bad_answers_are_clear_errors(api, address, refused, message):
    with pytest.raises(codehosts.GroupError, match=message) as caught:
        codehosts.list_group(address)
    assert caught.value.refused is refused


def test_an_api_base_must_be_https_unless_it_is_this_machine(api, settings):
    settings.SOLUTIONS_CODE_HOSTS = {"git.example.org": {"kind": "gitlab",
                                                         "api": "http://api.example.org/v4"}}  # fmt: skip
    with pytest.raises(codehosts.GroupError, match="must be an https:// address"):
        codehosts.list_group("https://git.example.org/stadt/digital")


def test_a_crawl_expands_groups_and_logs_those_it_cannot_list(api, db, tmp_path, settings):
    """Publishers file → targets → the run lists the group; the unlistable group is logged."""
    settings.SOLUTIONS_CRAWL_CACHE = str(tmp_path / "cache")
    publishers = tmp_path / "publishers.yml"
    publishers.write_text(
        "- organisation: null\n"
        "  groups: [https://git.example.org/stadt/digital, https://git.example.org/kaputt,"
        " https://unbekannt.example.net/gruppe]\n"
    )
    targets = crawler.load_publishers(publishers)
    assert [t["group"] for t in targets] == ["1", "1", "1"]
    run = crawler.run_create(targets=targets)
    ctx = crawler.Context(run=run, home=tmp_path, timeout=5.0, max_bytes=1, now=None)
    expanded = crawler.expand_groups(ctx, run.sources)
    assert [t["source"] for t in expanded] == codehosts.list_group(
        "https://git.example.org/stadt/digital"
    )
    logs = {log.source: (log.outcome, log.message) for log in CrawlLog.objects.filter(run=run)}
    assert logs["https://git.example.org/kaputt"][0] == "failed"
    assert "answered 500" in logs["https://git.example.org/kaputt"][1]
    assert logs["https://unbekannt.example.net/gruppe"][0] == "refused"
    assert CrawlRun.objects.get(pk=run.pk).sources == targets  # the plan is kept as given
