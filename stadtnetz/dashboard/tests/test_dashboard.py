# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Mein Stadtnetz: what each role sees after signing in, in a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stadtnetz.organisations.models import Membership, OrganisationKind, Role
from stadtnetz.organisations.services import invitation_create, organisation_create
from stadtnetz.programmes.tests.factories import make_call
from stadtnetz.reviews.models import ReviewCase
from stadtnetz.submissions import services as submissions
from stadtnetz.submissions.tests.conftest import complete

pytestmark = pytest.mark.django_db
HOME = "/mein-stadtnetz/"


@pytest.fixture
def office(make_user):
    return make_user("buero", is_programme_office=True)


@pytest.fixture
def editor(make_user):
    return make_user("lena", first_name="Lena")


@pytest.fixture
def solingen_org(solingen, office, editor):
    org = organisation_create(
        actor=office, kind=OrganisationKind.MUNICIPALITY, name="Klingenstadt Solingen",
        municipality=solingen,
    )  # fmt: skip
    Membership.objects.create(user=editor, organisation=org, role=Role.EDITOR)
    return org


def _application(org, editor, title, **call_fields):
    call = make_call(title=f"Aufruf {title}", **call_fields)
    return submissions.application_create(actor=editor, call=call, organisation=org, title=title)


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("users:login") + "?next=" + HOME


def test_sign_in_leads_to_mein_stadtnetz_unless_next_is_given(client, make_user, password):
    make_user("anna")
    response = client.post(reverse("users:login"), {"username": "anna", "password": password})
    assert response["Location"] == HOME
    client.logout()
    response = client.post(
        reverse("users:login") + "?next=/aufrufe/",
        {"username": "anna", "password": password, "next": "/aufrufe/"},
    )
    assert response["Location"] == "/aufrufe/"


def test_the_header_offers_my_applications_and_my_stadtnetz_to_signed_in_people(client, editor):
    anonymous = client.get("/").content.decode()
    assert "Meine Anträge" not in anonymous
    client.force_login(editor)
    page = client.get("/").content.decode()
    assert f'href="{reverse("submissions:application_list")}"' in page
    assert "Meine Anträge" in page
    assert f'href="{HOME}"' in page and "Mein Stadtnetz" in page


def test_an_editor_sees_drafts_submitted_and_decided_with_next_actions(
    client, solingen_org, editor
):
    draft = _application(solingen_org, editor, "Digitale Klingenstadt")
    submitted = complete(_application(solingen_org, editor, "Smarte Straßen"), editor)
    submissions.application_submit(actor=editor, application=submitted)
    decided = complete(_application(solingen_org, editor, "Offene Daten"), editor)
    submissions.application_submit(actor=editor, application=decided)
    case = ReviewCase.objects.create(
        application=decided, call=decided.call, state="selected", decided_at=timezone.now()
    )
    client.force_login(editor)
    response = client.get(HOME)
    assert response.status_code == 200
    board = response.context["board"]
    assert [row.application for row in board.drafts] == [draft]
    assert [row.application for row in board.submitted] == [submitted]
    assert [row.application for row in board.decided] == [decided]
    page = response.content.decode()
    deadline = timezone.localtime(draft.call.closes_at).strftime("%d.%m.%Y")
    assert "Antrag vervollständigen" in page
    assert f"Einreichen bis {deadline}" in page
    assert "Entscheidung ansehen" in page
    assert reverse("reviews:applicant_case", args=[case.pk]) in page
    assert "Klingenstadt Solingen" in page and "Redaktion (schreiben)" in page


def test_a_draft_after_the_deadline_says_so_and_offers_no_submission(client, solingen_org, editor):
    draft = _application(solingen_org, editor, "Zu spät")
    draft.call.__class__.objects.filter(pk=draft.call.pk).update(
        closes_at=timezone.now() - dt.timedelta(hours=1)
    )
    client.force_login(editor)
    page = client.get(HOME).content.decode()
    assert "Die Frist ist abgelaufen." in page
    assert "Einreichen bis" not in page


