# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The crawler on real git repositories made in a temporary folder."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from stadtnetz.solutions import crawler, sources
from stadtnetz.solutions.models import CrawledRepository, CrawlLog, CrawlRun, CrawlState, Solution
from stadtnetz.solutions.tasks import crawl_task

from .conftest import VALID_YML, commit, git

pytestmark = pytest.mark.django_db


def run(*paths) -> CrawlRun:
    created = crawler.run_create(targets=[{"source": str(p)} for p in paths])
    crawl_task.enqueue(created.pk)  # the immediate backend runs it now
    created.refresh_from_db()
    return created


def outcomes(crawl: CrawlRun) -> dict[str, str]:
    return {Path(log.source).name: log.outcome for log in crawl.logs.all()}


def test_three_repositories_incremental(three_repos):
    first = run(three_repos.valid, three_repos.invalid, three_repos.none)
    assert first.status == "done" and first.processed == 3
    assert outcomes(first) == {"valid": "new", "invalid": "new", "none": "no_publiccode"}

    valid = Solution.objects.get(repository_key=f"local:{three_repos.valid}")
    assert valid.valid and valid.crawl_state == CrawlState.OK and valid.name == "Mängelmelder"
    assert valid.licence == "EUPL-1.2" and valid.licence_osi and valid.licence_eupl_compatible
    assert (valid.commits_12m, valid.authors_12m) == (2, 2)
    assert valid.has_readme and valid.has_license_file and valid.has_contributing
    assert valid.has_security is False
    assert valid.reuse_compliant is False  # README and LICENSE carry no SPDX header
    assert valid.last_verified_at is not None and not valid.is_stale
    assert valid.vitality == 16 + 6 + 0 + 5  # two authors, two commits, no tags, new repository
    assert {p["key"]: p["points"] for p in valid.readiness_parts}["publiccode"] == 20
    assert valid.head_commit == git(three_repos.valid, "rev-parse", "HEAD").strip()

    invalid = Solution.objects.get(repository_key=f"local:{three_repos.invalid}")
    assert not invalid.valid and invalid.error_count > 0
    assert invalid.publiccode_path == "publiccode.yaml"
    assert any(r["key"] == "developmentStatus" for r in invalid.validation_results)
    assert all(r["description_de"] for r in invalid.validation_results)
    assert not Solution.objects.filter(repository_key=f"local:{three_repos.none}").exists()
    assert CrawledRepository.objects.get(key=f"local:{three_repos.none}").outcome == (
        "no_publiccode"
    )

    before = {s.pk: s.updated_at for s in Solution.objects.all()}
    second = run(three_repos.valid, three_repos.invalid, three_repos.none)
    assert set(outcomes(second).values()) == {"unchanged"}
    assert {s.pk: s.updated_at for s in Solution.objects.all()} == before

    fixed = VALID_YML.format(slug="invalid").replace("Mängelmelder", "Repariert")
    commit(three_repos.invalid, {"publiccode.yaml": fixed}, "fix publiccode")
    third = run(three_repos.valid, three_repos.invalid, three_repos.none)
    assert outcomes(third) == {"valid": "unchanged", "invalid": "updated", "none": "unchanged"}
    invalid.refresh_from_db()
    assert invalid.valid and invalid.name == "Repariert" and invalid.commits_12m == 2


def test_broken_and_missing_repositories_never_stop_the_crawl(three_repos):
    broken = three_repos.root / "broken"
    broken.mkdir()
    (broken / "README").write_text("not a repository")
    crawl = run(broken, three_repos.root / "missing", "https://invalid.invalid/x/y",
                three_repos.valid)  # fmt: skip
    got = outcomes(crawl)
    assert got["broken"] == "failed" and got["missing"] == "refused" and got["valid"] == "new"
    failed = crawl.logs.get(outcome="failed", source__endswith="broken")
    assert "git ls-remote failed" in failed.message
    assert crawl.logs.filter(source="https://invalid.invalid/x/y", outcome="failed").exists()


def test_changed_then_unreachable_repository_keeps_entry_and_records_error(three_repos):
    run(three_repos.valid)
    moved = three_repos.root / "moved-away"
    three_repos.valid.rename(moved)
    crawl = run(three_repos.root / "valid")
    assert outcomes(crawl) == {"valid": "refused"}  # the path no longer exists
    solution = Solution.objects.get(repository_key=f"local:{three_repos.valid}")
    assert solution.valid  # the entry is kept and goes stale, not deleted


def test_fork_and_second_address_are_merged_not_listed_twice(three_repos):
    run(three_repos.valid)
    fork = three_repos.root / "fork"
    git(three_repos.root, "clone", "-q", str(three_repos.valid), str(fork))
    crawl = run(fork)
    assert outcomes(crawl) == {"fork": "merged"}
    assert Solution.objects.listed().count() == 1
    original = Solution.objects.get()
    assert f"local:{fork}" in original.aliases
    # the fork moves on but keeps the publiccode.yml that names the original: still one entry
    commit(fork, {"CHANGES.md": "fork\n"}, "fork change", author="Carla")
    assert outcomes(run(fork)) == {"fork": "merged"}
    assert Solution.objects.listed().count() == 1


