# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The German catalog (decision 0061): counts, folding of copies, model-project links, files with
errors shown with their findings, repositories without publiccode.yml, refusals, idempotence."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from stadtnetz.solutions.german_catalog import (
    CORPUS_DE,
    WITHOUT_PUBLICCODE,
    CatalogDataError,
    import_german_catalog,
)
from stadtnetz.solutions.models import CrawlState, ProjectLinkRole, Solution, SolutionProjectLink

pytestmark = pytest.mark.django_db

SVA = "github.com/smart-village-solutions/smart-village-app-app"
MASTERPORTAL = "bitbucket.org/geowerkstatt-hamburg/masterportal"


@pytest.fixture
def catalog(knowledge):
    out = io.StringIO()
    call_command("seed_solutions", stdout=out)
    return out.getvalue()


def test_counts_and_idempotent_reimport(catalog):
    assert "44 publiccode.yml files" in catalog and "82 repositories without" in catalog
    listed = Solution.objects.listed()
    # 44 files - 14 copies folded + 1 upstream entry read from a copy (Masterportal) + 82
    assert listed.count() == 113
    assert Solution.objects.filter(merged_into__isnull=False).count() == 14
    assert listed.filter(imported_from="without-publiccode").count() == 82
    assert listed.filter(imported_from="corpus-de").count() == 31
    assert "(0 unresolved)" in catalog
    before = sorted(Solution.objects.values_list("pk", "updated_at"))
    links = SolutionProjectLink.objects.count()
    out = io.StringIO()
    call_command("seed_solutions", stdout=out)
    assert "0 new, 0 updated, 127 unchanged" in out.getvalue()
    assert sorted(Solution.objects.values_list("pk", "updated_at")) == before
    assert SolutionProjectLink.objects.count() == links


