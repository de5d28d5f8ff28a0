# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Onboarding (issue 16, item 16): claim a public body without administrator, ask to join an
organisation; the programme office decides claims, the organisation's admins decide requests."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from stadtnetz.municipalities.models import Municipality
from stadtnetz.organisations import services
from stadtnetz.organisations.models import (
    Membership,
    MembershipRequest,
    Organisation,
    OrganisationKind,
    RequestStatus,
    Role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def jena(registry):
    """Jena's organisation as the model-project import creates it: no members, no domain."""
    municipality = Municipality.objects.get(ags="16053000")
    organisation = Organisation(
        kind=OrganisationKind.MUNICIPALITY, municipality=municipality, name=municipality.name,
        slug="jena",
    )  # fmt: skip
    organisation.full_clean()
    organisation.save()
    return organisation


@pytest.fixture
def office(make_user):
    return make_user("buero", email="buero@programm.example", is_programme_office=True)


def _join(client, organisation, message="Leiterin Digitalisierung"):
    return client.post(
        reverse("organisations:join", args=[organisation.slug]),
        {"message": message},
        headers={"accept-language": "de"},
    )


# --- claims ------------------------------------------------------------------------------------


def test_an_address_on_the_official_domain_makes_the_first_administrator_at_once(
    client, jena, make_user, django_capture_on_commit_callbacks
):
    jena.official_domains = "jena.de"
    jena.save()
    lead = make_user("lead", email="Smart.City@Stadt.JENA.de")
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = _join(client, jena)
    assert response.status_code == 302 and response["Location"] == jena.get_absolute_url()
    assert Membership.objects.get(organisation=jena).role == Role.ADMIN
    claim = MembershipRequest.objects.get(organisation=jena)
    assert (claim.status, claim.verified_domain, claim.decided_by) == ("accepted", "jena.de", None)
    assert mail.outbox == []  # nobody needed to decide


def test_a_lookalike_domain_is_not_official(jena, make_user, office):
    jena.official_domains = "jena.de"
    jena.save()
    for address in ["x@evil-jena.de", "x@jena.de.example.org", "x@jena.dee"]:
        user = make_user(email=address)
        claim = services.organisation_claim(actor=user, organisation=jena)
        assert claim.is_pending, address
    assert not Membership.objects.filter(organisation=jena).exists()


def test_the_website_host_counts_as_domain_when_none_is_set(jena):
    jena.website = "https://www.jena.de/de/rathaus"
    assert jena.email_domains == ["jena.de"]
    assert jena.matching_domain("it@jena.de") == "jena.de"
    jena.official_domains = "jena.de, stadtwerke-jena.de"
    assert jena.email_domains == ["jena.de", "stadtwerke-jena.de"]


def test_without_a_known_domain_jena_is_claimed_through_the_programme_office(
    client, jena, make_user, office, django_capture_on_commit_callbacks
):
    lead = make_user("lead", email="lead@example.org")
    client.force_login(lead)
    page = client.get(jena.get_absolute_url()).content.decode()
    assert "Organisation übernehmen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = _join(client, jena)
    assert response["Location"] == reverse("dashboard:home")
    claim = MembershipRequest.objects.get(organisation=jena)
    assert claim.is_pending and claim.message == "Leiterin Digitalisierung"
    assert [m.to for m in mail.outbox] == [["buero@programm.example"]]
    assert reverse("organisations:claims") in mail.outbox[0].body
    mail.outbox.clear()

    client.force_login(office)
    page = client.get(reverse("organisations:claims")).content.decode()
    assert "Jena" in page and "lead@example.org" in page
    url = reverse("organisations:request_decide", args=[claim.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "accept"})
    assert response.status_code == 302
    assert Membership.objects.get(organisation=jena, user=lead).role == Role.ADMIN
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by, claim.role) == ("accepted", office, "admin")
    assert claim.decided_at is not None
    assert mail.outbox[0].to == ["lead@example.org"]
    assert "angenommen" in mail.outbox[0].subject


