# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Member lists, invitations by email link, roles, leaving, and the last administrator."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from stadtnetz.organisations import services
from stadtnetz.organisations.models import Invitation, Membership, OrganisationKind, Role

from .factories import MembershipFactory, OrganisationFactory

LINK = re.compile(r"https?://[^/\s]+(/einladung/[^/\s]+/)")


def members_url(organisation) -> str:
    return reverse("organisations:members", args=[organisation.slug])


def membership_of(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- who sees the member list ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "editor", "member", "office", "staff"])
def test_members_page_visible_to_members_and_programme_office(client, people, consultancy, who):
    client.force_login(getattr(people, who))
    response = client.get(members_url(consultancy))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ada Admin" in page and "Edi Editor" in page and "Mia Member" in page
    assert {m.user.username for m in response.context["members"]} == {"admin", "editor", "member"}


def test_members_page_hidden_from_outsiders_and_anonymous(client, people, consultancy):
    anonymous = client.get(members_url(consultancy))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("users:login"))
    client.force_login(people.outsider)
    response = client.get(members_url(consultancy))
    assert response.status_code == 403
    assert "Ada Admin" not in response.content.decode()
    detail = client.get(consultancy.get_absolute_url()).content.decode()
    assert members_url(consultancy) not in detail


def test_only_managers_see_the_invitation_form_and_controls(client, people, consultancy):
    services.invitation_create(
        organisation=consultancy, actor=people.admin, email="neu@example.org", role=Role.MEMBER
    )
    client.force_login(people.member)
    as_member = client.get(members_url(consultancy))
    assert not as_member.context["can_manage"]
    assert list(as_member.context["invitations"]) == []
    page = as_member.content.decode()
    assert "neu@example.org" not in page
    assert 'name="email"' not in page
    assert "/rolle/" not in page
    assert 'name="role"' not in page

    client.force_login(people.admin)
    as_admin = client.get(members_url(consultancy))
    assert as_admin.context["can_manage"]
    assert "neu@example.org" in as_admin.content.decode()
    assert 'name="email"' in as_admin.content.decode()


# --- invitations -----------------------------------------------------------------------------


def invite(client, organisation, email, role=Role.EDITOR):
    return client.post(members_url(organisation), {"email": email, "role": role})


def test_admin_invites_by_email_and_the_invitee_accepts(
    client, people, consultancy, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, consultancy, "neu@example.org", Role.EDITOR)
    assert response.status_code == 302
    assert response["Location"] == members_url(consultancy)
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "neu@example.org",
        Role.EDITOR,
        people.admin,
    )
    assert invitation.is_pending
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["neu@example.org"]
    assert "Beratung Süd" in mail.subject
    assert "Ada Admin" in mail.body
    path = LINK.search(mail.body).group(1)
    secret = path.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(Invitation.objects.values()))

    # The invitee registers with that address (different case) and accepts.
    invitee = make_user("neu", email="Neu@Example.org")
    client.force_login(invitee)
    shown = client.get(path)
    assert shown.status_code == 200
    assert "Beratung Süd" in shown.content.decode()
    accepted = client.post(path)
    assert accepted.status_code == 302
    assert accepted["Location"] == consultancy.get_absolute_url()
    assert membership_of(invitee, consultancy).role == Role.EDITOR
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.accepted_by == invitee
    assert not invitation.is_pending

    # Accepting twice does nothing more.
    again = client.post(path)
    assert again.status_code == 400
    assert Membership.objects.filter(user=invitee).count() == 1
    assert membership_of(invitee, consultancy).role == Role.EDITOR


