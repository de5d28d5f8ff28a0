# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Payment request pages and API: German amounts in the form, errors at the field with nothing
saved, the four-eyes rule on the page, double POSTs, stale edits, the API's decimal strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from stadtnetz.grants.models import PaymentEvent, PaymentRequest
from stadtnetz.grants.services import payments as svc
from stadtnetz.users.services import api_token_create

from .factories import YEAR, grantee_user, issued_notice, office_user

pytestmark = pytest.mark.django_db
SOON = timezone.localdate() + dt.timedelta(days=10)


@pytest.fixture
def notice():
    return issued_notice()


@pytest.fixture
def lead(notice):
    return grantee_user(notice.project.organisation)


def _url(name, notice, number=None):
    args = [notice.project.slug] + ([number] if number is not None else [])
    return reverse(f"grants:{name}", args=args)


def _form(**amounts):
    data = {"phase": "A", "year": str(YEAR), "due_by": SOON.isoformat()}
    return data | {f"amount_{code}": value for code, value in amounts.items()}


def _bearer(user):
    if user.email_verified_at is None:  # the API writes only for confirmed addresses
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return {"Authorization": f"Bearer {api_token_create(user=user, name='t').secret}"}


def test_grantee_files_a_request_in_german_amounts(client, notice, lead):
    client.force_login(lead)
    page = client.get(_url("payment_new", notice))
    assert page.status_code == 200
    assert "Zuwendungsfähige Ausgaben je Kostenart" in page.text
    response = client.post(_url("payment_new", notice), _form(personnel="12.500,00"))
    assert response.status_code == 302
    request = PaymentRequest.objects.get()
    assert request.lines.get().expenditure == Decimal("12500.00")
    detail = client.get(response["Location"])
    assert "12.500,00" in detail.text and "8.125,00" in detail.text  # 65 % of 12.500,00
    assert "Entwurf" in detail.text
    listing = client.get(_url("payment_list", notice))
    assert "Nr. 1" in listing.text


@pytest.mark.parametrize(
    ("data", "marker"),
    [
        (_form(personnel="-5"), 'id="id_amount_personnel-error"'),
        (_form(personnel="zwölf"), 'id="id_amount_personnel-error"'),
        (_form(personnel="0"), 'id="id_amount_personnel-error"'),
        (_form(), 'id="amounts-error"'),
        (_form(personnel="999.999,00"), 'id="amounts-error"'),
        (_form(personnel="100") | {"year": str(YEAR + 7)}, 'id="id_year-error"'),
        (_form(personnel="100") | {"due_by": "2001-01-01"}, 'id="id_due_by-error"'),
        (_form(personnel="100") | {"phase": "B", "year": str(YEAR + 1)}, 'id="id_phase-error"'),
    ],
)
def test_bad_input_refused_at_the_field_nothing_saved(client, notice, lead, data, marker):
    client.force_login(lead)
    response = client.post(_url("payment_new", notice), data)
    assert response.status_code == 400
    assert marker in response.text
    assert not PaymentRequest.objects.exists() and not PaymentEvent.objects.exists()


def test_four_eyes_visible_and_enforced_on_the_page(client, notice, lead):
    first = office_user("office1")
    first.first_name, first.last_name = "Frieda", "Erst"
    first.save()
    second = office_user("office2")
    request = svc.payment_submit(actor=lead, request=svc.payment_save(
        actor=lead, notice=notice, phase="A", year=YEAR, due_by=SOON, amounts={"personnel": "1000"}))  # fmt: skip
    client.force_login(first)
    assert client.post(_url("payment_check", notice, 1)).status_code == 302
    page = client.get(_url("payment_detail", notice, 1))
    assert (
        "Geprüft von Frieda Erst" in page.text and "Freigabe durch eine andere Person" in page.text
    )
    assert 'id="payment-release"' not in page.text  # the checker sees no release button
    refused = client.post(_url("payment_release", notice, 1))
    assert refused.status_code == 400
    assert "Vier-Augen-Prinzip" in refused.text
    request.refresh_from_db()
    assert request.status == "checked"
    client.force_login(second)
    page = client.get(_url("payment_detail", notice, 1))
    assert 'id="payment-release"' in page.text
    assert client.post(_url("payment_release", notice, 1)).status_code == 302
    bad = client.post(_url("payment_pay", notice, 1), {"paid_on": ""})
    assert bad.status_code == 400 and 'id="paid-on-error"' in bad.text
    today = timezone.localdate().isoformat()
    assert client.post(_url("payment_pay", notice, 1), {"paid_on": today}).status_code == 302
    request.refresh_from_db()
    assert request.status == "paid"
    statuses = list(request.events.values_list("status", flat=True))
    assert statuses == ["draft", "submitted", "checked", "released", "paid"]


def test_double_post_of_submit_appends_one_event(client, notice, lead):
    svc.payment_save(actor=lead, notice=notice, phase="A", year=YEAR, due_by=SOON,
                     amounts={"personnel": "1000"})  # fmt: skip
    client.force_login(lead)
    assert client.post(_url("payment_submit", notice, 1)).status_code == 302
    assert client.post(_url("payment_submit", notice, 1)).status_code == 302
    assert PaymentEvent.objects.filter(status="submitted").count() == 1