def test_declared_url_of_another_entry_is_a_claim_not_a_takeover(three_repos, make_user):
    """A repository declaring an imported entry's url never updates it; staff may confirm the
    claim (e.g. a rename), then the repository is an address of the entry (issue 14 item 13)."""
    from stadtnetz.solutions.models import SolutionClaim
    from stadtnetz.solutions.services import claim_decide, solution_import

    text = VALID_YML.format(slug="valid").replace("name: Mängelmelder", "name: Original")
    seeded, _ = solution_import(repository_url="https://example.org/valid", raw=text.encode())
    before = (seeded.name, seeded.short_description_de, seeded.publiccode_raw)
    crawl = run(three_repos.valid)
    assert outcomes(crawl) == {"valid": "new"}
    seeded.refresh_from_db()
    assert (seeded.name, seeded.short_description_de, seeded.publiccode_raw) == before
    assert seeded.crawl_state == CrawlState.IMPORTED and seeded.aliases == []
    assert Solution.objects.listed().count() == 2
    claim = SolutionClaim.objects.get()
    assert claim.claimed == seeded and claim.status == "open"
    assert "kept as a claim" in crawl.logs.get().message
    claim_decide(claim=claim, actor=make_user("staff", is_staff=True), confirm=True)
    seeded.refresh_from_db()
    assert f"local:{three_repos.valid}" in seeded.aliases
    assert Solution.objects.listed().count() == 1


HOSTILE = [
    "ext::sh -c touch% /tmp/stadtnetz-pwned",
    "file:///etc",
    "--upload-pack=touch /tmp/stadtnetz-pwned",
    "-u touch",
    "http://example.org/repo",
    "ssh://git@example.org/repo",
    "git://example.org/repo",
    "git@github.com:owner/repo.git",
    "https://user:secret@example.org/repo",
    "https://example.org/repo?upload-pack=x",
    "https://example.org/",
    "/etc",
    "../../etc",
    "fd::17",
    "https://exa mple.org/x",
    "",
    "x" * 600,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_sources_are_refused(crawl_roots, text):
    with pytest.raises(sources.RefusedSource):
        sources.parse(text)


def test_hostile_sources_in_a_crawl_run_nothing(crawl_roots, tmp_path):
    marker = Path("/tmp/stadtnetz-pwned")
    marker.unlink(missing_ok=True)
    crawl = run(*[t for t in HOSTILE if t])
    assert set(outcomes(crawl).values()) == {"refused"}
    assert not marker.exists()
    assert not Solution.objects.exists()


def test_local_paths_refused_without_configured_roots(settings, tmp_path):
    settings.SOLUTIONS_CRAWL_LOCAL_ROOTS = []
    with pytest.raises(sources.RefusedSource, match="kein lokales Crawl-Verzeichnis"):
        sources.parse(str(tmp_path))


def test_symlink_outside_the_root_is_refused(crawl_roots, tmp_path):
    (crawl_roots / "link").symlink_to(tmp_path.parent)
    with pytest.raises(sources.RefusedSource, match="außerhalb"):
        sources.parse(str(crawl_roots / "link"))


def test_repository_keys_are_normalised():
    assert (
        sources.normalise_url("https://www.GitHub.com/Owner/Repo.git/") == "github.com/owner/repo"
    )
    assert sources.parse("https://github.com/Owner/Repo/").key == "github.com/owner/repo"


def test_size_cap_refuses_large_clone(three_repos, settings):
    settings.SOLUTIONS_CRAWL_MAX_BYTES = 1000
    crawl = run(three_repos.valid)
    log = crawl.logs.get()
    assert log.outcome == "failed" and "size cap" in log.message


def test_publishers_file(three_repos, town, tmp_path):
    publishers = tmp_path / "publishers.yml"
    publishers.write_text(
        f"- organisation: {town.organisation.slug}\n  repos: [{three_repos.valid}]\n"
        f"- organisation: null\n  groups: [{three_repos.root}, https://gitlab.example.org/group]\n"
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("crawl", "--publishers", str(publishers), stdout=out, stderr=err)
    assert "[" in err.getvalue() and "#" in err.getvalue()  # the progress bar
    solution = Solution.objects.get(repository_key=f"local:{three_repos.valid}")
    assert solution.organisation == town.organisation
    assert "refused" in out.getvalue()  # the code-host group is not listed
    assert CrawlLog.objects.filter(outcome="no_publiccode").exists()


@pytest.mark.parametrize("content", ["{]", "just text", "- 1\n- [2]", "- organisation: [x]"])
def test_bad_publishers_files(tmp_path, content, db):
    path = tmp_path / "p.yml"
    path.write_text(content)
    with pytest.raises(CommandError):
        call_command("crawl", "--publishers", str(path))


def test_crawl_command_needs_sources(db):
    with pytest.raises(CommandError):
        call_command("crawl")


def test_crawl_command_background_enqueues(three_repos):
    out = io.StringIO()
    call_command("crawl", str(three_repos.valid), "--background", stdout=out)
    assert "queued" in out.getvalue()
    assert CrawlRun.objects.get().status == "done"  # immediate backend in tests