def test_a_member_without_write_rights_is_led_to_the_application_not_the_review_page(
    client, solingen_org, editor, make_user
):
    reader = make_user("leser")
    Membership.objects.create(user=reader, organisation=solingen_org, role=Role.MEMBER)
    decided = complete(_application(solingen_org, editor, "Offene Daten"), editor)
    submissions.application_submit(actor=editor, application=decided)
    case = ReviewCase.objects.create(
        application=decided, call=decided.call, state="rejected", decided_at=timezone.now()
    )
    client.force_login(reader)
    page = client.get(HOME).content.decode()
    assert "Mitglied (lesen)" in page
    assert reverse("reviews:applicant_case", args=[case.pk]) not in page
    assert decided.get_absolute_url() in page


def test_the_query_count_does_not_grow_with_the_number_of_applications(
    client, solingen_org, editor, make_user, registry
):
    client.force_login(editor)
    # an organisation the editor administers: the admin's part of the page is measured too
    assert organisation_create(actor=editor, kind=OrganisationKind.CONSULTANCY, name="Beratung")
    _application(solingen_org, editor, "Eins")
    with CaptureQueriesContext(connection) as one:
        assert client.get(HOME).status_code == 200
    for number in range(2, 7):
        application = _application(solingen_org, editor, f"Nummer {number}")
        if number % 2:
            complete(application, editor)
            submissions.application_submit(actor=editor, application=application)
    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME)
    assert response.context["board"].application_count == 6
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_the_programme_office_sees_its_calls_with_counts_and_review_links(
    client, solingen_org, editor, office
):
    submitted = complete(_application(solingen_org, editor, "Smarte Straßen"), editor)
    submissions.application_submit(actor=editor, application=submitted)
    client.force_login(office)
    response = client.get(HOME)
    page = response.content.decode()
    call = submitted.call
    assert "Programmbüro" in page
    assert "1 eingereichter Antrag" in page
    assert reverse("submissions:office_overview", args=[call.pk]) in page
    assert reverse("reviews:call_review", args=[call.pk]) in page


def test_other_people_see_no_office_section(client, editor, solingen_org):
    _application(solingen_org, editor, "Eins")
    client.force_login(editor)
    response = client.get(HOME)
    assert response.context["board"].office_calls == []
    assert reverse("reviews:call_review", args=[_first_call_pk()]) not in response.content.decode()


def _first_call_pk():
    from stadtnetz.programmes.models import Call

    return Call.objects.order_by("pk").first().pk


def test_waiting_invitations_are_listed_and_accepted_from_the_start_page(
    client, solingen_org, editor, make_user, office
):
    newcomer = make_user("neu", email="neu@solingen.de")
    invitation_create(
        organisation=solingen_org, actor=office, email="NEU@solingen.de", role=Role.EDITOR
    )
    application = _application(solingen_org, editor, "Gemeinsam")
    collaborator, _link = submissions.collaborator_invite(
        actor=editor, application=application, email="neu@solingen.de", right="comment"
    )
    client.force_login(newcomer)
    board = client.get(HOME).context["board"]
    assert [i.organisation for i in board.organisation_invitations] == [solingen_org]
    assert board.collaborator_invitations == [collaborator]

    invitation = board.organisation_invitations[0]
    response = client.post(reverse("dashboard:invitation_accept", args=[invitation.pk]))
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer, organisation=solingen_org).role == Role.EDITOR
    response = client.post(reverse("dashboard:collaboration_accept", args=[collaborator.pk]))
    assert response["Location"] == application.get_absolute_url()
    collaborator.refresh_from_db()
    assert collaborator.user == newcomer
    board = client.get(HOME).context["board"]
    assert board.organisation_invitations == [] and board.collaborator_invitations == []