def test_request_changes_needs_a_reason_and_goes_back_to_the_grantee(client, notice, lead):
    svc.payment_submit(actor=lead, request=svc.payment_save(
        actor=lead, notice=notice, phase="A", year=YEAR, due_by=SOON, amounts={"personnel": "1000"}))  # fmt: skip
    client.force_login(office_user())
    empty = client.post(_url("payment_request_changes", notice, 1), {"reason": " "})
    assert empty.status_code == 400 and 'id="reason-error"' in empty.text
    assert (
        client.post(
            _url("payment_request_changes", notice, 1), {"reason": "Beleg fehlt"}
        ).status_code
        == 302
    )
    client.force_login(lead)
    page = client.get(_url("payment_detail", notice, 1))
    assert "Beleg fehlt" in page.text and 'id="payment-edit"' in page.text
    edit = client.get(_url("payment_edit", notice, 1))
    assert edit.status_code == 200 and 'value="1.000,00"' in edit.text


def test_stale_edit_answers_409_and_keeps_the_input(client, notice, lead):
    request = svc.payment_save(actor=lead, notice=notice, phase="A", year=YEAR, due_by=SOON,
                               amounts={"personnel": "1000"})  # fmt: skip
    client.force_login(lead)
    old = request.version
    first = client.post(_url("payment_edit", notice, 1), _form(personnel="2000") | {"version": old})
    assert first.status_code == 302
    stale = client.post(_url("payment_edit", notice, 1), _form(personnel="3000") | {"version": old})
    assert stale.status_code == 409 and 'id="conflict"' in stale.text
    assert request.lines.get().expenditure == Decimal("2000.00")


def test_other_organisations_get_404(client, notice, lead):
    stranger = grantee_user(
        issued_notice(ags="09162000", title="München").project.organisation, "muc"
    )
    svc.payment_save(actor=lead, notice=notice, phase="A", year=YEAR, due_by=SOON,
                     amounts={"personnel": "1000"})  # fmt: skip
    client.force_login(stranger)
    for name, number in (("payment_list", None), ("payment_detail", 1), ("payment_edit", 1)):
        assert client.get(_url(name, notice, number)).status_code == 404
    assert client.post(_url("payment_submit", notice, 1)).status_code == 404


# API


def test_api_create_submit_check_release_pay_in_decimal_strings(client, notice, lead):
    project_id = notice.project_id
    created = client.post(
        f"/api/v1/model-projects/{project_id}/payment-requests",
        {"phase": "A", "year": YEAR, "due_by": SOON.isoformat(), "amounts": {"personnel": "12500.01"}},
        content_type="application/json", headers=_bearer(lead),
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["lines"] == [
        {"category": "personnel", "expenditure": "12500.01", "grant": "8125.00"}
    ]
    assert body["total_grant"] == "8125.00" and body["status"] == "draft"
    rid = body["id"]

    def act(user, action, payload=None):
        return client.post(f"/api/v1/payment-requests/{rid}/{action}", payload or {},
                           content_type="application/json", headers=_bearer(user))  # fmt: skip

    first, second = office_user("office1"), office_user("office2")
    assert act(lead, "submit").status_code == 200
    assert act(lead, "submit").status_code == 200  # repeated: no second event
    assert act(lead, "check").status_code == 403
    assert act(first, "check").json()["status"] == "checked"
    refused = act(first, "release")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"
    assert "four-eyes" in refused.json()["detail"] or "Vier-Augen" in refused.json()["detail"]
    assert act(second, "release").json()["released_by_id"] == second.pk
    no_date = act(second, "pay")
    assert no_date.status_code == 400 and no_date.json()["field"] == "paid_on"
    paid = act(second, "pay", {"paid_on": timezone.localdate().isoformat()}).json()
    assert paid["status"] == "paid"
    assert [e["status"] for e in paid["events"]] == [
        "draft",
        "submitted",
        "checked",
        "released",
        "paid",
    ]
    listing = client.get(
        f"/api/v1/model-projects/{project_id}/payment-requests", headers=_bearer(lead)
    )
    assert [r["number"] for r in listing.json()] == [1]


@pytest.mark.parametrize(
    ("amounts", "field"),
    [
        ({"personnel": "-1"}, "amounts.personnel"),
        ({"personnel": "abc"}, "amounts.personnel"),
        ({"personnel": "0"}, "amounts.personnel"),
        ({"personnel": "100000000"}, "amounts"),
        ({}, "amounts"),
    ],
)
def test_api_bad_amounts_400_at_the_field(client, notice, lead, amounts, field):
    response = client.post(
        f"/api/v1/model-projects/{notice.project_id}/payment-requests",
        {"phase": "A", "year": YEAR, "due_by": SOON.isoformat(), "amounts": amounts},
        content_type="application/json", headers=_bearer(lead),
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not PaymentRequest.objects.exists()


def test_api_put_with_a_stale_version_is_409(client, notice, lead):
    request = svc.payment_save(actor=lead, notice=notice, phase="A", year=YEAR, due_by=SOON,
                               amounts={"personnel": "1000"})  # fmt: skip
    body = {"phase": "A", "year": YEAR, "due_by": SOON.isoformat(), "version": request.version}
    url = f"/api/v1/payment-requests/{request.pk}"
    ok = client.put(url, body | {"amounts": {"personnel": "2000.00"}},
                    content_type="application/json", headers=_bearer(lead))  # fmt: skip
    assert ok.status_code == 200 and ok.json()["total_expenditure"] == "2000.00"
    stale = client.put(url, body | {"amounts": {"personnel": "3000.00"}},
                       content_type="application/json", headers=_bearer(lead))  # fmt: skip
    assert stale.status_code == 409 and stale.json()["current_version"] == ok.json()["version"]
