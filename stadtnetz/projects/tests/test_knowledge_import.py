# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The import of profiles, measures, lessons and documented transfers of the real files."""

from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from stadtnetz.projects import services
from stadtnetz.projects.knowledge_import import (
    COLUMNS,
    DEFAULT_FILES,
    KnowledgeRefused,
    knowledge_import,
)
from stadtnetz.projects.models import (
    DocumentedTransfer,
    FieldOfAction,
    Lesson,
    Measure,
    MeasureRevision,
    MeasureStatus,
    ModelProject,
    Provenance,
)
from stadtnetz.search.models import SearchDocument


def _files(**replace: bytes) -> dict[str, bytes]:
    files = {name: path.read_bytes() for name, path in DEFAULT_FILES.items()}
    files.update(replace)
    return files


def test_counts_provenance_and_sources(knowledge):
    assert (
        knowledge.counts["measures"]["created"] + knowledge.counts["measures"]["unchanged"] == 484
    )
    assert Measure.objects.filter(provenance=Provenance.IMPORT).count() == 484
    assert Lesson.objects.filter(provenance=Provenance.IMPORT).count() == 136
    assert DocumentedTransfer.objects.count() == 24
    assert not Measure.objects.filter(source_url="").exists()
    assert not Lesson.objects.filter(source_url="").exists()
    assert Counter(Measure.objects.values_list("status", flat=True)) == {
        "done": 148, "in_progress": 113, "planned": 109, "unknown": 104, "continued": 5,
        "stopped": 5,
    }  # fmt: skip
    # each imported measure has a history record "imported" without a person
    revision = MeasureRevision.objects.filter(action="imported").first()
    assert (
        revision.changed_by is None
        and MeasureRevision.objects.filter(action="imported").count() == 484
    )


def test_profile_figures_notes_and_phases(knowledge):
    ulm = ModelProject.objects.get(name="Ulm", round_year=2019)
    assert ulm.motto.startswith("Ulm4CleverCity")
    assert ulm.funding_federal == Decimal("7800000") and ulm.funding_rate == Decimal("65")
    assert ulm.total_budget == Decimal("12000000") and ulm.started_with == "strategy"
    assert "Schwäbische" in ulm.profile_notes and len(ulm.profile_sources) == 7
    assert ulm.own_fields_of_action_list[0] == "Wachsende Stadt"
    with_phases = ModelProject.objects.filter(phases__phase="B", phases__ends_on__isnull=False)
    assert with_phases.distinct().count() == 32
    phase = with_phases.first().phases.get(phase="B")
    assert phase.ends_on.day >= 28  # a month's end


def test_fields_of_action_primary_first(knowledge):
    measure = Measure.objects.get(title="Open SmartCity HUB (urbane Datenplattform)")
    assert measure.primary_field.code == "daten-plattformen"
    two = Measure.objects.filter(import_key__startswith="").exclude(primary_field=None)
    counts = Counter(
        len(m.fields_of_action.all()) for m in two.prefetch_related("fields_of_action")
    )
    assert set(counts) == {1, 2} and sum(counts.values()) == 484
    mobility = FieldOfAction.objects.get(code="mobilitaet")
    assert Measure.objects.filter(fields_of_action=mobility).count() >= 39
    general = Lesson.objects.filter(fields_of_action=None).count()
    assert general == 48


def test_transfers_resolved_to_the_registry(knowledge):
    soest = DocumentedTransfer.objects.get(adopter_name="Soest")
    assert soest.adopter_municipality.state.code == "NW" and soest.resolved
    fulda = DocumentedTransfer.objects.get(adopter_name="Landkreis Fulda")
    assert fulda.adopter_county.key == "06631"
    smart_village = DocumentedTransfer.objects.filter(solution_name="Smart Village App")
    assert smart_village.count() == 7
    assert smart_village.first().origin.name.startswith("Bad Belzig")


def test_reimport_changes_nothing(knowledge):
    revisions = MeasureRevision.objects.count()
    result = knowledge_import(files=_files())
    assert result.counts["measures"] == {"created": 0, "updated": 0, "unchanged": 484}
    assert result.counts["profiles"]["unchanged"] == 73
    assert result.counts["lessons"]["unchanged"] == 136
    assert result.counts["reuses"]["unchanged"] == 24
    assert MeasureRevision.objects.count() == revisions