def test_invitation_page_for_anonymous_offers_sign_in_and_refuses_post(
    client, people, consultancy, english
):
    issued = services.invitation_create(
        organisation=consultancy, actor=people.admin, email="neu@example.org", role=Role.MEMBER
    )
    path = issued.link.split("8000", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert reverse("users:login") + "?next=" + path in page.content.decode()
    refused = client.post(path)
    assert refused.status_code == 403
    assert "Please sign in to accept the invitation." in refused.content.decode()
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize(
    ("email", "verified"),
    [("someone.else@example.org", True), ("neu@example.org", False)],
    ids=["other-address", "unverified"],
)
def test_invitation_needs_the_verified_invited_address(
    client, people, consultancy, make_user, english, email, verified
):
    issued = services.invitation_create(
        organisation=consultancy, actor=people.admin, email="neu@example.org", role=Role.ADMIN
    )
    path = issued.link.split("8000", 1)[1]
    client.force_login(make_user("fremd", email=email, verified=verified))
    response = client.post(path)
    assert response.status_code == 400
    assert "This invitation was sent to neu@example.org." in response.content.decode()
    assert not Membership.objects.filter(user__username="fremd").exists()
    assert Invitation.objects.get().accepted_at is None


@pytest.fixture
def invitee_and_path(people, consultancy, make_user):
    issued = services.invitation_create(
        organisation=consultancy, actor=people.admin, email="neu@example.org", role=Role.EDITOR
    )
    return make_user("neu"), issued.link.split("8000", 1)[1], issued.invitation


def test_expired_invitation_is_refused(client, invitee_and_path, consultancy, english):
    invitee, path, invitation = invitee_and_path
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client.force_login(invitee)
    page = client.get(path)
    assert "This invitation can no longer be accepted (status: expired)." in page.content.decode()
    response = client.post(path)
    assert response.status_code == 400
    assert "This invitation has expired. Ask the organisation for a new one." in (
        response.content.decode()
    )
    assert not Membership.objects.filter(user=invitee).exists()


def test_revoked_invitation_is_refused(client, people, invitee_and_path, consultancy, english):
    invitee, path, invitation = invitee_and_path
    client.force_login(people.admin)
    revoke = client.post(
        reverse("organisations:invitation_revoke", args=[consultancy.slug, invitation.pk])
    )
    assert revoke.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None

    client.force_login(invitee)
    response = client.post(path)
    assert response.status_code == 400
    assert "This invitation has been withdrawn." in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_used_invitation_cannot_be_used_by_someone_else(
    client, invitee_and_path, consultancy, make_user, english
):
    invitee, path, invitation = invitee_and_path
    client.force_login(invitee)
    client.post(path)
    other = make_user("zweite", email="zweite@example.org")
    client.force_login(other)
    response = client.post(path)
    assert response.status_code == 400
    assert "This invitation has already been used." in response.content.decode()
    assert not Membership.objects.filter(user=other).exists()


@pytest.mark.parametrize(
    "token", ["unbekannt", "a" * 101, "a" * 5000, "%00", "'; DROP TABLE x; --"]
)
def test_unknown_invitation_token_is_404(client, invitee_and_path, token):
    invitee, _path, _invitation = invitee_and_path
    client.force_login(invitee)
    url = "/einladung/" + token + "/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Membership.objects.filter(user=invitee).exists()


def test_new_invitation_replaces_the_pending_one(client, people, consultancy):
    client.force_login(people.admin)
    invite(client, consultancy, "neu@example.org", Role.MEMBER)
    invite(client, consultancy, "NEU@example.org", Role.EDITOR)
    pending = [i for i in Invitation.objects.all() if i.is_pending]
    assert len(pending) == 1 and pending[0].role == Role.EDITOR
    assert Invitation.objects.filter(revoked_at__isnull=False).count() == 1


def test_invitation_raises_but_never_lowers_an_existing_role(client, people, consultancy):
    issued = services.invitation_create(
        organisation=consultancy, actor=people.admin, email="x@example.org", role=Role.ADMIN
    )
    # The editor changed their email address to the invited one meanwhile.
    people.editor.email = "x@example.org"
    people.editor.save()
    services.invitation_accept(secret=issued.link.rstrip("/").rsplit("/", 1)[1], user=people.editor)
    assert membership_of(people.editor, consultancy).role == Role.ADMIN

    lower = services.invitation_create(
        organisation=consultancy, actor=people.admin, email="y@example.org", role=Role.MEMBER
    )
    people.admin.email = "y@example.org"
    people.admin.save()
    services.invitation_accept(secret=lower.link.rstrip("/").rsplit("/", 1)[1], user=people.admin)
    assert membership_of(people.admin, consultancy).role == Role.ADMIN


def test_inviting_an_existing_member_is_refused_at_the_field(
    client, people, consultancy, mailoutbox
):
    client.force_login(people.admin)
    response = invite(client, consultancy, "MEMBER@example.org")
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert not Invitation.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("email", "role", "field"),
    [
        ("", Role.MEMBER, "email"),
        ("kein-email", Role.MEMBER, "email"),
        ("a" * 10_000 + "@example.org", Role.MEMBER, "email"),
        ("<script>alert(1)</script>@example.org", Role.MEMBER, "email"),
        ("x'; DROP TABLE organisations_invitation; --@example.org", Role.MEMBER, "email"),
        ("neu\x00@example.org", Role.MEMBER, "email"),
        ("neu@example.org", "owner", "role"),
        ("neu@example.org", "", "role"),
    ],
)
def test_hostile_invitation_input_is_refused(
    client, people, consultancy, mailoutbox, email, role, field
):
    client.force_login(people.admin)
    response = invite(client, consultancy, email, role)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Invitation.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("who", ["editor", "member", "office"])
