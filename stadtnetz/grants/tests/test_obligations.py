# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The open-source obligation: which measures produce software, how their repositories are
classified from what the solution catalog stored (crawler + publiccode.yml validator), what blocks
the final statement, the office's exception, and the transfer figure."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from stadtnetz.organisations.models import Role
from stadtnetz.projects.models import DocumentedTransfer, Lesson, Measure, MeasureStatus
from stadtnetz.solutions import crawler
from stadtnetz.solutions.german_catalog import CORPUS_DE as CORPUS_DIR
from stadtnetz.solutions.models import CrawlState, Reuse, Solution
from stadtnetz.solutions.services import solution_import
from stadtnetz.solutions.tasks import crawl_task
from stadtnetz.solutions.tests.conftest import VALID_YML, make_repo
from stadtnetz.solutions.tests.conftest import crawl_roots as crawl_roots_fixture

from ..models import ObligationAction, ObligationEvent, SoftwareObligation
from ..selectors_obligations import (
    NO_PUBLICCODE,
    NOT_PUBLISHED,
    VALID,
    project_software,
    software_by_project,
    transfer_figure,
)
from ..services import obligations
from ..services.common import GrantError
from .factories import grantee_user, issued_notice, office_user

pytestmark = pytest.mark.django_db

CORPUS_FILE = "it-at-m__mucgpt.yml"  # a real file of the German corpus; valid
CORPUS_URL = "https://github.com/it-at-m/mucgpt"
INVALID_FILE = "Aitema-gmbh__ratsinformationssystem.yml"  # real, with validator findings
INVALID_URL = "https://github.com/Aitema-gmbh/ratsinformationssystem"


def measure(notice, title, repository_url="", status=MeasureStatus.IN_PROGRESS) -> Measure:
    return Measure.objects.create(project=notice.project, title=title, description="…",
                                  status=status, repository_url=repository_url)  # fmt: skip


def by_title(notice) -> dict:
    return {check.title: check for check in project_software(notice.project)}


@pytest.fixture
def notice():
    return issued_notice()


@pytest.fixture
def corpus_entry(db):
    solution, _created = solution_import(repository_url=CORPUS_URL,
                                         raw=(CORPUS_DIR / CORPUS_FILE).read_bytes())  # fmt: skip
    return solution


def test_software_by_flag_or_by_repository(notice):
    measure(notice, "App", "https://github.com/stadt/app")
    measure(notice, "Beteiligung vor Ort")
    flagged = measure(notice, "Datenplattform")
    SoftwareObligation.objects.create(measure=flagged, produces_software=True)
    checks = by_title(notice)
    assert checks["App"].produces_software and not checks["App"].flag_recorded
    assert not checks["Beteiligung vor Ort"].produces_software
    assert checks["Beteiligung vor Ort"].status == ""
    assert checks["Datenplattform"].produces_software and checks["Datenplattform"].flag_recorded
    assert (checks["Datenplattform"].status, checks["Datenplattform"].detail) == (
        NOT_PUBLISHED, "no_repository")  # fmt: skip


