# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stadtnetz.programmes import services
from stadtnetz.programmes.models import Call, DeadlineExtension, FormVersion
from stadtnetz.programmes.seed import seed_programmes

from .factories import SECTIONS, make_call

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user):
    return make_user("office", is_programme_office=True)


def test_seed_creates_the_real_rounds_and_is_idempotent():
    first = seed_programmes()
    assert first == {"programme": 1, "calls": 4, "extensions": 1}
    assert seed_programmes() == {"programme": 0, "calls": 0, "extensions": 0}
    call_command("seed_programmes")
    assert Call.objects.count() == 4
    c2019 = Call.objects.get(code="mpsc-2019")
    assert timezone.localtime(c2019.opens_at, BERLIN).date() == dt.date(2019, 3, 29)
    assert timezone.localtime(c2019.closes_at, BERLIN) == dt.datetime(
        2019, 5, 17, 23, 59, 59, tzinfo=BERLIN
    )
    c2020 = Call.objects.get(code="mpsc-2020")
    assert c2020.theme == "Gemeinwohl und Netzwerkstadt/Stadtnetzwerk"
    assert timezone.localtime(c2020.closes_at, BERLIN).date() == dt.date(2020, 5, 20)
    extension = DeadlineExtension.objects.get(call=c2020)
    assert timezone.localtime(extension.previous_closes_at, BERLIN).date() == dt.date(2020, 4, 20)
    assert [g.title for g in c2020.criteria_groups.all()] == [
        "Gemeinwohl", "Zukunftsfähigkeit und integrierte Stadtentwicklung",
        "Netzwerkstadt: Einbezug der Akteure und lokale Ressourcen", "Stadtnetzwerk: Modellhaftigkeit",
    ]  # fmt: skip
    assert sum(g.weight for g in c2020.criteria_groups.all()) == 100
    c2021 = Call.objects.get(code="mpsc-2021")
    assert c2021.theme == "Gemeinsam aus der Krise: Raum für Zukunft"
    assert timezone.localtime(c2021.opens_at, BERLIN).date() == dt.date(2020, 12, 16)
    assert timezone.localtime(c2021.closes_at, BERLIN).date() == dt.date(2021, 3, 14)
    for call in Call.objects.all():
        assert (call.funding_rate, call.hardship_rate) == (Decimal("65.00"), Decimal("90.00"))
        assert (call.max_grant_phase_a, call.max_grant_phase_b) == (
            Decimal("2500000.00"),
            Decimal("15000000.00"),
        )
        assert call.current_form().sections.count() == 6
    demo = Call.objects.get(code="demo-erprobung")
    assert demo.status == "open"
    assert demo.closes_at - timezone.now() > dt.timedelta(weeks=5)
    assert [c.status for c in Call.objects.exclude(code="demo-erprobung")] == ["closed"] * 3


def test_seed_reopens_a_lapsed_demo_call_with_a_recorded_extension():
    seed_programmes(now=timezone.now() - dt.timedelta(weeks=20))
    demo = Call.objects.get(code="demo-erprobung")
    assert demo.status == "closed"
    assert seed_programmes()["extensions"] == 1
    demo.refresh_from_db()
    assert demo.status == "open"
    assert demo.extensions.count() == 1


def test_status_boundaries_use_aware_moments():
    call = make_call(closes_in=dt.timedelta(hours=1))
    assert call.status_at(call.opens_at - dt.timedelta(microseconds=1)) == "upcoming"
    assert call.status_at(call.opens_at) == "open"
    assert call.status_at(call.closes_at) == "open"
    assert call.status_at(call.closes_at + dt.timedelta(microseconds=1)) == "closed"


