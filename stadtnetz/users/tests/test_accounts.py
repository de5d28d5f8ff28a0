# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Accounts through the pages: sign-up, verification, sign-in/out, passwords, profile, deletion."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from stadtnetz.organisations.models import HardshipRecord, Membership, Role
from stadtnetz.organisations.services import organisation_set_hardship
from stadtnetz.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stadtnetz.users import services
from stadtnetz.users.models import ApiToken, User

NEW_PASSWORD = "Anderes-Kennwort-2027"
LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def signup_data(**overrides) -> dict:
    data = {
        "username": "anna",
        "email": "anna@example.org",
        "first_name": "Anna",
        "last_name": "Muster",
        "password1": "Sicheres-Passwort-2026",
        "password2": "Sicheres-Passwort-2026",
        "privacy": "on",
    }
    data.update(overrides)
    return data


def link_in(message) -> str:
    """The path of the one link in an email body."""
    paths = LINK.findall(message.body)
    assert len(paths) == 1, message.body
    return paths[0]


def english(client):
    client.cookies["stadtnetz_language"] = "en"
    return client


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


# --- sign-up and verification ---------------------------------------------------------------


def test_signup_creates_unverified_user_and_sends_one_verification_email(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("users:signup"), signup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("users:signup_done")
    user = User.objects.get(username="anna")
    assert user.email == "anna@example.org"
    assert (user.first_name, user.last_name) == ("Anna", "Muster")
    assert user.email_verified_at is None
    assert user.is_active
    assert user.check_password("Sicheres-Passwort-2026")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.org"]
    assert link_in(mailoutbox[0]).startswith("/konto/bestaetigen/")


def test_signup_page_and_done_page_render(client, db):
    english(client)
    response = client.get(reverse("users:signup"))
    assert response.status_code == 200
    assert set(response.context["form"].fields) >= {"username", "email", "password1", "privacy"}
    assert "csrfmiddlewaretoken" in response.content.decode()
    done = client.get(reverse("users:signup_done"))
    assert "We have sent you an email with a confirmation link" in done.content.decode()


def test_sign_in_refused_before_verification_then_link_verifies(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    english(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("users:signup"), signup_data())
    login = {"username": "anna", "password": "Sicheres-Passwort-2026"}

    refused = client.post(reverse("users:login"), login)
    assert refused.status_code == 200
    assert signed_in_user_id(client) is None
    errors = refused.context["form"].errors.as_data()["__all__"]
    assert [error.code for error in errors] == ["unverified"]
    page = refused.content.decode()
    assert "Please confirm your email address first" in page
    assert reverse("users:resend_verification") in page

    verified = client.get(link_in(mailoutbox[0]))
    assert verified.status_code == 302
    assert verified["Location"] == reverse("users:login")
    assert User.objects.get(username="anna").email_verified_at is not None

    signed_in = client.post(reverse("users:login"), login)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("dashboard:home")
    assert signed_in_user_id(client) == str(User.objects.get(username="anna").pk)


def test_verification_link_used_twice_keeps_first_timestamp(client, make_user):
    user = make_user("berta", verified=False)
    token = services.verification_token(user)
    client.get(reverse("users:verify", args=[token]))
    first = User.objects.get(pk=user.pk).email_verified_at
    assert first is not None
    again = client.get(reverse("users:verify", args=[token]))
    assert again.status_code == 302
    assert User.objects.get(pk=user.pk).email_verified_at == first


def test_expired_verification_link_gives_clear_400(client, make_user, settings):
    english(client)
    user = make_user("carl", verified=False)
    token = services.verification_token(user)
    settings.EMAIL_VERIFICATION_MAX_AGE = -1

    response = client.get(reverse("users:verify", args=[token]))

    assert response.status_code == 400
    assert "This confirmation link has expired. Request a new one." in response.content.decode()
    assert reverse("users:resend_verification") in response.content.decode()
    assert User.objects.get(pk=user.pk).email_verified_at is None


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "not-a-token",
        lambda token: "x" * 5000,
        lambda token: signing.dumps({"user": 1, "email": "a@example.org"}, salt="other-salt"),
    ],
    ids=["tampered-signature", "garbage", "huge", "wrong-salt"],
)
def test_forged_verification_link_gives_clear_400(client, make_user, forge):
    english(client)
    user = make_user("dora", verified=False)
    response = client.get(reverse("users:verify", args=[forge(services.verification_token(user))]))
    assert response.status_code == 400
    assert "This confirmation link is invalid." in response.content.decode()
    assert User.objects.get(pk=user.pk).email_verified_at is None