def test_classification_from_the_catalog(notice, corpus_entry):
    assert corpus_entry.valid and corpus_entry.crawl_state == CrawlState.IMPORTED
    # the same repository, written differently: upper case, .git, trailing slash
    measure(notice, "MUCGPT", "https://GitHub.com/IT-at-M/MucGPT.git")
    solution_import(repository_url=INVALID_URL, raw=(CORPUS_DIR / INVALID_FILE).read_bytes())
    measure(notice, "Ratsinfo", INVALID_URL + "/")
    Solution.objects.create(name="Ohne Datei", repository_url="https://gitlab.example/s/ohne",
                            repository_key="gitlab.example/s/ohne",
                            crawl_state=CrawlState.NO_PUBLICCODE)  # fmt: skip
    measure(notice, "Ohne", "https://gitlab.example/s/ohne/")
    Solution.objects.create(name="Kaputt", repository_url="https://gitlab.example/s/kaputt",
                            repository_key="gitlab.example/s/kaputt", publiccode_raw="name: x",
                            valid=False, crawl_state=CrawlState.OK, error_count=3)  # fmt: skip
    measure(notice, "Kaputt", "https://gitlab.example/s/kaputt")
    Solution.objects.create(name="Weg", repository_url="https://gitlab.example/s/weg",
                            repository_key="gitlab.example/s/weg", publiccode_raw="name: x",
                            valid=True, crawl_state=CrawlState.FAILED)  # fmt: skip
    measure(notice, "Weg", "https://gitlab.example/s/weg")
    measure(notice, "Unbekannt", "https://gitlab.example/s/unbekannt")
    renamed = Solution.objects.create(name="Umbenannt", repository_url="https://git.example/neu",
                                      repository_key="git.example/neu", publiccode_raw="name: y",
                                      valid=True, crawl_state=CrawlState.OK,
                                      licence="MIT", licence_osi=True, reuse_compliant=True)  # fmt: skip
    renamed.aliases, renamed.alias_text = ["git.example/alt"], " git.example/alt "
    renamed.save()
    measure(notice, "Alt", "https://git.example/alt")
    checks = by_title(notice)
    summary = {title: (c.status, c.detail) for title, c in checks.items()}
    assert summary == {
        "MUCGPT": (VALID, "ok"),
        "Ratsinfo": (NO_PUBLICCODE, "invalid"),
        "Ohne": (NO_PUBLICCODE, "missing"),
        "Kaputt": (NO_PUBLICCODE, "invalid"),
        "Weg": (NOT_PUBLISHED, "unreachable"),
        "Unbekannt": (NOT_PUBLISHED, "not_checked"),
        "Alt": (VALID, "ok"),
    }
    assert checks["MUCGPT"].entry.pk == corpus_entry.pk
    assert checks["Alt"].entry.licence_approved is True
    assert checks["Alt"].entry.reuse_compliant is True
    assert checks["Ohne"].entry.licence_approved is None  # no licence stated
    counts = software_by_project()[notice.project_id]
    assert (counts.valid, counts.no_publiccode, counts.not_published) == (2, 3, 2)
    assert sorted(counts.blocking) == ["Unbekannt", "Weg"]


def test_merged_duplicate_is_read_through_the_entry_it_was_merged_into(notice, corpus_entry):
    Solution.objects.create(name="Kopie", repository_url="https://codeberg.org/x/kopie",
                            repository_key="codeberg.org/x/kopie", merged_into=corpus_entry,
                            crawl_state=CrawlState.NO_PUBLICCODE)  # fmt: skip
    measure(notice, "Kopie", "https://codeberg.org/x/kopie")
    check = by_title(notice)["Kopie"]
    assert check.entry.pk == corpus_entry.pk
    assert check.status == VALID


crawl_roots = crawl_roots_fixture


def test_a_fresh_check_by_the_real_crawler_on_a_local_repository(notice, crawl_roots):
    """The crawler reads a local repository (no network); its publiccode.yml declares the web
    address the measure names, so the measure's repository is found by that address."""
    make_repo(crawl_roots / "mängelmelder", {
        "publiccode.yml": VALID_YML.format(slug="maengelmelder"), "README.md": "# M\n",
        "LICENSE": "EUPL-1.2\n",
    })  # fmt: skip
    measure(notice, "Mängelmelder", "https://example.org/maengelmelder")
    assert by_title(notice)["Mängelmelder"].detail == "not_checked"
    run = crawler.run_create(targets=[{"source": str(crawl_roots / "mängelmelder")}])
    crawl_task.enqueue(run.pk)
    check = by_title(notice)["Mängelmelder"]
    assert (check.status, check.detail) == (VALID, "ok")
    assert check.entry.licence == "EUPL-1.2" and check.entry.licence_approved is True
    assert obligations.final_statement_blockers(notice) == []


def test_final_statement_blockers_name_the_measures(notice):
    measure(notice, "Stadt-App")  # flagged below, no repository
    SoftwareObligation.objects.create(
        measure=Measure.objects.get(title="Stadt-App"), produces_software=True
    )
    measure(notice, "Sensorik", "https://gitlab.example/s/sensorik")
    measure(notice, "Workshop")
    messages = obligations.final_statement_blockers(notice)
    assert len(messages) == 2  # in the order of the measures' titles
    assert "„Sensorik“" in messages[0] and "https://gitlab.example/s/sensorik" in messages[0]
    assert "kennt dieses Repository noch nicht" in messages[0]
    assert "„Stadt-App“" in messages[1] and "kein veröffentlichtes Repository" in messages[1]
    with translation.override("en"):
        english = obligations.final_statement_blockers(notice)
    assert "“Stadt-App” produces software but names no published repository" in english[1]