def test_claiming_twice_is_refused_with_a_message(client, jena, make_user, office):
    lead = make_user("lead")
    client.force_login(lead)
    assert _join(client, jena).status_code == 302
    response = _join(client, jena)
    assert response.status_code == 400
    assert 'id="join-pending"' in response.content.decode()
    assert MembershipRequest.objects.filter(organisation=jena).count() == 1
    with pytest.raises(services.OrganisationError, match="bereits angefragt"):
        with transaction.atomic():
            services.organisation_claim(actor=lead, organisation=jena)


def test_an_organisation_with_administrators_cannot_be_claimed(client, jena, make_user):
    Membership.objects.create(user=make_user("chefin"), organisation=jena, role=Role.ADMIN)
    intruder = make_user("intruder")
    with pytest.raises(services.OrganisationError, match="hat bereits eine Administration"):
        services.organisation_claim(actor=intruder, organisation=jena)
    client.force_login(intruder)
    # the page offers the membership request instead
    response = _join(client, jena)
    assert response.status_code == 302
    assert MembershipRequest.objects.get(user=intruder).kind == "membership"
    assert not Membership.objects.filter(user=intruder).exists()


def test_a_claim_accepted_after_someone_else_became_admin_is_refused(jena, make_user, office):
    first, second = make_user("erste"), make_user("zweite")
    claim_one = services.organisation_claim(actor=first, organisation=jena)
    claim_two = services.organisation_claim(actor=second, organisation=jena)
    services.membership_request_accept(actor=office, membership_request=claim_one)
    with pytest.raises(services.OrganisationError, match="hat inzwischen eine Administration"):
        services.membership_request_accept(actor=office, membership_request=claim_two)
    assert not Membership.objects.filter(user=second).exists()


def test_only_the_programme_office_decides_claims(client, jena, make_user, office):
    claim = services.organisation_claim(actor=make_user("lead"), organisation=jena)
    url = reverse("organisations:request_decide", args=[claim.pk])
    stranger = make_user("fremd")
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "accept"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.membership_request_accept(actor=stranger, membership_request=claim)
    assert client.get(reverse("organisations:claims")).status_code == 403
    claim.refresh_from_db()
    assert claim.is_pending


def test_unconfirmed_addresses_and_consultancies_cannot_be_claimed(client, jena, make_user):
    unconfirmed = make_user("neu", verified=False)
    with pytest.raises(services.OrganisationError, match="bestätigen Sie zuerst"):
        services.organisation_claim(actor=unconfirmed, organisation=jena)
    owner = make_user("inhaber")
    consultancy = services.organisation_create(
        actor=owner, kind=OrganisationKind.CONSULTANCY, name="Beratung"
    )
    with pytest.raises(services.OrganisationError, match="Nur Kommunen"):
        services.organisation_claim(actor=make_user("x"), organisation=consultancy)


# --- membership requests -----------------------------------------------------------------------


@pytest.fixture
def solingen_org(solingen, office, make_user):
    organisation = services.organisation_create(
        actor=office, kind=OrganisationKind.MUNICIPALITY, name="Solingen", municipality=solingen
    )
    admin = make_user("admin", email="admin@solingen.de")
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    organisation.admin = admin
    return organisation