def test_verification_link_for_an_old_email_address_is_refused(client, make_user):
    user = make_user("emil", verified=False)
    token = services.verification_token(user)
    User.objects.filter(pk=user.pk).update(email="emil.neu@example.org")
    response = client.get(reverse("users:verify", args=[token]))
    assert response.status_code == 400
    assert User.objects.get(pk=user.pk).email_verified_at is None


def test_resend_verification_sends_only_to_unverified_accounts(client, make_user, mailoutbox):
    make_user("fritz", verified=False)
    make_user("greta", verified=True)
    first = client.post(reverse("users:resend_verification"), {"email": "FRITZ@example.org"})
    assert first.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["fritz@example.org"]
    # Same answer for a verified or unknown address: nothing to learn about accounts.
    for email in ["greta@example.org", "nobody@example.org"]:
        response = client.post(reverse("users:resend_verification"), {"email": email})
        assert response.status_code == 302
    assert len(mailoutbox) == 1


# --- sign-up refusals -----------------------------------------------------------------------


@pytest.mark.parametrize("username", ["anna", "ANNA", "Anna"])
def test_duplicate_username_refused_case_insensitively(client, make_user, mailoutbox, username):
    make_user("anna", email="first@example.org")
    response = client.post(
        reverse("users:signup"), signup_data(username=username, email="second@example.org")
    )
    assert response.status_code == 400
    assert "username" in response.context["form"].errors
    assert User.objects.count() == 1
    assert mailoutbox == []


@pytest.mark.parametrize("email", ["anna@example.org", "ANNA@Example.ORG", " anna@example.org "])
def test_duplicate_email_creates_nothing_case_insensitively_and_tells_the_owner(
    client, make_user, mailoutbox, email, django_capture_on_commit_callbacks
):
    english(client)
    make_user("first", email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("users:signup"), signup_data(username="second", email=email))
    # The same answer as for a free address (issue 14, item 3: no enumeration).
    assert response.status_code == 302
    assert response["Location"] == reverse("users:signup_done")
    assert User.objects.count() == 1
    assert [message.to for message in mailoutbox] == [["anna@example.org"]]