def test_the_index_has_the_imported_records(knowledge):
    assert SearchDocument.objects.filter(doc_type="measure").count() == 484
    assert SearchDocument.objects.filter(doc_type="lesson").count() == 136


def _replace_in(name: str, old: str, new: str) -> bytes:
    text = DEFAULT_FILES[name].read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new).encode()


@pytest.fixture
def hub(knowledge):
    return Measure.objects.get(import_key="Open SmartCity HUB (urbane Datenplattform)")


def test_an_editors_change_survives_the_reimport(hub, make_user):
    from stadtnetz.organisations.models import Membership, Role

    editor = make_user("solingen-redaktion")
    Membership.objects.create(user=editor, organisation=hub.project.organisation, role=Role.EDITOR)
    services.measure_save(
        actor=editor, project=hub.project, measure=hub,
        values={"title": "Open SmartCity HUB", "description": "Von der Stadt beschrieben."},
        fields_of_action=list(hub.fields_of_action.all()),
    )  # fmt: skip
    # the source changes the summary (edited) and the status (not edited)
    old_summary = "Datenplattform, die Daten aus verschiedenen Quellen bündelt und an App, " \
        "Infostelen und Web-Angebot weitergibt.\",umgesetzt"  # fmt: skip
    measures = _replace_in("measures", old_summary,
                           "Neue Zusammenfassung der Quelle.\",verstetigt")  # fmt: skip
    result = knowledge_import(files=_files(measures=measures))
    hub.refresh_from_db()
    assert hub.title == "Open SmartCity HUB"  # the editor's title
    assert hub.description == "Von der Stadt beschrieben."  # the editor's text, not the source's
    assert hub.status == MeasureStatus.CONTINUED  # a field nobody edited follows the source
    assert any("description" in entry for entry in result.kept_editor_changes)
    assert result.counts["measures"]["updated"] == 1
    assert hub.revisions.first().action == "reimported"
    # the next import with the same file changes nothing and still keeps the editor's text
    again = knowledge_import(files=_files(measures=measures))
    assert again.counts["measures"]["unchanged"] == 484
    hub.refresh_from_db()
    assert hub.description == "Von der Stadt beschrieben."


def test_an_editors_profile_website_is_kept(knowledge):
    solingen = ModelProject.objects.get(name="Solingen")
    solingen.website = "https://www.solingen.de/smart"
    solingen.save()
    knowledge_import(files=_files())
    solingen.refresh_from_db()
    assert solingen.website == "https://www.solingen.de/smart"


def _one_row(name: str, row: str) -> dict[str, bytes]:
    files = {key: (",".join(COLUMNS[key]) + "\n").encode() for key in COLUMNS}
    files[name] = (",".join(COLUMNS[name]) + "\n" + row + "\n").encode()
    return files


