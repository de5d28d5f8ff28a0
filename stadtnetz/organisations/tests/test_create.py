# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Creating organisations: who may create which kind, registry links, cooperations, bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from stadtnetz.organisations.models import (
    CooperationMember,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)
from stadtnetz.organisations.services import OrganisationError, organisation_create

from .factories import OrganisationFactory

CREATE = reverse("organisations:create")
SOLINGEN, WUPPERTAL, REMSCHEID, METTMANN = "05122000", "05124000", "05120000", "05158"


def form(**overrides) -> dict:
    data = {
        "kind": OrganisationKind.CONSULTANCY,
        "name": "Digitalberatung West",
        "registry_key": "",
        "members": "",
        "description": "",
        "website": "",
        "email": "",
    }
    data.update(overrides)
    return data


def errors(response, field: str) -> list[str]:
    """The field's errors as English text (lazy messages are rendered after the request)."""
    with translation.override("en"):
        return [str(error) for error in response.context["form"].errors.get(field, [])]


def counts() -> tuple[int, int, int]:
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        CooperationMember.objects.count(),
    )


# --- who may create ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, db):
    for response in [client.get(CREATE), client.post(CREATE, form())]:
        assert response.status_code == 302
        assert response["Location"] == reverse("users:login") + "?next=" + CREATE
    assert not Organisation.objects.exists()


def test_unverified_user_gets_403(client, make_user, english):
    client.force_login(make_user("neu", verified=False))
    get = client.get(CREATE)
    assert get.status_code == 403
    assert "Please confirm your email address first." in get.content.decode()
    assert client.post(CREATE, form()).status_code == 403
    assert not Organisation.objects.exists()


def test_verified_user_creates_a_consultancy_and_becomes_its_admin(client, make_user):
    user = make_user("gruenderin")
    client.force_login(user)
    response = client.post(
        CREATE,
        form(
            name="Digitalberatung West",
            description="Wir beraten Kommunen.",
            website="beratung.example",
            email="kontakt@beratung.example",
        ),
    )
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.kind == OrganisationKind.CONSULTANCY
    assert organisation.slug == "digitalberatung-west"
    assert organisation.website == "https://beratung.example"
    assert organisation.municipality is None and organisation.county is None
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (user, Role.ADMIN)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Digitalberatung West" in page and "Wir beraten Kommunen." in page
    assert reverse("organisations:edit", args=[organisation.slug]) in page


def test_same_name_gets_a_distinct_slug(client, make_user):
    client.force_login(make_user())
    client.post(CREATE, form(name="Straßen & Wege"))
    client.post(CREATE, form(name="Straßen & Wege"))
    assert sorted(Organisation.objects.values_list("slug", flat=True)) == [
        "strassen-wege",
        "strassen-wege-2",
    ]


@pytest.mark.parametrize(
    "kind",
    [OrganisationKind.RESEARCH_INSTITUTE, OrganisationKind.COMPANY, OrganisationKind.ASSOCIATION],
)
def test_other_actor_kinds_are_open_to_verified_users(client, make_user, kind):
    user = make_user()
    client.force_login(user)
    assert client.post(CREATE, form(kind=kind)).status_code == 302
    organisation = Organisation.objects.get(kind=kind)
    assert Membership.objects.get(organisation=organisation).user == user


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        (OrganisationKind.MUNICIPALITY, {"registry_key": SOLINGEN, "name": ""}),
        (OrganisationKind.COUNTY, {"registry_key": METTMANN, "name": ""}),
        (OrganisationKind.COOPERATION, {"members": f"*{SOLINGEN}\n{WUPPERTAL}"}),
        (OrganisationKind.PROGRAMME_OFFICE, {}),
    ],
)
def test_public_bodies_and_programme_offices_are_not_for_ordinary_users(
    client, make_user, registry, english, kind, extra
):
    client.force_login(make_user())
    response = client.post(CREATE, form(kind=kind, **extra))
    assert response.status_code == 400
    assert "kind" in response.context["form"].errors
    assert counts() == (0, 0, 0)


def test_programme_office_creates_a_municipality_with_its_official_name(
    client, make_user, solingen
):
    office = make_user("office", is_programme_office=True)
    client.force_login(office)
    response = client.post(
        CREATE, form(kind=OrganisationKind.MUNICIPALITY, name="", registry_key=SOLINGEN)
    )
    organisation = Organisation.objects.get()
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.municipality == solingen
    assert organisation.name == solingen.name
    assert organisation.county is None
    # Public bodies get their first administrator by invitation, not the creator.
    assert not Membership.objects.exists()
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert SOLINGEN in page
    assert reverse("municipalities:detail", args=[SOLINGEN]) in page


