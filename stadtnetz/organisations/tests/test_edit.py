# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Editing an organisation and the budgetary hardship flag with its history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadtnetz.organisations.models import HardshipRecord, Organisation, OrganisationKind

from .factories import OrganisationFactory


def edit_url(organisation) -> str:
    return reverse("organisations:edit", args=[organisation.slug])


def edit_form(organisation, **overrides) -> dict:
    data = {
        "name": organisation.name,
        "description": organisation.description,
        "website": organisation.website,
        "email": organisation.email,
        "hardship_note": "",
        "version": Organisation.objects.get(pk=organisation.pk).version,
    }
    if organisation.in_budgetary_hardship:
        data["in_budgetary_hardship"] = "on"
    data.update(overrides)
    return data


def snapshot(organisation) -> tuple:
    fresh = Organisation.objects.get(pk=organisation.pk)
    return (
        fresh.name,
        fresh.description,
        fresh.website,
        fresh.email,
        fresh.in_budgetary_hardship,
        HardshipRecord.objects.filter(organisation=organisation).count(),
    )


def test_admin_edits_the_organisation(client, people, consultancy):
    client.force_login(people.admin)
    form_page = client.get(edit_url(consultancy))
    assert form_page.status_code == 200
    assert form_page.context["form"].initial["name"] == "Beratung Süd"

    response = client.post(
        edit_url(consultancy),
        edit_form(
            consultancy,
            name="Beratung Süd GmbH",
            description="Neu",
            website="https://sued.example",
            email="info@sued.example",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == consultancy.get_absolute_url()
    consultancy.refresh_from_db()
    assert consultancy.name == "Beratung Süd GmbH"
    assert consultancy.description == "Neu"
    assert consultancy.website == "https://sued.example"
    assert consultancy.email == "info@sued.example"
    assert consultancy.slug == "beratung-sued"
    assert not HardshipRecord.objects.exists()


def test_staff_may_edit_any_organisation(client, people, consultancy):
    client.force_login(people.staff)
    response = client.post(edit_url(consultancy), edit_form(consultancy, name="Von Staff"))
    assert response.status_code == 302
    consultancy.refresh_from_db()
    assert consultancy.name == "Von Staff"


@pytest.mark.parametrize("who", ["editor", "member", "outsider", "office"])
def test_only_admins_edit(client, people, consultancy, who):
    before = snapshot(consultancy)
    client.force_login(getattr(people, who))
    assert client.get(edit_url(consultancy)).status_code == 403
    response = client.post(
        edit_url(consultancy),
        edit_form(consultancy, name="Übernommen", in_budgetary_hardship="on"),
    )
    assert response.status_code == 403
    assert snapshot(consultancy) == before
    page = client.get(consultancy.get_absolute_url()).content.decode()
    assert edit_url(consultancy) not in page


def test_anonymous_edit_goes_to_sign_in(client, consultancy):
    response = client.post(edit_url(consultancy), edit_form(consultancy, name="Anonym"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))
    assert Organisation.objects.get(pk=consultancy.pk).name == "Beratung Süd"


def test_edit_unknown_organisation_is_404(client, people):
    client.force_login(people.staff)
    assert client.get(reverse("organisations:edit", args=["gibt-es-nicht"])).status_code == 404


# --- budgetary hardship ----------------------------------------------------------------------


@pytest.fixture
def municipality_org(solingen, make_user):
    from stadtnetz.organisations.models import Membership, Role

    organisation = OrganisationFactory(
        name="Stadt Solingen", kind=OrganisationKind.MUNICIPALITY, municipality=solingen
    )
    admin = make_user("kaemmerin", first_name="Karla", last_name="Kämmerin")
    editor = make_user("sachbearbeiter")
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    Membership.objects.create(user=editor, organisation=organisation, role=Role.EDITOR)
    organisation.admin, organisation.editor = admin, editor
    return organisation


def test_admin_sets_hardship_flag_and_a_record_is_kept(client, municipality_org, english):
    organisation = municipality_org
    client.force_login(organisation.admin)

    response = client.post(
        edit_url(organisation),
        edit_form(organisation, in_budgetary_hardship="on", hardship_note="Bescheid vom 1.3."),
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.in_budgetary_hardship is True
    record = HardshipRecord.objects.get(organisation=organisation)
    assert record.value is True
    assert record.changed_by == organisation.admin
    assert record.note == "Bescheid vom 1.3."
    assert record.changed_at is not None

    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "yes – in budgetary hardship" in page
    assert "History of the hardship flag" in page
    assert "Karla Kämmerin" in page and "Bescheid vom 1.3." in page

    # Saving again without a change adds no record; removing the flag adds one.
    client.post(edit_url(organisation), edit_form(organisation, hardship_note="egal"))
    assert HardshipRecord.objects.filter(organisation=organisation).count() == 1
    organisation.in_budgetary_hardship = False
    client.post(edit_url(organisation), edit_form(organisation, hardship_note="aufgehoben"))
    organisation.refresh_from_db()
    assert organisation.in_budgetary_hardship is False
    values = list(
        HardshipRecord.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("value", "note")
    )
    assert values == [(True, "Bescheid vom 1.3."), (False, "aufgehoben")]


def test_editor_and_member_cannot_set_the_hardship_flag(client, municipality_org, make_user):
    organisation = municipality_org
    from stadtnetz.organisations.models import Membership

    member = make_user("buerger")
    Membership.objects.create(user=member, organisation=organisation, role="member")
    for user in [organisation.editor, member]:
        client.force_login(user)
        response = client.post(
            edit_url(organisation), edit_form(organisation, in_budgetary_hardship="on")
        )
        assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.in_budgetary_hardship is False
    assert not HardshipRecord.objects.exists()
    # The history is only shown to those who may edit.
    organisation.hardship_records.create(value=True, changed_by=organisation.admin, note="geheim")
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "geheim" not in page


HUGE = "a" * 10_000


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", HUGE),
        ("name", "Neu\x00"),
        ("description", HUGE),
        ("website", "javascript:alert(1)"),
        ("website", "https://example.org/" + "p" * 250),
        ("email", "kein@"),
        ("hardship_note", HUGE),
        ("hardship_note", "x\x00y"),
    ],
)
def test_hostile_edit_input_is_refused_and_nothing_is_half_saved(
    client, municipality_org, field, value
):
    organisation = municipality_org
    before = snapshot(organisation)
    client.force_login(organisation.admin)
    data = edit_form(
        organisation, name="Halb gespeichert", in_budgetary_hardship="on", hardship_note="grund"
    )
    data[field] = value
    response = client.post(edit_url(organisation), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert snapshot(organisation) == before


def test_html_in_edited_fields_is_escaped(client, people, consultancy):
    client.force_login(people.admin)
    evil = '<script>alert("x")</script>'
    client.post(edit_url(consultancy), edit_form(consultancy, name=evil, description=evil))
    consultancy.refresh_from_db()
    assert consultancy.name == evil
    page = client.get(consultancy.get_absolute_url()).content.decode()
    assert evil not in page
    assert "&lt;script&gt;" in page


def test_failed_edit_page_shows_the_saved_name(client, people, consultancy):
    client.force_login(people.admin)
    response = client.post(
        edit_url(consultancy),
        edit_form(
            consultancy, name="Nicht gespeichert", website="https://example.org/" + "p" * 250
        ),
    )
    assert response.status_code == 400
    assert "website" in response.context["form"].errors
    assert response.context["organisation"].name == "Beratung Süd"
    assert "Nicht gespeichert" not in response.content.decode().split("<form")[0]


def test_two_stale_edit_forms_the_second_gets_409_with_both_versions(client, people, consultancy):
    client.force_login(people.admin)
    loaded = client.get(edit_url(consultancy)).context["form"].initial["version"]
    first = edit_form(consultancy, name="Beratung Süd GmbH", version=loaded)
    second = edit_form(consultancy, description="Zweite Beschreibung", version=loaded)
    assert client.post(edit_url(consultancy), first).status_code == 302
    response = client.post(edit_url(consultancy), second)
    assert response.status_code == 409
    fresh = Organisation.objects.get(pk=consultancy.pk)
    assert (fresh.name, fresh.description, fresh.version) == ("Beratung Süd GmbH", "", 1)
    rows = {row.name: (row.current, row.attempted) for row in response.context["conflict_rows"]}
    assert rows["name"] == ("Beratung Süd GmbH", "Beratung Süd")
    assert rows["description"] == ("–", "Zweite Beschreibung")
    assert 'id="conflict-table"' in response.content.decode()


def test_a_stale_form_does_not_undo_a_hardship_change(client, municipality_org):
    organisation = municipality_org
    client.force_login(organisation.admin)
    stale = edit_form(organisation, name="Neuer Name")
    assert "in_budgetary_hardship" not in stale
    client.post(
        edit_url(organisation),
        edit_form(organisation, in_budgetary_hardship="on", hardship_note="Haushalt"),
    )
    assert Organisation.objects.get(pk=organisation.pk).in_budgetary_hardship
    response = client.post(edit_url(organisation), stale)
    assert response.status_code == 409
    fresh = Organisation.objects.get(pk=organisation.pk)
    assert fresh.in_budgetary_hardship and fresh.name == organisation.name
    assert HardshipRecord.objects.filter(organisation=organisation).count() == 1