def test_non_managers_cannot_invite_or_revoke(client, people, consultancy, who, mailoutbox):
    issued = services.invitation_create(
        organisation=consultancy, actor=people.admin, email="neu@example.org", role=Role.MEMBER
    )
    client.force_login(getattr(people, who))
    assert invite(client, consultancy, "zweite@example.org").status_code == 403
    revoke = client.post(
        reverse("organisations:invitation_revoke", args=[consultancy.slug, issued.invitation.pk])
    )
    assert revoke.status_code == 403
    assert Invitation.objects.count() == 1
    assert Invitation.objects.get().is_pending
    assert mailoutbox == []


def test_programme_office_manages_members_of_public_bodies(
    client, people, solingen, mailoutbox, django_capture_on_commit_callbacks
):
    town = OrganisationFactory(
        name="Stadt Solingen", kind=OrganisationKind.MUNICIPALITY, municipality=solingen
    )
    client.force_login(people.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, town, "buergermeisterin@example.org", Role.ADMIN)
    assert response.status_code == 302
    assert Invitation.objects.get(organisation=town).role == Role.ADMIN
    assert mailoutbox[0].to == ["buergermeisterin@example.org"]


def test_revoking_an_invitation_of_another_organisation_is_404(client, people, consultancy):
    other = OrganisationFactory()
    foreign = services.invitation_create(
        organisation=other, actor=people.staff, email="neu@example.org", role=Role.MEMBER
    )
    client.force_login(people.admin)
    url = reverse("organisations:invitation_revoke", args=[consultancy.slug, foreign.invitation.pk])
    assert client.post(url).status_code == 404
    assert Invitation.objects.get().is_pending


# --- roles, leaving, last administrator --------------------------------------------------------


def role_url(organisation, membership) -> str:
    return reverse("organisations:membership_role", args=[organisation.slug, membership.pk])


def remove_url(organisation, membership) -> str:
    return reverse("organisations:membership_remove", args=[organisation.slug, membership.pk])


def test_admin_changes_a_role(client, people, consultancy):
    client.force_login(people.admin)
    membership = membership_of(people.member, consultancy)
    response = client.post(role_url(consultancy, membership), {"role": Role.EDITOR}, follow=True)
    assert response.redirect_chain[-1][0] == members_url(consultancy)
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


@pytest.mark.parametrize("role", ["", "owner", "admin\x00", "a" * 10_000])
def test_invalid_role_is_refused(client, people, consultancy, english, role):
    client.force_login(people.admin)
    membership = membership_of(people.member, consultancy)
    response = client.post(role_url(consultancy, membership), {"role": role}, follow=True)
    assert "Please choose a valid role." in messages_of(response)
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