def test_office_exception_lifts_the_blocker_with_a_reason_and_history(notice):
    software = measure(notice, "Stadt-App", "https://gitlab.example/s/privat")
    office = office_user()
    for bad in ("", "   ", "a\x00b", "x" * 5001):
        with pytest.raises(GrantError) as refused:
            obligations.obligation_exception_record(actor=office, measure=software, reason=bad)
        assert "reason" in refused.value.message_dict
    assert not SoftwareObligation.objects.filter(measure=software).exists()
    assert not ObligationEvent.objects.exists()
    editor = grantee_user(notice.project.organisation, "redaktion")
    with pytest.raises(PermissionDenied):
        obligations.obligation_exception_record(actor=editor, measure=software, reason="Sicherheit")
    obligations.obligation_exception_record(
        actor=office, measure=software, reason="Sicherheitskritische Leitstellensoftware"
    )
    assert obligations.software_blockers(notice) == []
    check = by_title(notice)["Stadt-App"]
    assert check.exception_reason == "Sicherheitskritische Leitstellensoftware"
    assert check.status == NOT_PUBLISHED  # the exception does not make it published
    obligations.obligation_exception_withdraw(actor=office, measure=software)
    assert len(obligations.software_blockers(notice)) == 1
    with pytest.raises(GrantError):
        obligations.obligation_exception_withdraw(actor=office, measure=software)
    events = list(ObligationEvent.objects.filter(measure=software).values_list("action", "note"))
    assert events == [(ObligationAction.EXCEPTION, "Sicherheitskritische Leitstellensoftware"),
                      (ObligationAction.EXCEPTION_WITHDRAWN, "")]  # fmt: skip
    with pytest.raises(ValueError, match="append-only"):
        ObligationEvent.objects.first().delete()


def test_editors_say_whether_a_measure_produces_software(notice):
    workshop = measure(notice, "Workshop", "https://gitlab.example/s/folien")
    editor = grantee_user(notice.project.organisation, "redaktion")
    member = grantee_user(notice.project.organisation, "mitglied", role=Role.MEMBER)
    stranger = grantee_user(issued_notice(ags="09162000", title="München").project.organisation,
                            "fremd")  # fmt: skip
    for user in (member, stranger):
        with pytest.raises(PermissionDenied):
            obligations.software_flag_set(actor=user, measure=workshop, produces_software=False)
    with pytest.raises(GrantError):
        obligations.software_flag_set(actor=editor, measure=workshop, produces_software="nein")
    obligations.software_flag_set(actor=editor, measure=workshop, produces_software=False)
    assert not by_title(notice)["Workshop"].produces_software
    assert obligations.final_statement_blockers(notice) == []
    assert ObligationEvent.objects.get(measure=workshop).produces_software is False


def test_completed_measures_need_a_lesson(notice):
    done = measure(notice, "Sensornetz", status=MeasureStatus.DONE)
    measure(notice, "Leitbild", status=MeasureStatus.PLANNED)
    messages = obligations.final_statement_blockers(notice)
    assert len(messages) == 1 and "„Sensornetz“" in messages[0] and "Lernbeispiel" in messages[0]
    Lesson.objects.create(project=notice.project, measure=done, title="Was wir lernten")
    assert obligations.final_statement_blockers(notice) == []


def test_transfer_figure_counts_each_adopter_once(notice, corpus_entry):
    from stadtnetz.municipalities.models import Municipality
    from stadtnetz.reviews.tests.factories import organisation_for

    measure(notice, "Ratsinfo", CORPUS_URL)
    adopter = organisation_for("09162000")  # München
    other = organisation_for("06412000")  # Frankfurt
    Reuse.objects.create(solution=corpus_entry, organisation=adopter, status="production",
                         since="2026-01-01")  # fmt: skip
    Reuse.objects.create(solution=corpus_entry, organisation=other, status="dropped",
                         since="2026-01-01")  # fmt: skip
    Reuse.objects.create(solution=corpus_entry, organisation=notice.project.organisation,
                         status="production", since="2026-01-01")  # fmt: skip
    munich = Municipality.objects.get(ags="09162000")
    for name, municipality in (("München", munich), ("Gemeinde Irgendwo", None)):
        DocumentedTransfer.objects.create(
            origin=notice.project, solution_name="Ratsinfo", adopter_name=name,
            adopter_state=munich.state, adopter_municipality=municipality, kind="reuse",
            source_url="https://example.org/quelle", import_key=name,
        )  # fmt: skip
    figure = transfer_figure(notice.project)
    assert (figure.confirmed_reuses, figure.documented_transfers, figure.figure) == (1, 2, 2)