def test_no_duplicate_is_listed(catalog):
    names = list(Solution.objects.listed().filter(imported_from="corpus-de")
                 .values_list("repository_key", flat=True))  # fmt: skip
    assert len(names) == len(set(names))
    masterportal = Solution.objects.get(repository_key=MASTERPORTAL)
    assert masterportal.merged_into_id is None
    assert masterportal.duplicates.count() == 10
    assert masterportal.read_from_copy.endswith("citysciencelab/c4hh-cosi")  # newest: v3.23.0
    rats = Solution.objects.get(repository_key="github.com/aitema-gmbh/ratsinformationssystem")
    assert list(rats.duplicates.values_list("repository_key", flat=True)) == [
        "github.com/aitema-de/ratsinformationssystem"
    ]
    kolibri = Solution.objects.get(repository_key="github.com/public-ui/kolibri")
    assert kolibri.duplicates.get().repository_key == "github.com/chrisdo82/kolibri"  # the fork
    klima = Solution.objects.get(repository_key="github.com/sitcomlab/iip_commute_dashboard")
    assert sorted(klima.duplicates.values_list("repository_key", flat=True)) == [
        "github.com/stadt-karlsruhe/klimadashboard",
        "github.com/stadtaschaffenburg/smartdatadashboard-app",
    ]
    # the Masterportal Addons are a product of their own in the same repository: not folded
    addons = Solution.objects.get(
        repository_key="github.com/citysciencelab/c4hh-cosi:masterportal/addons"
    )
    assert addons.merged_into_id is None
    page = Client().get(masterportal.get_absolute_url()).content.decode()
    assert "citysciencelab/cut-dana-platform-mp" in page and 'id="copies"' in page
    hidden = masterportal.duplicates.first()
    response = Client().get(hidden.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == masterportal.get_absolute_url()


def test_smart_village_app_is_linked_to_bad_belzig_and_its_transfers(catalog, projects):
    sva = Solution.objects.get(repository_key=SVA)
    link = sva.project_links.get()
    assert link.project.name.startswith("Bad Belzig und Gemeinde Wiesenburg/Mark")
    assert link.role == ProjectLinkRole.ORIGIN and not link.presumed
    assert sva.source_url.startswith(
        "https://github.com/smart-village-solutions/smart-village-app-app/blob/80c5092b"
    )
    page = Client().get(sva.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert link.project.get_absolute_url() in page
    assert "aus öffentlichen Quellen importiert" in page
    assert "Detmold" in page and "Angermünde" in page  # documented transfers
    assert reverse("projects:network") in page
    # and back: the project page lists the solution as developed there
    project_page = Client().get(link.project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de")
    text = project_page.content.decode()
    assert (
        sva.get_absolute_url() in text
        and "im Modellprojekt entwickelt (laut öffentlicher Quelle)" in text
    )
    # Wolfsburg reused DAVe of Munich: a reuse link, not an origin
    dave = Solution.objects.get(repository_key="github.com/it-at-m/dave-frontend")
    assert dave.project_links.get().role == ProjectLinkRole.REUSE
    kusel = Solution.objects.get(repository_key="github.com/kodi-kommunen-digital/kodi.kusel_app")
    assert kusel.project_links.get().presumed


def test_file_that_is_not_yaml_is_listed_with_its_findings(catalog):
    broken = Solution.objects.get(
        repository_key="github.com/reedu-reengineering-education/smart-city-dashboard"
    )
    assert broken.merged_into_id is None and not broken.valid and broken.error_count >= 1
    assert any(
        "tab character" in r["description"] and r["line"] == 67 for r in broken.validation_results
    )
    assert broken.name == "smart-city-dashboard"  # the repository name: the file gives none
    page = Client().get(broken.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'id="validation"' in page and "publiccode.yml mit Fehlern" in page
    listing = Client().get(
        reverse("solutions:list"), {"validity": "invalid", "q": "smart-city-dashboard"}
    )
    assert broken.name in listing.content.decode()
    # schema errors too: KOSMOS is imported, with its errors
    kosmos = Solution.objects.get(repository_key="github.com/kosmos-eu/kosmos-doc")
    assert not kosmos.valid and kosmos.error_count > 3


def test_repository_without_publiccode_is_an_entry_with_a_hint(catalog):
    osca = Solution.objects.get(
        repository_key="github.com/klingenstadt-solingen/open-smartcity-app-android"
    )
    assert osca.crawl_state == CrawlState.NO_PUBLICCODE and not osca.has_publiccode
    assert osca.licence == "LicenseRef-MIT-Variante-Solingen" and osca.licence_note
    assert osca.project_links.get().project.name == "Solingen"
    assert osca.facets.filter(kind="validity", value="none").exists()
    page = Client().get(osca.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "ohne publiccode.yml" in page and 'id="no-publiccode"' in page
    assert reverse("solutions:editor") in page and 'id="validation"' not in page
    assert osca.short_description_de[:30] in page
    listing = Client().get(
        reverse("solutions:list"), {"validity": "none"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert "82 Lösungen" in listing.content.decode()
    noassertion = Solution.objects.get(repository_key="github.com/lgv-bim-leitstelle/ifcfactory")
    assert noassertion.licence == "" and noassertion.licence_note.startswith("NOASSERTION")


def test_foreign_seed_entries_are_removed_when_untouched(knowledge):
    from stadtnetz.solutions.services import seed_corpus

    seed_corpus()
    assert Solution.objects.filter(repository_key="github.com/italia/publiccode-editor").exists()
    report = import_german_catalog()
    assert report.removed_foreign > 80
    assert not Solution.objects.filter(
        repository_key="github.com/italia/publiccode-editor"
    ).exists()
    assert Solution.objects.listed().count() == 113


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: (d / "KOSMOS-EU__kosmos-doc.yml").unlink(), "kosmos-doc.yml is missing"),
        (lambda d: (d / "extra.yml").write_text("name: x\n"), "extra.yml: not listed"),
        (
            lambda d: _edit(
                d / "MANIFEST.csv", ",0ebff17028f811bf86ee5f520dad4e09f2a8544a,", ",0ebff17,"
            ),
            "is not a 40-digit hash",
        ),
        (
            lambda d: _edit(
                d / "MANIFEST.csv",
                "MPSC Bad Belzig & Wiesenburg/Mark (source",
                "MPSC Nirgendwo (source",
            ),
            "is not in PROJECT_LINKS",
        ),
    ],
)
def test_bad_files_are_refused_by_line_and_nothing_is_imported(tmp_path, change, expected):
    folder = tmp_path / "corpus-de"
    shutil.copytree(CORPUS_DE, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    change(folder)
    with pytest.raises(CatalogDataError) as caught:
        import_german_catalog(folder, WITHOUT_PUBLICCODE)
    assert any(expected in p for p in caught.value.problems), caught.value.problems
    assert Solution.objects.count() == 0


def test_the_command_reports_refusals(tmp_path, monkeypatch):
    bad = tmp_path / "without.csv"
    bad.write_text("repo,commit,name\nx/y,abc,Name\n", encoding="utf-8")
    monkeypatch.setattr("stadtnetz.solutions.german_catalog.WITHOUT_PUBLICCODE", bad)
    monkeypatch.setattr(import_german_catalog, "__defaults__", (CORPUS_DE, bad))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("seed_solutions", stderr=err)
    assert "without.csv, line 1: expected the columns" in err.getvalue()
    assert Solution.objects.count() == 0


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