def test_someone_elses_invitation_cannot_be_accepted_from_the_start_page(
    client, solingen_org, make_user, office, editor
):
    invitation = invitation_create(
        organisation=solingen_org, actor=office, email="jemand@solingen.de", role=Role.ADMIN
    ).invitation
    application = _application(solingen_org, editor, "Gemeinsam")
    collaborator, _link = submissions.collaborator_invite(
        actor=editor, application=application, email="jemand@solingen.de", right="edit"
    )
    intruder = make_user("fremd", email="fremd@example.org")
    client.force_login(intruder)
    assert (
        client.post(reverse("dashboard:invitation_accept", args=[invitation.pk])).status_code == 404
    )
    assert (
        client.post(reverse("dashboard:collaboration_accept", args=[collaborator.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("dashboard:invitation_accept", args=[invitation.pk])).status_code == 405
    )
    assert not Membership.objects.filter(user=intruder).exists()
    assert client.get(HOME).context["board"].organisation_invitations == []


def test_an_unconfirmed_address_sees_no_invitations(client, solingen_org, make_user, office):
    person = make_user("unbestaetigt", email="u@solingen.de", verified=False)
    invitation_create(organisation=solingen_org, actor=office, email="u@solingen.de", role="member")
    client.force_login(person)
    assert client.get(HOME).context["board"].organisation_invitations == []


def test_assessments_of_my_organisations_are_listed(client, solingen_org, editor, make_user):
    from stadtnetz.assessments.models import Assessment

    mine = Assessment.objects.create(
        organisation=solingen_org, questionnaire_version="1.0", questionnaire_major=1
    )
    other_org = organisation_create(
        actor=make_user("x"), kind=OrganisationKind.ASSOCIATION, name="Verein"
    )
    Assessment.objects.create(
        organisation=other_org, questionnaire_version="1.0", questionnaire_major=1
    )
    client.force_login(editor)
    response = client.get(HOME)
    assert response.context["board"].assessments == [mine]
    assert mine.get_absolute_url() in response.content.decode()


def test_the_call_page_links_the_organisations_existing_application(
    client, solingen_org, editor, make_user
):
    application = _application(solingen_org, editor, "Digitale Klingenstadt")
    client.force_login(editor)
    page = client.get(application.call.get_absolute_url()).content.decode()
    assert "Ihre Organisation hat für diesen Aufruf bereits einen Antrag" in page
    assert f'href="{application.get_absolute_url()}"' in page
    # starting a second one shows the link instead of a form that would be refused
    response = client.get(reverse("submissions:application_create", args=[application.call.pk]))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert f'href="{application.get_absolute_url()}"' in response.content.decode()
    # strangers do not learn about it
    client.force_login(make_user("fremd"))
    page = client.get(application.call.get_absolute_url()).content.decode()
    assert application.get_absolute_url() not in page
    client.logout()
    assert (
        application.get_absolute_url()
        not in client.get(application.call.get_absolute_url()).content.decode()
    )


def test_a_consultant_sees_the_application_they_collaborate_on(
    client, solingen_org, editor, make_user
):
    consultant = make_user("beraterin", email="beraterin@example.org")
    application = _application(solingen_org, editor, "Gemeinsam")
    collaborator, _link = submissions.collaborator_invite(
        actor=editor, application=application, email="beraterin@example.org", right="edit"
    )
    submissions.collaborator_accept(user=consultant, collaborator=collaborator)
    client.force_login(consultant)
    response = client.get(HOME)
    assert [row.application for row in response.context["board"].drafts] == [application]
    page = response.content.decode()
    assert "Antrag vervollständigen" in page
    assert "Sie sind noch in keiner Organisation Mitglied." in page


def test_a_reviewer_sees_the_calls_of_their_pools(client, make_user, office):
    from stadtnetz.reviews.models import PoolMember

    reviewer = make_user("gutachterin", is_reviewer=True)
    call = make_call(title="Aufruf mit Begutachtung")
    PoolMember.objects.create(call=call, reviewer=reviewer, invited_by=office)
    make_call(title="Fremder Aufruf")
    client.force_login(reviewer)
    response = client.get(HOME)
    assert [entry.call for entry in response.context["board"].review_pools] == [call]
    page = response.content.decode()
    assert "Förderaufrufe, die ich begutachte" in page
    assert reverse("reviews:call_review", args=[call.pk]) in page
    assert response.context["board"].office_calls == []


def test_the_english_page_uses_english_words_and_dates(client, solingen_org, editor):
    draft = _application(solingen_org, editor, "Digitale Klingenstadt")
    client.force_login(editor)
    client.cookies["stadtnetz_language"] = "en"
    page = client.get(HOME).content.decode()
    deadline = timezone.localtime(draft.call.closes_at).strftime("%m/%d/%Y")
    assert "My Stadtnetz" in page and "Complete the application" in page
    assert f"Submit by {deadline}" in page
    assert "Editor (write)" in page
    for german in ("Antrag vervollständigen", "Einreichen bis", "Meine Organisationen", "Frist"):
        assert german not in page