def test_programme_office_creates_a_county(client, make_user, registry):
    client.force_login(make_user("office", is_programme_office=True))
    response = client.post(CREATE, form(kind=OrganisationKind.COUNTY, registry_key=METTMANN))
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.county.key == METTMANN
    assert organisation.municipality is None


def test_only_staff_create_a_programme_office(client, make_user, english):
    client.force_login(make_user("office", is_programme_office=True))
    refused = client.post(CREATE, form(kind=OrganisationKind.PROGRAMME_OFFICE, name="PT"))
    assert refused.status_code == 400
    assert errors(refused, "kind") == ["Only platform staff create programme-office organisations."]
    assert not Organisation.objects.exists()

    client.force_login(make_user("staff", is_staff=True))
    created = client.post(CREATE, form(kind=OrganisationKind.PROGRAMME_OFFICE, name="PT"))
    assert created.status_code == 302
    assert Organisation.objects.get().kind == OrganisationKind.PROGRAMME_OFFICE
    assert not Membership.objects.exists()


def test_service_enforces_the_same_rules(make_user, registry):
    user = make_user()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        organisation_create(actor=user, kind=OrganisationKind.MUNICIPALITY, name="X")
    with pytest.raises(PermissionDenied):
        organisation_create(actor=make_user(verified=False), kind="consultancy", name="X")
    assert not Organisation.objects.exists()


# --- registry links -------------------------------------------------------------------------


@pytest.fixture
def office(client, make_user, registry):
    user = make_user("office", is_programme_office=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "Enter the 8-digit AGS of the municipality."),
        ("0512200", "Enter the 8-digit AGS of the municipality."),
        ("abcdefgh", "Enter the 8-digit AGS of the municipality."),
        ("05999999", "No municipality has the AGS 05999999."),
        ("05122", "Enter the 8-digit AGS of the municipality."),
    ],
)
def test_municipality_needs_an_existing_ags(client, office, english, key, message):
    response = client.post(CREATE, form(kind=OrganisationKind.MUNICIPALITY, registry_key=key))
    assert response.status_code == 400
    assert errors(response, "registry_key") == [message]
    assert counts() == (0, 0, 0)


def test_county_needs_an_existing_county_key(client, office, english):
    response = client.post(CREATE, form(kind=OrganisationKind.COUNTY, registry_key="05999"))
    assert response.status_code == 400
    assert errors(response, "registry_key") == ["No county has the key 05999."]
    assert not Organisation.objects.exists()


def test_only_one_organisation_per_municipality(client, office, english):
    first = client.post(CREATE, form(kind=OrganisationKind.MUNICIPALITY, registry_key=SOLINGEN))
    assert first.status_code == 302
    second = client.post(
        CREATE, form(kind=OrganisationKind.MUNICIPALITY, name="Solingen 2", registry_key=SOLINGEN)
    )
    assert second.status_code == 400
    assert "This municipality is already on Stadtnetz." in second.content.decode()
    assert Organisation.objects.count() == 1


def test_only_one_organisation_per_county(client, office, english):
    client.post(CREATE, form(kind=OrganisationKind.COUNTY, registry_key=METTMANN))
    second = client.post(CREATE, form(kind=OrganisationKind.COUNTY, registry_key=METTMANN))
    assert second.status_code == 400
    assert "This county is already on Stadtnetz." in second.content.decode()
    assert Organisation.objects.count() == 1


def test_other_kinds_have_no_official_key_or_member_list(client, make_user, registry, english):
    client.force_login(make_user())
    response = client.post(CREATE, form(registry_key=SOLINGEN, members=f"*{SOLINGEN}\n{WUPPERTAL}"))
    assert response.status_code == 400
    assert errors(response, "registry_key") == [
        "Only municipalities and counties have an official key."
    ]
    assert errors(response, "members") == ["Only cooperations have member municipalities."]
    assert counts() == (0, 0, 0)


# --- cooperations --------------------------------------------------------------------------


def test_cooperation_with_lead_and_members(client, office):
    response = client.post(
        CREATE,
        form(
            kind=OrganisationKind.COOPERATION,
            name="Bergisches Städtedreieck",
            members=f"  {WUPPERTAL}\n\n* {SOLINGEN}\r\n{REMSCHEID}\n{METTMANN}\n",
        ),
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    rows = list(organisation.cooperation_members.all())
    assert [row.key for row in rows] == [SOLINGEN, WUPPERTAL, REMSCHEID, METTMANN]
    assert [row.is_lead for row in rows] == [True, False, False, False]
    assert rows[-1].county is not None and rows[-1].municipality is None
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert SOLINGEN in page and WUPPERTAL in page and METTMANN in page


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ("", "A cooperation needs at least two municipalities or counties."),
        (f"*{SOLINGEN}", "A cooperation needs at least two municipalities or counties."),
        (f"{SOLINGEN}\n{WUPPERTAL}", "Mark exactly one member as lead with *."),
        (f"*{SOLINGEN}\n*{WUPPERTAL}", "Mark exactly one member as lead with *."),
        (f"*{SOLINGEN}\n05999999", "“05999999” is not a known AGS or county key."),
        (f"*{SOLINGEN}\nSolingen", "“Solingen” is not a known AGS or county key."),
        (f"*{SOLINGEN}\n{SOLINGEN}", "05122000 is listed twice."),
    ],
    ids=["none", "one", "no-lead", "two-leads", "unknown-key", "name-not-key", "duplicate"],
)
def test_cooperation_member_list_is_checked_at_the_field(client, office, english, members, message):
    response = client.post(
        CREATE, form(kind=OrganisationKind.COOPERATION, name="Verbund", members=members)
    )
    assert response.status_code == 400
    assert message in errors(response, "members")
    assert counts() == (0, 0, 0)