def test_deadline_extension_is_recorded_and_only_later(office):
    call = make_call()
    old = call.closes_at
    with pytest.raises(ValidationError):
        services.call_extend_deadline(
            actor=office, call=call, new_closes_at=old - dt.timedelta(days=1), reason="x"
        )
    with pytest.raises(ValidationError):
        services.call_extend_deadline(
            actor=office, call=call, new_closes_at=old + dt.timedelta(days=1), reason=" "
        )
    with pytest.raises(ValidationError):
        services.call_extend_deadline(
            actor=office, call=call, new_closes_at=dt.datetime(2099, 1, 1), reason="x"
        )
    record = services.call_extend_deadline(
        actor=office, call=call, new_closes_at=old + dt.timedelta(days=7), reason="Corona"
    )
    call.refresh_from_db()
    assert call.closes_at == old + dt.timedelta(days=7)
    assert (record.previous_closes_at, record.extended_by) == (old, office)
    with pytest.raises(services.ProgrammeError):
        services.call_update(actor=office, call=call, closes_at=old)


def test_only_the_programme_office_manages_calls(make_user):
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=make_user("x"), name="P", funder="F")


def test_form_versions_never_change_old_versions(office):
    call = make_call()
    assert call.form_versions.count() == 1
    same = services.call_form_save(actor=office, call=call, sections=SECTIONS)
    assert same.number == 1
    changed = [dict(SECTIONS[0], char_limit=900), *SECTIONS[1:]]
    v2 = services.call_form_save(actor=office, call=call, sections=changed)
    assert v2.number == 2
    assert (
        FormVersion.objects.get(call=call, number=1).sections.get(key="ausgangslage").char_limit
        == 500
    )
    with pytest.raises(ValidationError):
        services.call_form_save(actor=office, call=call, sections=[SECTIONS[0], SECTIONS[0]])


def test_criteria_weights_must_add_up(office):
    call = make_call()
    with pytest.raises(ValidationError):
        services.call_criteria_save(
            actor=office, call=call, groups=[{"title": "A", "weight": Decimal(60)}]
        )
    services.call_criteria_save(actor=office, call=call, groups=[
        {"title": "A", "weight": Decimal(60), "criteria": ["a1", "a2"]}, {"title": "B", "weight": Decimal(40)}])  # fmt: skip
    assert [c.title for c in call.criteria_groups.first().criteria.all()] == ["a1", "a2"]