@pytest.mark.parametrize("who", ["editor", "member", "outsider", "office"])
def test_only_managers_change_roles(client, people, consultancy, who):
    client.force_login(getattr(people, who))
    membership = membership_of(people.member, consultancy)
    assert client.post(role_url(consultancy, membership), {"role": Role.ADMIN}).status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER
    own = membership_of(people.editor, consultancy)
    client.post(role_url(consultancy, own), {"role": Role.ADMIN})
    own.refresh_from_db()
    assert own.role == Role.EDITOR


def test_last_admin_cannot_be_demoted_or_removed(client, people, consultancy, english):
    admin_membership = membership_of(people.admin, consultancy)
    client.force_login(people.admin)
    demote = client.post(
        role_url(consultancy, admin_membership), {"role": Role.EDITOR}, follow=True
    )
    expected = "An organisation needs at least one administrator. Appoint another one first."
    assert expected in messages_of(demote)
    leave = client.post(remove_url(consultancy, admin_membership), follow=True)
    assert expected in messages_of(leave)
    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.ADMIN

    # With a second administrator the first may step down.
    second = membership_of(people.editor, consultancy)
    client.post(role_url(consultancy, second), {"role": Role.ADMIN})
    client.post(role_url(consultancy, admin_membership), {"role": Role.MEMBER})
    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.MEMBER
    assert list(
        Membership.objects.filter(organisation=consultancy, role=Role.ADMIN).values_list(
            "user__username", flat=True
        )
    ) == ["editor"]


def test_staff_cannot_remove_the_last_admin_either(client, people, consultancy):
    client.force_login(people.staff)
    client.post(remove_url(consultancy, membership_of(people.admin, consultancy)))
    assert membership_of(people.admin, consultancy).role == Role.ADMIN


def test_a_member_can_leave(client, people, consultancy, english):
    client.force_login(people.member)
    page = client.get(members_url(consultancy)).content.decode()
    assert "Leave organisation" in page
    response = client.post(remove_url(consultancy, membership_of(people.member, consultancy)))
    assert response.status_code == 302
    assert response["Location"] == consultancy.get_absolute_url()
    assert not Membership.objects.filter(user=people.member).exists()
    assert client.get(members_url(consultancy)).status_code == 403


def test_members_cannot_remove_others_but_admins_can(client, people, consultancy):
    target = membership_of(people.editor, consultancy)
    client.force_login(people.member)
    assert client.post(remove_url(consultancy, target)).status_code == 403
    assert Membership.objects.filter(pk=target.pk).exists()
    client.force_login(people.admin)
    response = client.post(remove_url(consultancy, target))
    assert response["Location"] == members_url(consultancy)
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_membership_of_another_organisation_is_404(client, people, consultancy, make_user):
    other = OrganisationFactory()
    foreign = MembershipFactory(user=make_user("fremd"), organisation=other)
    client.force_login(people.admin)
    assert client.post(remove_url(consultancy, foreign)).status_code == 404
    assert client.post(role_url(consultancy, foreign), {"role": Role.ADMIN}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == Role.MEMBER


def test_role_and_remove_are_post_only(client, people, consultancy):
    client.force_login(people.admin)
    membership = membership_of(people.member, consultancy)
    assert client.get(role_url(consultancy, membership)).status_code == 405
    assert client.get(remove_url(consultancy, membership)).status_code == 405
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_detail_page_shows_role_and_member_link_only_to_members(client, people, consultancy):
    client.force_login(people.editor)
    response = client.get(consultancy.get_absolute_url())
    assert response.context["role"] == Role.EDITOR
    assert members_url(consultancy) in response.content.decode()
    client.force_login(people.outsider)
    response = client.get(consultancy.get_absolute_url())
    assert response.context["role"] is None
    assert response.context["members"] is None
    assert "Mia Member" not in response.content.decode()


def test_detail_page_names_the_role_in_words_not_its_key(client, people, consultancy):
    client.force_login(people.admin)
    body = client.get(consultancy.get_absolute_url()).content.decode()
    assert "Ihre Rolle hier: Administration (Mitglieder verwalten)" in body
    assert "Ihre Rolle hier: admin" not in body
