# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Issue 14, catalog and crawler: a folded copy never updates its upstream (item 13), only
http(s) addresses become links (item 14), the crawler reaches public hosts only (item 15), the
editor writes valid files for community maintenance (item 23). Each test failed before its fix."""

from __future__ import annotations

import socket

import pytest
from django.urls import reverse

from stadtnetz.publiccode import validate
from stadtnetz.solutions import crawler, gitrepo, netguard, sources
from stadtnetz.solutions.models import Solution, SolutionClaim
from stadtnetz.solutions.services import claim_decide, entry_for_repository, solution_import

from .conftest import VALID_YML
from .test_reuse_and_tools import EDITOR

pytestmark = pytest.mark.django_db

HOSTILE_LINKS = """\
publiccodeYmlVersion: "0.4"
name: Falle
url: "javascript:alert(1)"
landingURL: "javascript:alert(2)"
isBasedOn: ["data:text/html,x"]
logo: "javascript:alert(3)"
platforms: [web]
categories: [collaboration]
developmentStatus: stable
softwareType: standalone/web
description:
  de:
    shortDescription: Kurz
    longDescription: "Lang genug? Nein, aber die Links zählen hier."
    features: [x]
    documentation: "javascript:alert(4)"
legal: {license: EUPL-1.2}
maintenance: {type: none}
localisation: {localisationReady: true, availableLanguages: [de]}
"""


# --- item 13 -------------------------------------------------------------------------------


def test_a_folded_copy_never_updates_its_upstream_entry(db):
    upstream, _ = solution_import(repository_url="https://example.org/upstream",
                                  raw=VALID_YML.format(slug="upstream").encode())  # fmt: skip
    copy, _ = solution_import(repository_url="https://example.org/copy",
                              raw=VALID_YML.format(slug="upstream").encode())  # fmt: skip
    Solution.objects.filter(pk=copy.pk).update(merged_into=upstream)
    assert entry_for_repository("example.org/copy").pk == copy.pk  # its own (hidden) entry
    assert entry_for_repository("example.org/upstream").pk == upstream.pk


def test_claims_are_decided_by_staff_only(client, make_user):
    a, _ = solution_import(repository_url="https://example.org/a",
                           raw=VALID_YML.format(slug="a").encode())  # fmt: skip
    b, _ = solution_import(repository_url="https://example.org/b",
                           raw=VALID_YML.format(slug="a").encode())  # fmt: skip
    claim = SolutionClaim.objects.create(
        claimant=b, claimed=a, declared_url="https://example.org/a"
    )
    url = reverse("solutions:claim_decide", args=[claim.pk])
    client.force_login(make_user("someone"))
    assert client.post(url, {"decision": "confirm"}).status_code == 403
    staff = make_user("staff", is_staff=True)
    client.force_login(staff)
    page = client.get(reverse("solutions:crawl_status")).content.decode()
    assert url in page and "example.org/b" in page
    assert client.post(url, {"decision": "reject"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "rejected" and claim.decided_by == staff
    b.refresh_from_db()
    assert b.merged_into_id is None  # rejected: the entries stay apart
    with pytest.raises(Exception, match="bereits entschieden"):
        claim_decide(claim=claim, actor=staff, confirm=True)


# --- item 14 -------------------------------------------------------------------------------


def test_validator_refuses_non_http_urls_in_every_url_field():
    result = validate(HOSTILE_LINKS.encode())
    keys = {(r.key, r.code) for r in result.errors}
    assert ("url", "http_url") in keys
    assert ("landingURL", "http_url") in keys
    assert ("isBasedOn[0]", "http_url") in keys
    assert ("logo", "http_url") in keys
    assert ("description.de.documentation", "http_url") in keys


def test_catalog_stores_and_renders_no_javascript_links(client):
    solution, _ = solution_import(repository_url="https://example.org/falle",
                                  raw=HOSTILE_LINKS.encode())  # fmt: skip
    assert solution.landing_url == "" and solution.documentation_url == ""
    assert solution.logo_url == "" and solution.is_based_on == []
    # an entry stored before the check is not rendered as a link either
    Solution.objects.filter(pk=solution.pk).update(landing_url="javascript:alert(2)",
                                                   documentation_url="JavaScript:alert(4)")  # fmt: skip
    page = client.get(solution.get_absolute_url()).content.decode()
    assert "javascript:" not in page.lower()
    api = client.get(f"/api/v1/solutions/{solution.pk}").json()
    assert (api["logo_url"], api["landing_url"]) == ("", "")  # the file itself stays as read


# --- item 15 -------------------------------------------------------------------------------


@pytest.mark.parametrize("address", [
    "https://2130706433/owner/repo", "https://0x7f.1/owner/repo", "https://127.1/owner/repo",
    "https://0177.0.0.1/owner/repo", "https://127.0.0.1/owner/repo", "https://10.0.0.8/o/r",
    "https://169.254.169.254/latest/meta", "https://localhost/owner/repo",
    "https://gitlab.internal/o/r", "https://0/owner/repo",
])  # fmt: skip
def test_numeric_and_local_hosts_are_refused_at_once(address):
    with pytest.raises(sources.RefusedSource):
        sources.parse(address)


@pytest.mark.parametrize("resolved", ["127.0.0.1", "10.1.2.3", "192.168.0.5", "172.16.9.9",
                                      "169.254.169.254", "100.64.0.1", "::1", "fd00::1",
                                      "fe80::1", "::ffff:127.0.0.1", "0.0.0.0"])  # fmt: skip
def test_hosts_resolving_to_internal_addresses_are_refused_without_contacting_them(
    monkeypatch, tmp_path, resolved
):
    family = socket.AF_INET6 if ":" in resolved else socket.AF_INET
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [
        (family, socket.SOCK_STREAM, 6, "", (resolved, 443))])  # fmt: skip
    called = []
    monkeypatch.setattr(gitrepo.subprocess, "Popen", lambda *a, **k: called.append(a))
    run = crawler.run_create(targets=[{"source": "https://git.rebinding.example/o/r"}])
    run = crawler.crawl_run(run.pk)
    log = run.logs.get()
    assert (
        log.outcome == "refused"
        and log.message == "Die Repository-Adresse ist kein öffentlicher Host."
    )
    assert called == []  # git never ran
    with pytest.raises(gitrepo.GitError, match="kein öffentlicher Host"):
        gitrepo.remote_refs(sources.parse("https://git.rebinding.example/o/r"), home=tmp_path,
                            timeout=5)  # fmt: skip


def test_git_is_pinned_to_the_checked_addresses_and_follows_no_redirect(monkeypatch, tmp_path):
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443))])  # fmt: skip
    seen = {}

    class Done(Exception):
        pass

    def fake_popen(command, **kwargs):
        seen["command"] = command
        raise Done

    monkeypatch.setattr(gitrepo.subprocess, "Popen", fake_popen)
    with pytest.raises(Done):
        gitrepo.remote_refs(sources.parse("https://code.example.org/o/r"), home=tmp_path,
                            timeout=5)  # fmt: skip
    command = " ".join(seen["command"])
    assert "http.followRedirects=false" in command
    assert "http.curloptResolve=code.example.org:443:93.184.215.14" in command


def test_a_configured_internal_code_host_is_allowed(settings, monkeypatch):
    settings.SOLUTIONS_CRAWL_PRIVATE_HOSTS = ["git.intranet.example"]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", 443))])  # fmt: skip
    assert netguard.public_addresses("git.intranet.example") == ["10.0.0.5"]
    with pytest.raises(netguard.RefusedHost):
        netguard.public_addresses("other.intranet.example")


# --- item 23 -------------------------------------------------------------------------------


def test_editor_writes_a_valid_file_for_community_maintenance(client):
    data = EDITOR | {"maintenance_type": "community", "contractor_name": "",
                     "contractor_until": ""}  # fmt: skip
    response = client.post(reverse("solutions:editor"), data)
    assert response.status_code == 200, response.context["form"].errors
    result = validate(response.context["output"])
    assert result.valid, result.results
    assert result.document["maintenance"]["contacts"][0]["name"] == "Max"
    missing = client.post(reverse("solutions:editor"), data | {"contact_name": ""})
    assert missing.status_code == 400 and "contact_name" in missing.context["form"].errors


# --- issue 13: vocabulary labels instead of raw keys ---------------------------------------


def test_facets_and_pages_show_labels_and_keep_keys_in_addresses(client):
    raw = VALID_YML.format(slug="labels").replace(
        "softwareType: standalone/web",
        "softwareType: standalone/web\nintendedAudience:\n  scope: [local-authorities]",
    )
    solution, _ = solution_import(repository_url="https://example.org/labels", raw=raw.encode())
    page = client.get(reverse("solutions:list"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert ">Zusammenarbeit</a>" in page and "category=collaboration" in page
    assert ">Workflow-Management</a>" in page and ">Kommunen</a>" in page
    assert "scope=local-authorities" in page and ">Eigenständig: Webanwendung</a>" in page
    assert ">collaboration<" not in page
    filtered = client.get(reverse("solutions:list"), {"category": "collaboration"})
    assert solution.name in filtered.content.decode()
    detail = client.get(solution.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Zusammenarbeit, Workflow-Management" in detail
    client.cookies["stadtnetz_language"] = "en"
    english = client.get(reverse("solutions:list")).content.decode()
    assert ">Collaboration</a>" in english and "category=collaboration" in english