def test_programme_counts_in_constant_queries(django_assert_num_queries, corpus_entry):
    first = issued_notice()
    measure(first, "Ratsinfo", CORPUS_URL)
    measure(first, "App", "https://gitlab.example/s/app")
    with django_assert_num_queries(3):
        software_by_project()
    for n in range(4):
        more = issued_notice(ags="09162000", title=f"Projekt {n}")
        for m in range(3):
            measure(more, f"M{m}", f"https://gitlab.example/p{n}/m{m}")
        measure(more, "Ratsinfo", CORPUS_URL)
    with django_assert_num_queries(3):
        counts = software_by_project()
    assert len(counts) == 5


def test_obligation_page_flag_and_exception_forms(notice):
    from django.test import Client
    from django.urls import reverse

    software = measure(notice, "Stadt-App", "https://gitlab.example/s/app")
    slug = notice.project.slug
    url = reverse("grants:obligations", args=[slug])
    client = Client(headers={"accept-language": "de"})
    client.force_login(office_user())
    page = client.get(url).content.decode()
    assert "nicht veröffentlicht" in page and "Stadt-App" in page and 'id="blockers"' in page
    except_url = reverse("grants:obligation_exception", args=[slug, software.pk])
    refused = client.post(except_url, {"reason": "   "})
    assert refused.status_code == 400
    assert "Bitte begründen Sie die Ausnahme." in refused.content.decode()
    assert not ObligationEvent.objects.exists()
    assert client.post(except_url, {"reason": "Sicherheitskritisch"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Sicherheitskritisch" in page and 'id="no-blockers"' in page
    other = issued_notice(ags="09162000", title="München")
    foreign = measure(other, "Fremd", "https://gitlab.example/m/fremd")
    assert client.post(reverse("grants:obligation_exception", args=[slug, foreign.pk]),
                       {"reason": "x"}).status_code == 404  # fmt: skip
    editor = grantee_user(notice.project.organisation, "redaktion")
    client.force_login(editor)
    flag_url = reverse("grants:software_flag", args=[slug, software.pk])
    refused = client.post(flag_url, {"produces_software": "vielleicht"})
    assert refused.status_code == 400 and "Bitte Ja oder Nein angeben." in refused.content.decode()
    assert client.post(flag_url, {"produces_software": "no"}).status_code == 302
    assert not by_title(notice)["Stadt-App"].produces_software


@pytest.mark.parametrize("address", [
    "http://gitlab.example/stadt/app", "git@github.com:stadt/app.git", "https://user:pw@github.com/s/a",
    "https://localhost/s/a", "https://10.0.0.1/s/a", "https://github.com/s/a?x=1", "javascript:alert(1)",
    "https://github.com/s/a\x00b", "https://github.com/" + "a" * 600, "/srv/repos/app", "https://github.com/",
])  # fmt: skip
def test_repository_address_refused_at_the_field(notice, address):
    software = measure(notice, "Stadt-App", "https://gitlab.example/s/app")
    editor = grantee_user(notice.project.organisation, "redaktion")
    with pytest.raises(GrantError) as refused:
        obligations.measure_repository_set(actor=editor, measure=software, repository_url=address)
    assert list(refused.value.message_dict) == ["repository_url"]
    software.refresh_from_db()
    assert software.repository_url == "https://gitlab.example/s/app"
    assert not ObligationEvent.objects.exists()


def test_repository_address_set_and_cleared(notice):
    software = measure(notice, "Stadt-App")
    editor = grantee_user(notice.project.organisation, "redaktion")
    member = grantee_user(notice.project.organisation, "mitglied", role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        obligations.measure_repository_set(actor=member, measure=software,
                                           repository_url="https://github.com/s/a")  # fmt: skip
    saved = obligations.measure_repository_set(
        actor=editor, measure=software, repository_url="  https://GitHub.com/Stadt/App/  "
    )
    assert saved.repository_url == "https://github.com/Stadt/App"
    assert by_title(notice)["Stadt-App"].produces_software
    obligations.measure_repository_set(actor=editor, measure=software, repository_url="")
    assert not by_title(notice)["Stadt-App"].produces_software
    assert [e.note for e in ObligationEvent.objects.filter(measure=software)] == [
        "https://github.com/Stadt/App", ""]  # fmt: skip