def test_cooperation_service_rolls_back_on_duplicate_members(make_user, solingen):
    from stadtnetz.organisations.services import CooperationEntry

    office = make_user("office", is_programme_office=True)
    entries = [CooperationEntry(municipality=solingen, is_lead=True)] * 2
    with pytest.raises(OrganisationError):
        organisation_create(actor=office, kind="cooperation", name="Doppelt", members=entries)
    assert counts() == (0, 0, 0)


# --- hostile input ---------------------------------------------------------------------------

HUGE = "a" * 10_000


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", ""),
        ("kind", "superuser"),
        ("kind", "consultancy\x00"),
        ("name", ""),
        ("name", "   "),
        ("name", HUGE),
        ("name", "Beratung\x00Nord"),
        ("registry_key", "05122000'; DROP TABLE organisations_organisation; --"),
        ("registry_key", "x\x00"),
        ("members", HUGE),
        ("description", HUGE),
        ("description", "ok\x00"),
        ("website", "javascript:alert(1)"),
        ("website", "https://" + "a" * 300 + ".example"),
        ("website", HUGE),
        ("email", "<script>@example.org"),
        ("email", HUGE),
    ],
)
def test_hostile_create_input_gives_field_errors_and_saves_nothing(
    client, make_user, registry, field, value
):
    client.force_login(make_user())
    response = client.post(CREATE, form(**{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert counts() == (0, 0, 0)


def test_long_but_valid_website_is_refused_at_the_field(client, make_user):
    client.force_login(make_user())
    url = "https://example.org/" + "p" * 250
    response = client.post(CREATE, form(website=url))
    assert response.status_code == 400
    assert "website" in response.context["form"].errors
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    "name",
    ['<script>alert("x")</script>', "Robert'); DROP TABLE organisations_organisation; --"],
    ids=["html", "sql"],
)
def test_odd_but_legal_names_are_stored_verbatim_and_escaped(client, make_user, name):
    client.force_login(make_user())
    response = client.post(CREATE, form(name=name, description=name))
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.name == name
    assert organisation.slug
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    listing = client.get(reverse("organisations:list"), {"q": "robert"}).content.decode()
    assert "<script>alert" not in listing


def test_create_page_lists_kinds_and_is_only_linked_for_permitted_users(client, make_user):
    listing = client.get(reverse("organisations:list")).content.decode()
    assert CREATE not in listing
    client.force_login(make_user())
    page = client.get(CREATE)
    assert page.status_code == 200
    assert [value for value, _label in page.context["form"].fields["kind"].choices] == list(
        OrganisationKind.values
    )
    assert CREATE in client.get(reverse("organisations:list")).content.decode()


def test_organisation_list_search_and_filter(client, db, english):
    OrganisationFactory(name="Alpha Beratung")
    OrganisationFactory(name="Beta Forschung", kind=OrganisationKind.RESEARCH_INSTITUTE)
    everything = client.get(reverse("organisations:list"))
    assert everything.context["page_obj"].paginator.count == 2
    found = client.get(reverse("organisations:list"), {"q": "alpha"})
    assert [o.name for o in found.context["page_obj"]] == ["Alpha Beratung"]
    kind = client.get(reverse("organisations:list"), {"kind": "research_institute"})
    assert [o.name for o in kind.context["page_obj"]] == ["Beta Forschung"]
    for bad in [{"kind": "nonsense"}, {"q": HUGE}, {"q": "a\x00"}]:
        response = client.get(reverse("organisations:list"), bad)
        assert response.status_code == 400
        assert response.context["page_obj"] is None
        assert response.context["form"].errors
    odd = client.get(reverse("organisations:list"), {"q": "%_'; DROP TABLE x; --"})
    assert odd.status_code == 200
    assert odd.context["page_obj"].paginator.count == 0
    assert Organisation.objects.count() == 2


def test_unknown_organisation_page_is_404(client, db):
    assert client.get(reverse("organisations:detail", args=["gibt-es-nicht"])).status_code == 404