def test_admins_accept_a_request_with_the_role_they_choose(
    client, solingen_org, make_user, django_capture_on_commit_callbacks
):
    asker = make_user("asker", email="asker@example.org")
    client.force_login(asker)
    with django_capture_on_commit_callbacks(execute=True):
        assert _join(client, solingen_org, "Kämmerei").status_code == 302
    request = MembershipRequest.objects.get(user=asker)
    assert [m.to for m in mail.outbox] == [["admin@solingen.de"]]
    mail.outbox.clear()

    client.force_login(solingen_org.admin)
    members = client.get(reverse("organisations:members", args=[solingen_org.slug]))
    assert "Kämmerei" in members.content.decode()
    url = reverse("organisations:request_decide", args=[request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "accept", "accept-role": "editor"})
    assert response["Location"] == reverse("organisations:members", args=[solingen_org.slug])
    assert Membership.objects.get(user=asker, organisation=solingen_org).role == Role.EDITOR
    request.refresh_from_db()
    assert (request.status, request.role, request.decided_by) == (
        "accepted", "editor", solingen_org.admin,
    )  # fmt: skip
    assert mail.outbox[0].to == ["asker@example.org"]
    # deciding again is refused: nothing changes
    response = client.post(url, {"action": "refuse", "refuse-reason": "doch nicht"})
    assert response.status_code == 400
    assert "angenommen" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "accepted"


def test_refusing_needs_a_reason_and_tells_the_person(
    client, solingen_org, make_user, django_capture_on_commit_callbacks
):
    asker = make_user("asker", email="asker@example.org")
    request = services.membership_request_create(actor=asker, organisation=solingen_org)
    client.force_login(solingen_org.admin)
    url = reverse("organisations:request_decide", args=[request.pk])
    response = client.post(url, {"action": "refuse", "refuse-reason": "   "})
    assert response.status_code == 400
    assert "Bitte begründen Sie die Ablehnung." in response.content.decode()
    request.refresh_from_db()
    assert request.is_pending
    with pytest.raises(ValidationError):
        services.membership_request_refuse(
            actor=solingen_org.admin, membership_request=request, reason=""
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "refuse", "refuse-reason": "Bitte über die Einladung der Kämmerei."}
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED and request.decided_by == solingen_org.admin
    assert "Bitte über die Einladung der Kämmerei." in mail.outbox[0].body
    assert not Membership.objects.filter(user=asker).exists()
    client.force_login(asker)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "Bitte über die Einladung der Kämmerei." in page


def test_the_database_refuses_a_refusal_without_reason(solingen_org, make_user):
    request = services.membership_request_create(actor=make_user("a"), organisation=solingen_org)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipRequest.objects.filter(pk=request.pk).update(
            status="refused", decided_at=request.created_at
        )


def test_requesting_twice_or_as_member_is_refused(client, solingen_org, make_user):
    asker = make_user("asker")
    services.membership_request_create(actor=asker, organisation=solingen_org)
    with pytest.raises(services.OrganisationError, match="bereits angefragt"):
        services.membership_request_create(actor=asker, organisation=solingen_org)
    client.force_login(asker)
    response = client.get(reverse("organisations:join", args=[solingen_org.slug]))
    assert 'id="join-pending"' in response.content.decode()
    with pytest.raises(services.OrganisationError, match="bereits Mitglied"):
        services.membership_request_create(actor=solingen_org.admin, organisation=solingen_org)
    assert MembershipRequest.objects.filter(organisation=solingen_org).count() == 1


def test_non_admins_cannot_decide_a_request(client, solingen_org, make_user):
    request = services.membership_request_create(actor=make_user("a"), organisation=solingen_org)
    url = reverse("organisations:request_decide", args=[request.pk])
    editor = make_user("editor")
    Membership.objects.create(user=editor, organisation=solingen_org, role=Role.EDITOR)
    client.force_login(editor)
    assert client.post(url, {"action": "accept", "accept-role": "admin"}).status_code == 403
    client.force_login(make_user("fremd"))
    assert client.post(url, {"action": "accept", "accept-role": "admin"}).status_code == 404
    client.logout()
    assert client.post(url, {"action": "accept"}).status_code == 302  # to sign-in
    request.refresh_from_db()
    assert request.is_pending
    assert not Membership.objects.filter(user=request.user).exists()


