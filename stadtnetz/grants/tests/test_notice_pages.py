# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The office issues the notice from a selected application; the grant page and the PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from stadtnetz.grants.models import GrantNotice, Milestone, PlanLine
from stadtnetz.grants.selectors import current_plan
from stadtnetz.organisations.models import Role
from stadtnetz.projects.models import Measure
from stadtnetz.reviews.models import ReviewCase
from stadtnetz.reviews.tests.factories import organisation_for

from .factories import YEAR, grantee_user, issued_notice, office_user, selected_case

pytestmark = pytest.mark.django_db


def _form_data(case, client, **changes):
    """The form as the page prefills it, with ``changes`` applied."""
    response = client.get(reverse("grants:notice_create", args=[case.pk]))
    assert response.status_code == 200
    formset = response.context["formset"]
    data = {
        "period_start": f"{YEAR}-01-01", "period_end": f"{YEAR + 2}-12-31",
        "starts_in_phase": "A", "conditions": "ANBest-GK gelten.\n\nBerichtspflicht jährlich.",
        "plan-TOTAL_FORMS": str(len(formset.forms)), "plan-INITIAL_FORMS": str(len(formset.forms)),
        "plan-MIN_NUM_FORMS": "0", "plan-MAX_NUM_FORMS": "200",
    }  # fmt: skip
    for i, form in enumerate(formset.forms):
        for name in ("phase", "year", "category", "eligible_costs", "grant"):
            data[f"plan-{i}-{name}"] = str(form.initial[name])
    data.update(changes)
    return data


def test_office_issues_the_notice_with_changed_figures(client):
    case = selected_case()
    client.force_login(office_user())
    page = client.get(reverse("grants:notice_create", args=[case.pk]))
    assert "120.000,00" in page.content.decode()  # requested, German format
    data = _form_data(case, client, **{"plan-0-eligible_costs": "100.000,00", "plan-0-grant": ""})
    response = client.post(reverse("grants:notice_create", args=[case.pk]), data)
    assert response.status_code == 302
    notice = GrantNotice.objects.get()
    assert response["Location"] == reverse("grants:grant", args=[notice.project.slug])
    line = current_plan(notice).lines.get(phase="A", category="personnel")
    assert line.eligible_costs == Decimal("100000.00") and line.grant == Decimal("65000.00")
    assert [c.text for c in notice.conditions.all()] == [
        "ANBest-GK gelten.",
        "Berichtspflicht jährlich.",
    ]
    assert notice.pdf_sha256  # rendered right after issuing
    grant_page = client.get(response["Location"]).content.decode()
    assert notice.reference in grant_page
    assert "-20.000,00" in grant_page  # approved − requested costs of the changed cell
    assert "ANBest-GK gelten." in grant_page


def test_direct_start_in_phase_b_leaves_phase_a_out(client):
    case = selected_case()
    client.force_login(office_user())
    data = _form_data(case, client, starts_in_phase="B")
    assert client.post(reverse("grants:notice_create", args=[case.pk]), data).status_code == 302
    assert not PlanLine.objects.filter(phase="A").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"plan-0-eligible_costs": "zwölf"}, "eligible_costs"),
        ({"plan-0-eligible_costs": "-5"}, "eligible_costs"),
        ({"plan-1-grant": "80.000,00"}, "eligible_costs"),  # grant above 65 % of 80.000
        ({"plan-0-year": str(YEAR + 9)}, "eligible_costs"),  # outside the period
        ({"period_end": f"{YEAR - 1}-01-01"}, "period_end"),
        ({"period_start": "gestern"}, "period_start"),
    ],
)
def test_bad_input_refused_at_the_field_nothing_saved(client, changes, field):
    case = selected_case()
    client.force_login(office_user())
    data = _form_data(case, client, **changes)
    response = client.post(reverse("grants:notice_create", args=[case.pk]), data)
    assert response.status_code == 400
    forms = [response.context["form"], *response.context["formset"].forms]
    assert any(field in form.errors for form in forms)
    assert 'role="alert"' in response.content.decode()
    assert not GrantNotice.objects.exists()


def test_duplicate_notice_redirects_to_the_grant(client):
    notice = issued_notice()
    case = ReviewCase.objects.get(model_project=notice.project)
    client.force_login(office_user())
    data = {"period_start": f"{YEAR}-01-01", "period_end": f"{YEAR + 2}-12-31", "starts_in_phase": "A",
            "plan-TOTAL_FORMS": "0", "plan-INITIAL_FORMS": "0"}  # fmt: skip
    response = client.post(reverse("grants:notice_create", args=[case.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:grant", args=[notice.project.slug])
    assert GrantNotice.objects.count() == 1


def test_grant_page_and_pdf_for_members_and_office_only(client):
    notice = issued_notice()
    org = notice.project.organisation
    member = grantee_user(org, "mitglied", Role.MEMBER)
    stranger = grantee_user(organisation_for("09162000"), "fremd", Role.ADMIN)
    pdf_url = reverse("grants:notice_pdf", args=[notice.project.slug])
    for user, status in ((member, 200), (office_user(), 200), (stranger, 404)):
        client.force_login(user)
        response = client.get(pdf_url)
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert response.content.startswith(b"%PDF-")
        assert client.get(reverse("grants:grant", args=[notice.project.slug])).status_code == status


def test_project_page_flags_overdue_milestones_for_the_grantee_only(client):
    notice = issued_notice()
    measure = Measure.objects.create(project=notice.project, title="Datenplattform",
                                     description="x", status="planned")  # fmt: skip
    Milestone.objects.create(
        measure=measure, title="Ausschreibung", due_on=dt.date.today() - dt.timedelta(days=3)
    )
    Milestone.objects.create(
        measure=measure, title="Zukunft", due_on=dt.date.today() + dt.timedelta(days=3)
    )
    url = notice.project.get_absolute_url()
    client.force_login(grantee_user(notice.project.organisation, "mitglied", Role.MEMBER))
    page = client.get(url).content.decode()
    assert 'id="overdue-milestones"' in page and "Ausschreibung" in page and "Zukunft" not in page
    client.logout()
    assert 'id="overdue-milestones"' not in client.get(url).content.decode()


def test_issuing_tells_the_organisations_members(client):
    from stadtnetz.notifications.models import Notification

    case = selected_case()
    member = grantee_user(case.application.organisation, "mitglied", Role.MEMBER)
    client.force_login(office_user())
    assert (
        client.post(
            reverse("grants:notice_create", args=[case.pk]), _form_data(case, client)
        ).status_code
        == 302
    )
    sent = Notification.objects.filter(event_type="grant_notice_issued", recipient=member)
    assert sent.count() == 1
    assert sent.get().url == reverse("grants:grant", args=[GrantNotice.objects.get().project.slug])