GOOD_MEASURE = "Jena,2020,Neue Maßnahme,,Kurz.,geplant,,https://example.org/a,mobilitaet"
BAD = {
    "wrong column count": ("measures", "Jena,2020,Neue Maßnahme,,Kurz.", "Expected 9 fields"),
    "unknown project": (
        "measures", "Nirgendwo,2020,M,,Kurz.,geplant,,https://example.org/a,mobilitaet",
        "Unknown model project",
    ),
    "unknown field of action": (
        "measures", "Jena,2020,M,,Kurz.,geplant,,https://example.org/a,raumfahrt",
        "Unknown field-of-action key",
    ),
    "three fields of action": (
        "measures", "Jena,2020,M,,Kurz.,geplant,,https://example.org/a,"
        "mobilitaet ; verwaltung ; gesundheit", "one or two",
    ),
    "non-http source": (
        "lessons", "Jena,2020,T,Text,,javascript:alert(1),", "not an http:// or https:// address",
    ),
    "ftp source": ("measures", "Jena,2020,M,,Kurz.,geplant,,ftp://example.org/a,mobilitaet",
                   "not an http"),
    "amount not a number": (
        "profiles", "Jena,2020,,9 Mio.,,,,,,,,,,,", "not a number",
    ),
    "rate over 100": ("profiles", "Jena,2020,,,150,,,,,,,,,,", "larger than 100"),
    "round year outside the rounds": (
        "measures", "Jena,2018,M,,Kurz.,geplant,,https://example.org/a,mobilitaet",
        "not a round of the programme",
    ),
    "transfer year outside": (
        "reuses", "App,Jena,2020,,Weimar,TH,Nachnutzung,1999,https://example.org/a",
        "outside the programme",
    ),
    "unknown status": (
        "measures", "Jena,2020,M,,Kurz.,fertig,,https://example.org/a,mobilitaet",
        "Unknown status",
    ),
    "phase month": ("profiles", "Jena,2020,,,,,2022-13,,,,,,,,", "not a month"),
    "phase ends before start": (
        "profiles", "Jena,2020,,,,,2022-06,2022-01,,,,,,,", "ends before it starts"
    ),
    "unknown state": (
        "reuses", "App,Jena,2020,,Weimar,XX,Nachnutzung,,https://example.org/a",
        "Unknown state code",
    ),
    "duplicate": ("measures", GOOD_MEASURE + "\n" + GOOD_MEASURE, "Duplicate of line 2"),
    "html in a name is kept as text but an empty summary is refused": (
        "measures", "Jena,2020,<script>x</script>,,,geplant,,https://example.org/a,mobilitaet",
        "summary is empty",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_rows_are_refused_with_file_line_and_reason(projects, case):
    name, row, reason = BAD[case]
    before = (Measure.objects.count(), Lesson.objects.count(), DocumentedTransfer.objects.count())
    with pytest.raises(KnowledgeRefused) as refused:
        knowledge_import(files=_one_row(name, row))
    line = 3 if case == "duplicate" else 2
    assert any(
        file == f"{name}.csv" and number == line and reason in text
        for file, number, text in refused.value.problems
    ), refused.value.problems
    after = (Measure.objects.count(), Lesson.objects.count(), DocumentedTransfer.objects.count())
    assert after == before


def test_a_bad_last_file_leaves_nothing_of_the_good_ones(projects):
    files = _one_row("measures", GOOD_MEASURE)
    files["reuses"] = (",".join(COLUMNS["reuses"]) + "\nApp,Jena,2020,,Weimar,TH,x,,"
                       "https://example.org/a\n").encode()  # fmt: skip
    with pytest.raises(KnowledgeRefused):
        knowledge_import(files=files)
    assert not Measure.objects.filter(title="Neue Maßnahme").exists()


def test_ambiguous_and_unknown_adopters_stay_visibly_unresolved(projects):
    # "Altenstadt" names several municipalities in Bavaria; "Nirgendwo" none
    files = _one_row(
        "reuses", "App,Jena,2020,,Altenstadt,BY,Nachnutzung,,https://example.org/a\n"
        "App,Jena,2020,,Nirgendwo,TH,Nachnutzung,,https://example.org/b",
    )  # fmt: skip
    result = knowledge_import(files=files)
    neustadt = DocumentedTransfer.objects.get(adopter_name="Altenstadt")
    assert (
        not neustadt.resolved
        and neustadt.unresolved_reason == "several municipalities of this name"
    )
    nowhere = DocumentedTransfer.objects.get(adopter_name="Nirgendwo")
    assert not nowhere.resolved and "no municipality" in nowhere.unresolved_reason
    assert any(line.startswith("reuses.csv, line 2: Altenstadt (BY)") for line in result.unresolved)
    assert any(line.startswith("reuses.csv, line 3: Nirgendwo") for line in result.unresolved)
    DocumentedTransfer.objects.filter(adopter_name__in=["Altenstadt", "Nirgendwo"]).delete()


def test_command_reports_file_line_and_reason(projects, tmp_path, capsys):
    bad = tmp_path / "m.csv"
    bad.write_text(",".join(COLUMNS["measures"]) + "\nJena,2020,M,,K,geplant,,x,mobilitaet\n",
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_project_knowledge", "--measures", str(bad))
    assert "measures.csv, line 2: The source_url 'x'" in capsys.readouterr().err
