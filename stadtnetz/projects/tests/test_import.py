# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The import of the 73 model projects: counts, keys, members, idempotency, refused files."""

from collections import Counter

from stadtnetz.organisations.models import CooperationMember, Organisation, OrganisationKind
from stadtnetz.projects.importer import DEFAULT_FILE, model_projects_import
from stadtnetz.projects.models import ListedMember, LocationBasis, ModelProject, PopulationBasis


def test_all_73_projects_per_round_and_category(projects):
    assert projects.count() == 73
    assert Counter(projects.values_list("round_year", flat=True)) == {2019: 13, 2020: 32, 2021: 28}
    table = Counter(projects.values_list("round_year", "category"))
    assert table[(2019, "grossstadt")] == 3 and table[(2020, "kooperation")] == 8
    assert table[(2021, "landkreis")] == 6 and table[(2021, "mittelstadt")] == 6


def test_jena_is_the_municipality_with_its_ags_and_registry_population(jena):
    assert jena.organisation.kind == OrganisationKind.MUNICIPALITY
    assert jena.organisation.municipality.ags == "16053000"
    assert [s.code for s in jena.states.all()] == ["TH"]
    assert jena.population == jena.organisation.municipality.population > 100_000
    assert jena.population_basis == PopulationBasis.REGISTRY
    assert jena.location_basis == LocationBasis.MUNICIPALITY and jena.latitude is not None


def test_counties_by_key_and_cooperations_with_resolved_members(projects):
    hof = projects.get(name__startswith="Landkreis Hof")
    assert hof.organisation.kind == OrganisationKind.COUNTY
    assert hof.organisation.county.key == "09475"
    assert hof.population == 94801 and hof.population_basis == PopulationBasis.SOURCE
    cut = projects.get(name__startswith="Hamburg in Kooperation")
    assert sorted(s.code for s in cut.states.all()) == ["BY", "HH", "SN"]
    members = CooperationMember.objects.filter(cooperation=cut.organisation)
    assert sorted(m.municipality.ags for m in members) == ["02000000", "09162000", "14713000"]
    assert members.get(is_lead=True).municipality.ags == "02000000"
    kiel = projects.get(name__startswith="Smarte KielRegion")
    keys = sorted(m.key for m in CooperationMember.objects.filter(cooperation=kiel.organisation))
    assert keys == ["01002000", "01057", "01058"]
    ringelai = projects.get(name__startswith="Gemeinde Ringelai")
    grafenau = ListedMember.objects.get(project=ringelai, name="Grafenau")
    assert grafenau.municipality.ags == "09272120"  # the one in Bavaria, not Baden-Württemberg


def test_unresolved_names_are_listed_and_kept_visible(imported, projects, client):
    osnabrueck = projects.get(name__startswith="Osnabrück")
    unresolved = ListedMember.objects.filter(project=osnabrueck, municipality=None, county=None)
    assert sorted(unresolved.values_list("name", flat=True)) == [
        "Samtgemeinde Artland",
        "Samtgemeinde Fürstenau",
        "Samtgemeinde Neuenkirchen",
    ]
    assert len(imported.unresolved) == 5
    assert any("Verband Region Rhein-Neckar" in line for line in imported.unresolved)
    page = client.get(osnabrueck.get_absolute_url()).content.decode()
    assert "Samtgemeinde Artland" in page and "nicht im Gemeindeverzeichnis aufgelöst" in page
    assert "keine Gemeinde dieses Namens im Gemeindeverzeichnis" in page
    assert "no municipality of this name" not in page  # no English on the German page
    rhein_neckar = projects.get(name="Verband Region Rhein-Neckar")
    assert rhein_neckar.latitude is None and rhein_neckar.population == 2_400_000


def test_second_run_changes_nothing(projects):
    stamps = dict(ModelProject.objects.values_list("pk", "updated_at"))
    organisations = Organisation.objects.count()
    members = list(CooperationMember.objects.values_list("pk", flat=True))
    result = model_projects_import(data=DEFAULT_FILE.read_bytes())
    assert (result.created, result.updated, result.unchanged) == (0, 0, 73)
    assert dict(ModelProject.objects.values_list("pk", "updated_at")) == stamps
    assert Organisation.objects.count() == organisations
    assert list(CooperationMember.objects.values_list("pk", flat=True)) == members


def test_public_names_and_kinds_carry_no_english_source_notes(projects):
    """The source's editorial notes stay in the file; pages show German names and kinds."""
    assert not projects.filter(name__contains="listed as").exists()
    assert not projects.filter(kind_as_listed__contains="municipalit").exists()
    sueder = projects.get(round_year=2019, name="Amt Süderbrarup")
    assert sueder.kind_as_listed == "Amt (Verbund aus 13 Gemeinden)"
    assert sueder.organisation.name == "Amt Süderbrarup"
    assert projects.get(round_year=2020, name="Jena").kind_as_listed == "Gemeinde"


def test_a_project_imported_with_the_note_is_renamed_not_duplicated(projects):
    sueder = projects.get(round_year=2019, name="Amt Süderbrarup")
    noted = "Amt Süderbrarup (listed as 'Süderbrarup')"
    ModelProject.objects.filter(pk=sueder.pk).update(name=noted)
    Organisation.objects.filter(pk=sueder.organisation_id).update(name=noted)
    result = model_projects_import(data=DEFAULT_FILE.read_bytes())
    assert (result.created, result.updated) == (0, 1)
    sueder.refresh_from_db()
    assert sueder.name == "Amt Süderbrarup" and sueder.organisation.name == "Amt Süderbrarup"
    assert projects.filter(round_year=2019).count() == 13


def test_knowledge_of_a_noted_project_reaches_it(knowledge, projects):
    sueder = projects.get(round_year=2019, name="Amt Süderbrarup")
    assert sueder.measures.filter(title="Smartes DorfSHUTTLE").exists()