def test_office_creates_edits_and_extends_a_call_through_pages(client, office):
    client.force_login(office)
    response = client.post(
        reverse("programmes:programme_create"), {"name": "Neues Programm", "funder": "Land"}
    )
    assert response.status_code == 302
    slug = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    data = {
        "round_year": 2027, "title": "Aufruf 2027", "theme": "Daten", "description": "",
        "opens_at": "2027-01-10T09:00", "closes_at": "2027-03-31T23:59", "eligible_kinds": ["municipality", "county"],
        "funding_rate": "65", "hardship_rate": "90", "max_grant_phase_a": "2500000", "max_grant_phase_b": "15000000",
        "max_duration_months": "60", "declarations": "Die Angaben sind richtig.\nKein vorzeitiger Beginn.",
    }  # fmt: skip
    bad = client.post(
        reverse("programmes:call_create", args=[slug]),
        data | {"hardship_rate": "50", "closes_at": "2026-01-01T00:00"},
    )
    assert bad.status_code == 400
    assert (
        "darf nicht unter der regulären Förderquote liegen" in bad.content.decode()
        and "Die Frist muss nach der Öffnung liegen." in bad.content.decode()
    )
    assert not Call.objects.filter(title="Aufruf 2027").exists()
    response = client.post(reverse("programmes:call_create", args=[slug]), data)
    call = Call.objects.get(title="Aufruf 2027")
    assert call.declarations == ["Die Angaben sind richtig.", "Kein vorzeitiger Beginn."]
    assert response["Location"] == reverse("programmes:call_form_edit", args=[call.pk])
    assert timezone.localtime(call.closes_at, BERLIN) == dt.datetime(
        2027, 3, 31, 23, 59, tzinfo=BERLIN
    )
    form_data = {"sections-TOTAL_FORMS": "3", "sections-INITIAL_FORMS": "0", "sections-MIN_NUM_FORMS": "0",
                 "sections-MAX_NUM_FORMS": "60",
                 "sections-0-key": "ziele", "sections-0-title": "Ziele", "sections-0-required": "on", "sections-0-char_limit": "1000",
                 "sections-1-key": "plan", "sections-1-title": "Plan", "sections-1-char_limit": "2000"}  # fmt: skip
    assert (
        client.post(reverse("programmes:call_form_edit", args=[call.pk]), form_data).status_code
        == 302
    )
    assert [s.key for s in call.current_form().sections.all()] == ["ziele", "plan"]
    duplicate = form_data | {"sections-1-key": "ziele", "sections-INITIAL_FORMS": "2"}
    assert (
        client.post(reverse("programmes:call_form_edit", args=[call.pk]), duplicate).status_code
        == 400
    )
    response = client.post(reverse("programmes:call_extend", args=[call.pk]),
                           {"new_closes_at": "2027-04-30T23:59", "reason": "Mehr Zeit"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Mehr Zeit" in page and "Ziele" in page
    criteria = {"groups-TOTAL_FORMS": "2", "groups-INITIAL_FORMS": "0", "groups-MIN_NUM_FORMS": "0", "groups-MAX_NUM_FORMS": "30",
                "groups-0-title": "Gemeinwohl", "groups-0-weight": "50", "groups-0-criteria": "a\nb",
                "groups-1-title": "Modell", "groups-1-weight": "40"}  # fmt: skip
    assert (
        client.post(reverse("programmes:call_criteria_edit", args=[call.pk]), criteria).status_code
        == 400
    )
    criteria["groups-1-weight"] = "50"
    assert (
        client.post(reverse("programmes:call_criteria_edit", args=[call.pk]), criteria).status_code
        == 302
    )
    assert call.criteria_groups.count() == 2


def test_public_pages_and_calendar(client):
    seed_programmes()
    assert (
        "Modellprojekte Smart Cities"
        in client.get(reverse("programmes:programme_list")).content.decode()
    )
    page = client.get(reverse("programmes:call_list") + "?status=open").content.decode()
    assert "Demo-Aufruf" in page and "Staffel 2019" not in page
    response = client.get(reverse("programmes:call_calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 4
    assert "DTSTART:20200520T215959Z" in body  # 20 May 2020 23:59:59 CEST
    assert "DTSTART:20190517T215959Z" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "SEQUENCE:1" in body


def test_api_lists_calls_with_offsets_and_status(client):
    seed_programmes()
    data = client.get("/api/v1/calls").json()
    assert len(data) == 4
    c2020 = next(c for c in data if c["code"] == "mpsc-2020")
    assert c2020["closes_at"] == "2020-05-20T23:59:59+02:00"
    assert c2020["status"] == "closed"
    assert c2020["funding_rate"] == "65.00"
    assert [c["code"] for c in client.get("/api/v1/calls?status=open").json()] == ["demo-erprobung"]
    assert client.get("/api/v1/calls?status=bogus").status_code == 422
    detail = client.get(f"/api/v1/calls/{c2020['id']}").json()
    assert detail["opens_at"] == "2020-02-07T00:00:00+01:00"
    assert len(detail["criteria_groups"]) == 4 and detail["extensions"][0]["reason"].startswith(
        "Verlängerung"
    )
    assert [s["key"] for s in detail["sections"]][:2] == ["ausgangslage", "strategie"]
    assert client.get("/api/v1/calls/999999").status_code == 404


def test_call_list_query_count_is_constant(client, django_assert_max_num_queries):
    seed_programmes()
    with django_assert_max_num_queries(8):
        client.get(reverse("programmes:programme_list"))
    for _ in range(5):
        make_call()
    with django_assert_max_num_queries(8):
        client.get(reverse("programmes:programme_list"))


def test_call_update_names_every_call_field_as_a_keyword():
    """Typed keyword arguments instead of **fields: an unknown name fails at the call."""
    import inspect

    parameters = inspect.signature(services.call_update).parameters
    assert set(parameters) - {"actor", "call"} == set(services.CALL_FIELDS)
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
    with pytest.raises(TypeError):
        services.call_update(actor=None, call=None, fundingrate=5)