def test_an_unknown_role_or_action_is_refused(client, solingen_org, make_user):
    request = services.membership_request_create(actor=make_user("a"), organisation=solingen_org)
    url = reverse("organisations:request_decide", args=[request.pk])
    client.force_login(solingen_org.admin)
    assert client.post(url, {"action": "accept", "accept-role": "owner"}).status_code == 400
    assert client.post(url, {"action": "delete"}).status_code == 400
    request.refresh_from_db()
    assert request.is_pending


def test_a_message_longer_than_1000_characters_is_refused_at_the_field(
    client, solingen_org, make_user
):
    client.force_login(make_user("a"))
    response = _join(client, solingen_org, "x" * 1001)
    assert response.status_code == 400
    assert not MembershipRequest.objects.exists()


def test_an_organisation_without_admin_that_is_no_public_body_takes_no_requests(make_user):
    owner = make_user("inhaber")
    consultancy = services.organisation_create(
        actor=owner, kind=OrganisationKind.CONSULTANCY, name="Beratung"
    )
    Membership.objects.filter(organisation=consultancy).delete()
    with pytest.raises(services.OrganisationError, match="keine Administration"):
        services.membership_request_create(actor=make_user("x"), organisation=consultancy)


def test_the_admin_sees_pending_requests_on_mein_stadtnetz(client, solingen_org, make_user, office):
    request = services.membership_request_create(actor=make_user("a"), organisation=solingen_org)
    claim_target = services.organisation_create(
        actor=office, kind=OrganisationKind.COOPERATION, name="Kooperation",
        members=_two_members(),
    )  # fmt: skip
    services.organisation_claim(actor=make_user("b"), organisation=claim_target)
    client.force_login(solingen_org.admin)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert reverse("organisations:request_decide", args=[request.pk]) in page
    client.force_login(office)
    assert client.get(reverse("dashboard:home")).context["board"].pending_claims == 1


def _two_members():
    from stadtnetz.organisations.services import CooperationEntry

    first, second = Municipality.objects.order_by("ags")[:2]
    return [
        CooperationEntry(municipality=first, is_lead=True),
        CooperationEntry(municipality=second),
    ]


# --- official domains --------------------------------------------------------------------------


def test_the_programme_office_sets_the_official_domains_and_a_claim_then_succeeds(
    client, jena, office, make_user
):
    url = reverse("organisations:official_domains", args=[jena.slug])
    client.force_login(office)
    assert (
        "Offizielle E-Mail-Domains festlegen"
        in client.get(jena.get_absolute_url()).content.decode()
    )
    response = client.post(url, {"official_domains": "Jena.de, @stadtwerke-jena.de, jena.de"})
    assert response["Location"] == jena.get_absolute_url()
    jena.refresh_from_db()
    assert jena.official_domains == "jena.de, stadtwerke-jena.de"
    claim = services.organisation_claim(
        actor=make_user(email="it@stadtwerke-jena.de"), organisation=jena
    )
    assert claim.status == "accepted" and claim.verified_domain == "stadtwerke-jena.de"


@pytest.mark.parametrize("bad", ["jena", "x@jena.de", "jena..de", "http://jena.de", "jena.de/x"])
def test_a_value_that_is_no_domain_is_refused_at_the_field(client, jena, office, bad):
    client.force_login(office)
    response = client.post(
        reverse("organisations:official_domains", args=[jena.slug]), {"official_domains": bad}
    )
    assert response.status_code == 400
    assert "ist keine Domain wie jena.de" in response.content.decode()
    jena.refresh_from_db()
    assert jena.official_domains == ""


def test_only_the_programme_office_sets_official_domains(client, jena, make_user):
    admin = make_user("admin")
    Membership.objects.create(user=admin, organisation=jena, role=Role.ADMIN)
    url = reverse("organisations:official_domains", args=[jena.slug])
    for person in (admin, make_user("fremd")):
        client.force_login(person)
        assert client.post(url, {"official_domains": "evil.example"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.organisation_set_official_domains(
            actor=admin, organisation=jena, domains="evil.example"
        )
    jena.refresh_from_db()
    assert jena.official_domains == ""
