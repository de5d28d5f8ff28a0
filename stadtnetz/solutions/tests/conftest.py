# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for the catalog tests: real corpus files, real git repositories, a municipality."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from stadtnetz.organisations.models import Membership, OrganisationKind, Role
from stadtnetz.organisations.services import organisation_create
from stadtnetz.projects.tests.conftest import (  # noqa: F401 - the model projects as fixtures
    imported,
    knowledge,
    knowledge_imported,
    projects,
)
from stadtnetz.solutions.services import CORPUS_DIR, solution_import

VALID_YML = """\
publiccodeYmlVersion: "0.4"
name: Mängelmelder
url: https://example.org/{slug}
platforms: [web]
categories: [collaboration, workflow-management]
developmentStatus: stable
softwareType: standalone/web
description:
  de:
    shortDescription: Bürgerinnen und Bürger melden Schäden im Stadtgebiet.
    longDescription: >
      Der Mängelmelder nimmt Meldungen über Schlaglöcher, defekte Laternen und wilden Müll
      entgegen, leitet sie an die zuständige Stelle der Verwaltung weiter und zeigt den
      Bearbeitungsstand öffentlich an. Er läuft im Browser und braucht keine App.
    features: [Meldungen mit Foto, Karte, Statusverfolgung]
legal:
  license: EUPL-1.2
maintenance:
  type: internal
  contacts:
    - name: Erika Muster
      email: erika@example.org
localisation:
  localisationReady: true
  availableLanguages: [de, en]
usedBy:
  - Stadt Solingen (05122000)
  - Gemeinde Irgendwo
"""
INVALID_YML = """\
publiccodeYmlVersion: "0.4"
name: Kaputt
url: https://example.org/{slug}
developmentStatus: fertig
"""
CORPUS_SAMPLE = ["Aitema-gmbh__ratsinformationssystem.yml", "Amsterdam__signals-frontend.yml",
                 "open-zaak__open-zaak.yml", "italia__publiccode-editor.yml",
                 "suitenumerique__docs.yml"]  # fmt: skip
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.org",
    "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.org",
    "PATH": os.environ["PATH"],
}  # fmt: skip


def git(path: Path, *args: str, author: str | None = None) -> str:
    env = dict(GIT_ENV)
    if author:
        env["GIT_AUTHOR_NAME"], env["GIT_AUTHOR_EMAIL"] = author, f"{author.lower()}@example.org"
    return subprocess.run(["git", *args], cwd=path, env=env, check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


def make_repo(path: Path, files: dict[str, str], author: str | None = None) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    commit(path, files, "first", author=author)
    return path


def commit(path: Path, files: dict[str, str], message: str, author: str | None = None) -> None:
    for name, text in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", message, author=author)


@pytest.fixture
def crawl_roots(tmp_path, settings):
    root = tmp_path / "repos"
    root.mkdir()
    settings.SOLUTIONS_CRAWL_LOCAL_ROOTS = [str(root)]
    settings.SOLUTIONS_CRAWL_CACHE = str(tmp_path / "cache")
    settings.SOLUTIONS_CRAWL_TIMEOUT = 30.0
    return root


@pytest.fixture
def three_repos(crawl_roots):
    readme = "# Projekt\n"
    licence_header = "SPDX-FileCopyrightText: 2026 Stadt\n\nSPDX-License-Identifier: EUPL-1.2\n"
    valid = make_repo(crawl_roots / "valid", {
        "publiccode.yml": VALID_YML.format(slug="valid"), "README.md": readme,
        "LICENSE": "EUPL-1.2\n", "CONTRIBUTING.md": "Beiträge willkommen\n",
    })  # fmt: skip
    commit(valid, {"src/app.py": f"# {licence_header}print(1)\n"}, "second", author="Bob")
    invalid = make_repo(crawl_roots / "invalid", {
        "publiccode.yaml": INVALID_YML.format(slug="invalid"), "README": "x\n",
    })  # fmt: skip
    none = make_repo(crawl_roots / "none", {"README.md": readme})
    return SimpleNamespace(root=crawl_roots, valid=valid, invalid=invalid, none=none)


@pytest.fixture
def corpus_sample(db):
    solutions = []
    for name in CORPUS_SAMPLE:
        owner, repo = name.removesuffix(".yml").split("__", 1)
        solution, _ = solution_import(repository_url=f"https://github.com/{owner}/{repo}",
                                      raw=(CORPUS_DIR / name).read_bytes())  # fmt: skip
        solutions.append(solution)
    return solutions


@pytest.fixture
def town(registry, solingen, make_user):
    """Solingen as an organisation with an editor, a member and an outsider."""
    office = make_user("office", is_programme_office=True)
    organisation = organisation_create(actor=office, kind=OrganisationKind.MUNICIPALITY,
                                       name="Stadt Solingen", municipality=solingen)  # fmt: skip
    people = SimpleNamespace(
        organisation=organisation, office=office, editor=make_user("editor"),
        member=make_user("member"), outsider=make_user("outsider"),
        staff=make_user("staff", is_staff=True),
    )  # fmt: skip
    Membership.objects.create(user=people.editor, organisation=organisation, role=Role.EDITOR)
    Membership.objects.create(user=people.member, organisation=organisation, role=Role.MEMBER)
    return people