@pytest.mark.parametrize(
    ("password1", "password2", "field"),
    [
        ("kurz", "kurz", "password1"),
        ("12345678901234", "12345678901234", "password1"),
        ("password1234", "password1234", "password1"),
        ("anna-muster-x", "anna-muster-x", "password1"),
        ("Sicheres-Passwort-2026", "Sicheres-Passwort-2027", "password2"),
        ("", "", "password1"),
    ],
    ids=["short", "numeric", "common", "like-username", "mismatch", "empty"],
)
def test_weak_or_mismatched_passwords_refused(client, db, password1, password2, field):
    response = client.post(
        reverse("users:signup"),
        signup_data(
            username="anna-muster", password1=password1, password2=password2, last_name="Muster"
        ),
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not User.objects.exists()


def test_privacy_confirmation_required(client, db):
    data = signup_data()
    del data["privacy"]
    response = client.post(reverse("users:signup"), data)
    assert response.status_code == 400
    assert "privacy" in response.context["form"].errors
    assert not User.objects.exists()


def test_duplicate_submit_of_signup_creates_one_user(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("users:signup"), signup_data())
        second = client.post(reverse("users:signup"), signup_data())
    assert first.status_code == 302
    assert second.status_code == 400
    assert "username" in second.context["form"].errors
    assert User.objects.filter(email__iexact="anna@example.org").count() == 1
    assert len(mailoutbox) == 1


HOSTILE = {
    "empty": "",
    "huge": "a" * 10_000,
    "html": "<script>alert(1)</script>",
    "sql": "x'; DROP TABLE users_user; --",
    "nul": "anna\x00evil",
}


HOSTILE_CASES = [
    *((field, value) for field in ["username", "email"] for value in HOSTILE.values()),
    *((field, HOSTILE[kind]) for field in ["first_name", "last_name"] for kind in ["huge", "nul"]),
]


@pytest.mark.parametrize(("field", "value"), HOSTILE_CASES)
def test_hostile_signup_input_gives_field_errors_and_saves_nothing(
    client, db, mailoutbox, field, value
):
    response = client.post(reverse("users:signup"), signup_data(**{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not User.objects.exists()
    assert mailoutbox == []


def test_html_in_names_is_escaped_on_pages(client, make_user):
    evil = '<script>alert("x")</script>'
    person = make_user("mallory", first_name=evil, last_name="<b>bold</b>")
    admin = make_user("admin")
    organisation = OrganisationFactory(name="<img src=x onerror=alert(1)>")
    MembershipFactory(user=person, organisation=organisation)
    MembershipFactory(user=admin, organisation=organisation, role=Role.ADMIN)

    client.force_login(admin)
    members = client.get(reverse("organisations:members", args=[organisation.slug]))
    page = members.content.decode()
    assert members.status_code == 200
    assert evil not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page

    client.force_login(person)
    profile = client.get(reverse("users:profile")).content.decode()
    assert evil not in profile
    assert "&lt;script&gt;" in profile


# --- sign-in and sign-out ---------------------------------------------------------------------


def test_sign_in_with_wrong_password_shows_form_error(client, make_user):
    make_user("hans")
    response = client.post(reverse("users:login"), {"username": "hans", "password": "falsch"})
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]
    assert signed_in_user_id(client) is None


def test_sign_in_respects_safe_next_and_ignores_foreign_next(client, make_user, password):
    user = make_user("ines")
    organisations = reverse("organisations:list")
    ok = client.post(
        reverse("users:login"), {"username": "ines", "password": password, "next": organisations}
    )
    assert ok["Location"] == organisations
    client.logout()
    evil = client.post(
        reverse("users:login"),
        {"username": "ines", "password": password, "next": "https://evil.example/"},
    )
    assert evil["Location"] == reverse("dashboard:home")
    assert signed_in_user_id(client) == str(user.pk)


def test_logout_is_post_only(client, make_user):
    user = make_user("jana")
    client.force_login(user)
    get = client.get(reverse("users:logout"))
    assert get.status_code == 405
    assert signed_in_user_id(client) == str(user.pk)
    post = client.post(reverse("users:logout"))
    assert post.status_code == 302
    assert signed_in_user_id(client) is None
    assert client.get(reverse("users:profile")).status_code == 302


def test_login_brute_force_locks_out_the_sixth_attempt_even_with_the_right_password(
    client, make_user, password, settings
):
    english(client)
    make_user("bruno")
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("users:login"), {"username": "bruno", "password": "falsch-falsch"})
    attempt = AccessAttempt.objects.get(username="bruno")
    assert attempt.failures_since_start == 5

    response = client.post(reverse("users:login"), {"username": "bruno", "password": password})

    assert response.status_code == 429
    assert "users/locked_out.html" in [template.name for template in response.templates]
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_lockout_is_per_username(client, make_user, password, settings):
    make_user("bruno")
    make_user("clara")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("users:login"), {"username": "bruno", "password": "falsch-falsch"})
    response = client.post(reverse("users:login"), {"username": "clara", "password": password})
    assert response.status_code == 302
    assert signed_in_user_id(client) is not None


def test_successful_login_resets_failures(client, make_user, password):
    make_user("dana")
    for _attempt in range(3):
        client.post(reverse("users:login"), {"username": "dana", "password": "falsch-falsch"})
    client.post(reverse("users:login"), {"username": "dana", "password": password})
    assert not AccessAttempt.objects.filter(username="dana", failures_since_start__gt=0).exists()


# --- passwords ----------------------------------------------------------------------------


def test_password_reset_email_and_set_new_password(client, make_user, mailoutbox):
    english(client)
    user = make_user("karl")
    response = client.post(reverse("users:password_reset"), {"email": "KARL@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("users:password_reset_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["karl@example.org"]
    assert "karl" in mailoutbox[0].body
    link = link_in(mailoutbox[0])

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]

    mismatch = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )
    assert "new_password2" in mismatch.context["form"].errors
    weak = client.post(set_url, {"new_password1": "1234567890", "new_password2": "1234567890"})
    assert "new_password2" in weak.context["form"].errors
    user.refresh_from_db()
    assert user.check_password("Sicheres-Passwort-2026")

    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("users:login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    reused = client.get(link, follow=True)
    assert reused.context["validlink"] is False
    assert "This link is invalid or has already been used" in reused.content.decode()


def test_password_reset_for_unknown_email_sends_nothing_but_looks_the_same(client, db, mailoutbox):
    response = client.post(reverse("users:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("users:password_reset_done")
    assert mailoutbox == []


def test_forged_password_reset_link_is_refused(client, make_user):
    english(client)
    make_user("lara")
    response = client.get(
        reverse("users:password_reset_confirm", args=["MQ", "forged-token"]), follow=True
    )
    assert response.context["validlink"] is False
    assert "This link is invalid or has already been used" in response.content.decode()


def test_password_change(client, make_user, password):
    user = make_user("mona")
    client.force_login(user)
    wrong = client.post(
        reverse("users:password_change"),
        {"old_password": "falsch", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert "old_password" in wrong.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(password)

    ok = client.post(
        reverse("users:password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert ok.status_code == 302
    assert ok["Location"] == reverse("users:profile")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The session survives the change.
    assert client.get(reverse("users:profile")).status_code == 200


def test_password_change_needs_sign_in(client, db):
    response = client.get(reverse("users:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))


# --- profile ------------------------------------------------------------------------------


def test_profile_needs_sign_in(client, db):
    response = client.get(reverse("users:profile"))
    assert response.status_code == 302
    assert response["Location"] == reverse("users:login") + "?next=" + reverse("users:profile")


def test_profile_shows_account_and_memberships(client, make_user):
    english(client)
    user = make_user("nora")
    organisation = OrganisationFactory(name="Beratung Nord")
    MembershipFactory(user=user, organisation=organisation, role=Role.EDITOR)
    client.force_login(user)
    page = client.get(reverse("users:profile")).content.decode()
    assert "nora@example.org" in page
    assert "Beratung Nord" in page
    assert organisation.get_absolute_url() in page
    assert "Editor (write)" in page


def test_profile_edit_of_names_keeps_verification(client, make_user, mailoutbox):
    user = make_user("olga")
    client.force_login(user)
    response = client.post(
        reverse("users:profile"),
        {"first_name": " Olga ", "last_name": "Petrowa", "email": "olga@example.org"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Olga", "Petrowa")
    assert user.email_verified
    assert mailoutbox == []


# E-mail changes: see test_trust.py (issue 14, items 1 and 3).


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", ""),
        ("email", "kein-email"),
        ("email", "a" * 10_000 + "@example.org"),
        ("email", "x\x00@example.org"),
        ("first_name", "a" * 10_000),
        ("last_name", "b\x00c"),
    ],
    ids=["empty-email", "bad-email", "huge-email", "nul-email", "huge-name", "nul-name"],
)
def test_hostile_profile_input_is_refused_and_changes_nothing(client, make_user, field, value):
    user = make_user("sara", first_name="Sara")
    client.force_login(user)
    data = {"first_name": "Neu", "last_name": "Neu", "email": "sara@example.org", field: value}
    response = client.post(reverse("users:profile"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.email) == ("Sara", "", "sara@example.org")


# --- account deletion ------------------------------------------------------------------------


def test_delete_account_with_wrong_password_changes_nothing(client, make_user):
    user = make_user("tom")
    client.force_login(user)
    response = client.post(reverse("users:delete"), {"password": "falsch"})
    assert response.status_code == 400
    assert "password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.is_active and user.username == "tom" and not user.is_deleted


def test_delete_account_removes_personal_data_and_keeps_the_row(client, make_user, password):
    user = make_user("uwe", first_name="Uwe", last_name="Ullmann", is_reviewer=True)
    admin = make_user("verena")
    organisation = OrganisationFactory(kind="consultancy")
    MembershipFactory(user=user, organisation=organisation, role=Role.ADMIN)
    MembershipFactory(user=admin, organisation=organisation, role=Role.ADMIN)
    services.api_token_create(user=user, name="Skript")
    organisation_set_hardship(organisation=organisation, actor=user, value=True, note="Bescheid")
    client.force_login(user)

    response = client.post(reverse("users:delete"), {"password": password})

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert signed_in_user_id(client) is None
    deleted = User.objects.get(pk=user.pk)
    assert deleted.username.startswith("deleted-") and "uwe" not in deleted.username
    assert (deleted.email, deleted.first_name, deleted.last_name) == ("", "", "")
    assert not deleted.has_usable_password()
    assert not deleted.is_active
    assert not deleted.is_reviewer
    assert deleted.is_deleted
    assert deleted.email_verified_at is None
    assert not Membership.objects.filter(user=deleted).exists()
    assert not ApiToken.objects.filter(user=deleted).exists()
    with translation.override("de"):
        assert deleted.display_name == gettext("deleted user")
    # The contribution stays, attributed to the deleted user.
    record = HardshipRecord.objects.get(organisation=organisation)
    assert record.changed_by_id == deleted.pk

    # The German page (default language) names the author as a deleted user, not by name.
    client.force_login(admin)
    page = client.get(organisation.get_absolute_url()).content.decode()
    with translation.override("de"):
        assert gettext("deleted user") in page
    assert "Uwe" not in page and "uwe@example.org" not in page
    # Signing in with the old credentials no longer works.
    client.logout()
    login = client.post(reverse("users:login"), {"username": "uwe", "password": password})
    assert signed_in_user_id(client) is None
    assert login.status_code == 200


def test_deleted_account_frees_its_username_and_email(client, make_user, password):
    user = make_user("wilma")
    services.user_delete(user=user)
    response = client.post(
        reverse("users:signup"), signup_data(username="wilma", email="wilma@example.org")
    )
    assert response.status_code == 302
    assert User.objects.filter(username="wilma", deleted_at__isnull=True).count() == 1


def test_too_long_but_well_formed_email_is_refused_and_page_shows_the_saved_state(
    client, make_user
):
    user = make_user("xaver")
    client.force_login(user)
    long_email = "a" * 250 + "@example.org"
    response = client.post(
        reverse("users:profile"), {"first_name": "Neu", "last_name": "", "email": long_email}
    )
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert response.context["user"].email == "xaver@example.org"
    assert response.context["user"].email_verified
    user.refresh_from_db()
    assert (user.email, user.first_name) == ("xaver@example.org", "")
    client.logout()
    signup = client.post(reverse("users:signup"), signup_data(username="yvonne", email=long_email))
    assert signup.status_code == 400
    assert "email" in signup.context["form"].errors
    assert not User.objects.filter(username="yvonne").exists()


@pytest.mark.parametrize(
    "email", ["", "kein-email", "a" * 10_000 + "@example.org", "x\x00@example.org", "<b>@x"]
)
def test_resend_verification_refuses_bad_addresses_at_the_field(
    client, make_user, mailoutbox, email
):
    make_user("zora", verified=False)
    response = client.post(reverse("users:resend_verification"), {"email": email})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert mailoutbox == []


def test_signed_in_people_are_sent_from_signup_and_login_to_their_start_pages(client, make_user):
    client.force_login(make_user("anton"))
    for url, start in [
        (reverse("users:signup"), reverse("users:profile")),
        (reverse("users:login"), reverse("dashboard:home")),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == start
    before = User.objects.count()
    client.post(reverse("users:signup"), signup_data(username="zweitkonto", email="z@example.org"))
    assert User.objects.count() == before


@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_sign_in_input_is_refused_without_server_error(client, make_user, value):
    make_user("anna")
    as_name = client.post(reverse("users:login"), {"username": value, "password": value})
    as_password = client.post(reverse("users:login"), {"username": "anna", "password": value})
    for response in [as_name, as_password]:
        assert response.status_code == 200
        assert response.context["form"].errors
    assert signed_in_user_id(client) is None
    if value in {HOSTILE["huge"], HOSTILE["nul"]}:
        # Refused at the field, before authentication (and before axes stores the name).
        assert "username" in as_name.context["form"].errors
    assert all(
        len(name) <= 150 for name in AccessAttempt.objects.values_list("username", flat=True)
    )


@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_password_reset_input_sends_nothing(client, make_user, mailoutbox, value):
    make_user("anna")
    response = client.post(reverse("users:password_reset"), {"email": value})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert mailoutbox == []


@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_delete_account_input_deletes_nothing(client, make_user, value):
    user = make_user("anna")
    client.force_login(user)
    response = client.post(reverse("users:delete"), {"password": value})
    assert response.status_code == 400
    assert "password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.is_active and not user.is_deleted and user.email == "anna@example.org"


@pytest.mark.parametrize("kind", ["empty", "nul"])
def test_hostile_password_change_input_changes_nothing(client, make_user, password, kind):
    user = make_user("anna")
    client.force_login(user)
    value = HOSTILE[kind]
    response = client.post(
        reverse("users:password_change"),
        {"old_password": password, "new_password1": value, "new_password2": value},
    )
    assert response.status_code == 200
    assert "new_password1" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.parametrize("kind", ["huge", "html", "sql"])
def test_odd_but_strong_passwords_are_stored_as_given(client, make_user, password, kind):
    """Markup, quotes and length are no weakness in a password: it is only ever hashed."""
    user = make_user("anna")
    client.force_login(user)
    value = HOSTILE[kind]
    response = client.post(
        reverse("users:password_change"),
        {"old_password": password, "new_password1": value, "new_password2": value},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(value)
    assert value not in user.password


def test_last_admin_of_an_organisation_with_members_cannot_delete_account(
    client, make_user, password
):
    from stadtnetz.organisations.models import Membership, Organisation, OrganisationKind, Role

    admin, colleague = make_user("last-admin"), make_user("colleague")
    organisation = Organisation.objects.create(
        name="Verein", slug="verein", kind=OrganisationKind.ASSOCIATION
    )
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    Membership.objects.create(user=colleague, organisation=organisation, role=Role.MEMBER)
    client.force_login(admin)
    client.cookies["stadtnetz_language"] = "en"
    response = client.post("/konto/profil/loeschen/", {"password": password})
    assert response.status_code == 400
    assert "You are the last administrator of Verein" in response.content.decode()
    admin.refresh_from_db()
    assert admin.deleted_at is None and admin.is_active
    Membership.objects.filter(user=colleague).update(role=Role.ADMIN)
    response = client.post("/konto/profil/loeschen/", {"password": password})
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.deleted_at is not None
    assert Membership.objects.filter(organisation=organisation).count() == 1
