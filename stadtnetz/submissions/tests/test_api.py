# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from stadtnetz.organisations.models import Membership, Role
from stadtnetz.submissions.models import Application, BudgetLine, Submission
from stadtnetz.users.services import api_token_create

pytestmark = pytest.mark.django_db


def _headers(user):
    return {"Authorization": f"Bearer {api_token_create(user=user, name='t').secret}"}


def test_api_flow_with_parity_and_conflicts(client, call, organisation, editor, make_user):
    h = _headers(editor)
    assert client.post("/api/v1/submissions", {"call": call.pk, "organisation": organisation.pk, "title": "API"},
                       content_type="application/json").status_code == 401  # fmt: skip
    response = client.post("/api/v1/submissions", {"call": call.pk, "organisation": organisation.pk, "title": "API"},
                           content_type="application/json", headers=h)  # fmt: skip
    assert response.status_code == 201
    app_id = response.json()["id"]
    again = client.post("/api/v1/submissions", {"call": call.pk, "organisation": organisation.pk, "title": "API"},
                        content_type="application/json", headers=h)  # fmt: skip
    assert again.status_code == 400 and Application.objects.count() == 1
    url = f"/api/v1/submissions/{app_id}/sections/strategie"
    ok = client.put(
        url, {"text": "Version eins", "version": 0}, content_type="application/json", headers=h
    )
    assert ok.status_code == 200 and ok.json()["version"] == 1
    stale = client.put(
        url, {"text": "Alt", "version": 0}, content_type="application/json", headers=h
    )
    assert stale.status_code == 409 and stale.json()["current_text"] == "Version eins"
    too_long = client.put(
        url, {"text": "x" * 2001, "version": 1}, content_type="application/json", headers=h
    )
    assert too_long.status_code == 400
    assert client.put(f"/api/v1/submissions/{app_id}/sections/nope", {"text": "x", "version": 0},
                      content_type="application/json", headers=h).status_code == 404  # fmt: skip
    for bad in ({"amount": "-1"}, {"amount": "viel"}, {"category": "bribes"}, {"amount": "1e40"}):
        line = {
            "phase": "A",
            "year": 2027,
            "category": "personnel",
            "description": "x",
            "amount": "10",
        } | bad
        assert client.post(f"/api/v1/submissions/{app_id}/budget-lines", line, content_type="application/json",
                           headers=h).status_code == 400  # fmt: skip
    assert not BudgetLine.objects.exists()
    check = client.get(f"/api/v1/submissions/{app_id}/check", headers=h).json()
    assert check["complete"] is False and {"budget_missing", "section_empty"} <= {
        p["code"] for p in check["problems"]
    }
    refused = client.post(f"/api/v1/submissions/{app_id}/submit", headers=h)
    assert refused.status_code == 400 and refused.json()["problems"]
    # complete it through the API and the details service
    client.put(f"/api/v1/submissions/{app_id}/sections/ausgangslage", {"text": "Lage", "version": 0},
               content_type="application/json", headers=h)  # fmt: skip
    year = call.opens_at.year + 1
    line = {
        "phase": "A",
        "year": year,
        "category": "personnel",
        "description": "Team",
        "amount": "1000.00",
    }
    assert client.post(f"/api/v1/submissions/{app_id}/budget-lines", line, content_type="application/json",
                       headers=h).status_code == 201  # fmt: skip
    # a wrong line is removed again through the API
    wrong = client.post(f"/api/v1/submissions/{app_id}/budget-lines", line | {"description": "Falsch"},
                        content_type="application/json", headers=h)  # fmt: skip
    assert wrong.status_code == 201
    assert client.delete(f"/api/v1/submissions/{app_id}/budget-lines/{wrong.json()['id']}",
                         headers=h).status_code == 204  # fmt: skip
    assert client.delete(f"/api/v1/submissions/{app_id}/budget-lines/{wrong.json()['id']}",
                         headers=h).status_code == 404  # fmt: skip
    # the period, written only through the API (before: only the page could set it, so the
    # check always reported duration_missing to API clients)
    before = client.get(f"/api/v1/submissions/{app_id}", headers=h).json()
    assert before["starts_on"] is None and before["version"] == 0
    assert [b["description"] for b in before["budget_lines"]] == ["Team"]
    details = {
        "title": "API-Projekt",
        "starts_on": f"{year}-01-01",
        "duration_months": 12,
        "version": 0,
    }
    saved = client.put(
        f"/api/v1/submissions/{app_id}", details, content_type="application/json", headers=h
    )
    assert saved.status_code == 200, saved.json()
    assert (saved.json()["title"], saved.json()["starts_on"], saved.json()["duration_months"],
            saved.json()["version"]) == ("API-Projekt", f"{year}-01-01", 12, 1)  # fmt: skip
    unsigned = client.get(f"/api/v1/submissions/{app_id}/check", headers=h).json()
    assert [p["code"] for p in unsigned["problems"]] == ["not_signed"]
    # Signing through the API too: only an administrator may (decision 0067), all declarations.
    declarations = client.get(f"/api/v1/submissions/{app_id}", headers=h).json()["declarations"]
    assert declarations
    body = {"confirmed": list(range(len(declarations))), "signatory_name": "Tim Kurzbach",
            "signatory_function": "Oberbürgermeister"}  # fmt: skip
    as_editor = client.put(f"/api/v1/submissions/{app_id}/signature", body,
                           content_type="application/json", headers=h)  # fmt: skip
    assert as_editor.status_code == 403 and not Application.objects.get(pk=app_id).is_signed
    admin = make_user("verwaltungsspitze")  # a verified address: tokens of others cannot write
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    partial = client.put(f"/api/v1/submissions/{app_id}/signature", {**body, "confirmed": [0]},
                         content_type="application/json", headers=_headers(admin))  # fmt: skip
    if len(declarations) > 1:
        assert partial.status_code == 400 and partial.json()["field"] == "declarations", (
            partial.json()
        )
    assert not Application.objects.get(pk=app_id).is_signed or len(declarations) == 1
    signed_now = client.put(f"/api/v1/submissions/{app_id}/signature", body,
                            content_type="application/json", headers=_headers(admin))  # fmt: skip
    assert signed_now.status_code == 200, signed_now.json()
    funding = client.put(f"/api/v1/submissions/{app_id}/funding",
                         {"third_party_funds_a": "-1", "third_party_funds_b": "0"},
                         content_type="application/json", headers=h)  # fmt: skip
    assert funding.status_code in (400, 422)
    signed = client.get(f"/api/v1/submissions/{app_id}", headers=h).json()
    assert (signed["signed"], signed["signatory_name"], signed["signatory_function"]) == (
        True, "Tim Kurzbach", "Oberbürgermeister")  # fmt: skip
    assert (signed["hardship_rate_approved"], signed["third_party_funds"]) == (False, "0.00")
    assert all(a["document_type"] == "other" for a in signed["attachments"])
    assert client.get(f"/api/v1/submissions/{app_id}/check", headers=h).json() == {
        "complete": True,
        "problems": [],
    }
    receipt = client.post(f"/api/v1/submissions/{app_id}/submit", headers=h)
    assert receipt.status_code == 200
    data = receipt.json()
    assert set(data) >= {"receipt_number", "submitted_at", "pdf_sha256"}
    assert dt.datetime.fromisoformat(data["submitted_at"]).utcoffset() is not None
    assert (
        client.post(f"/api/v1/submissions/{app_id}/submit", headers=h).json() == data
    )  # idempotent
    pdf = client.get(f"/api/v1/submissions/{app_id}/pdf", headers=h)
    assert hashlib.sha256(pdf.content).hexdigest() == data["pdf_sha256"]
    detail = client.get(f"/api/v1/submissions/{app_id}", headers=h).json()
    assert (detail["status"], detail["requested_grant"]) == ("submitted", "650.00")
    locked = client.put(
        url, {"text": "Nach Abgabe", "version": 1}, content_type="application/json", headers=h
    )
    assert locked.status_code == 403
    # forged IDs of other organisations' applications: 404
    stranger = _headers(make_user("fremd"))
    for path in ("", "/check", "/pdf", "/sections/strategie"):
        assert (
            client.get(f"/api/v1/submissions/{app_id}{path}", headers=stranger).status_code == 404
        )
    assert client.post(f"/api/v1/submissions/{app_id}/submit", headers=stranger).status_code == 404
    assert Submission.objects.count() == 1


def test_details_through_the_api_refuse_stale_versions_and_bad_values(
    client, application, editor, make_user
):
    h = _headers(editor)
    url = f"/api/v1/submissions/{application.pk}"
    year = application.call.opens_at.year + 1
    first = {"title": "Erste", "starts_on": f"{year}-03-01", "duration_months": 18, "version": 0}
    assert client.put(url, first, content_type="application/json", headers=h).status_code == 200
    # a second client that read version 0 does not silently win
    second = {"title": "Zweite", "starts_on": f"{year}-05-01", "duration_months": 6, "version": 0}
    stale = client.put(url, second, content_type="application/json", headers=h)
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale_version"
    assert body["current"] == {"title": "Erste", "starts_on": f"{year}-03-01", "duration_months": 18,
                               "version": 1}  # fmt: skip
    application.refresh_from_db()
    assert (application.title, application.duration_months, application.details_version) == (
        "Erste",
        18,
        1,
    )
    # hostile and wrong values: refused at the field, nothing saved
    for bad, field in [({"duration_months": 0}, "duration_months"), ({"duration_months": 241}, "duration_months"),
                       ({"starts_on": "2027-02-30"}, "starts_on"), ({"title": ""}, "title"),
                       ({"title": "a\r\nBcc: x@example.org"}, "title"), ({"version": -1}, "version")]:  # fmt: skip
        response = client.put(
            url, first | {"version": 1} | bad, content_type="application/json", headers=h
        )
        assert response.status_code in (400, 422), (bad, response.json())
        assert field in (
            response.json().get("field"),
            response.json().get("errors", {}).get(field) and field,
        ), bad
    application.refresh_from_db()
    assert (application.title, application.details_version) == ("Erste", 1)
    # read-only tokens, other organisations and anonymous clients cannot write
    read = {
        "Authorization": f"Bearer {api_token_create(user=editor, name='r', scope='read').secret}"
    }
    assert (
        client.put(
            url, first | {"version": 1}, content_type="application/json", headers=read
        ).status_code
        == 403
    )
    stranger = _headers(make_user("fremd"))
    assert (
        client.put(
            url, first | {"version": 1}, content_type="application/json", headers=stranger
        ).status_code
        == 404
    )
    assert (
        client.put(url, first | {"version": 1}, content_type="application/json").status_code == 401
    )


def test_attachments_through_the_api(client, application, editor, make_user, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    h = _headers(editor)
    url = f"/api/v1/submissions/{application.pk}/attachments"
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n%api\n", content_type="application/pdf")
    added = client.post(url, {"file": pdf}, headers=h)
    assert added.status_code == 201, added.json()
    assert (added.json()["name"], added.json()["kind"]) == ("plan.pdf", "pdf")
    listed = client.get(f"/api/v1/submissions/{application.pk}", headers=h).json()["attachments"]
    assert [a["id"] for a in listed] == [added.json()["id"]]
    # the bytes decide, not the name: a script called .pdf is refused at the field
    fake = SimpleUploadedFile("plan.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf")
    refused = client.post(url, {"file": fake}, headers=h)
    assert refused.status_code == 400 and refused.json()["field"] == "file"
    settings.STADTNETZ_ATTACHMENT_MAX_BYTES = 5
    big = SimpleUploadedFile("gross.pdf", b"%PDF-1.7\n" * 10, content_type="application/pdf")
    assert client.post(url, {"file": big}, headers=h).status_code == 413
    assert client.post(url, {"file": pdf}, headers=_headers(make_user("fremd"))).status_code == 404
    assert application.attachments.count() == 1
    gone = client.delete(f"{url}/{added.json()['id']}", headers=h)
    assert gone.status_code == 204 and application.attachments.count() == 0


def test_api_attachment_up_to_the_page_limit_is_accepted(client, application, editor, settings):
    """The API's small JSON body limit does not hold files back: 3 MB is fine, as on the page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert (
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE < 3 * 1024**2 < settings.STADTNETZ_ATTACHMENT_MAX_BYTES
    )
    h = _headers(editor)
    url = f"/api/v1/submissions/{application.pk}/attachments"
    body = b"%PDF-1.7\n" + b"0" * (3 * 1024**2) + b"\n%%EOF\n"
    pdf = SimpleUploadedFile("kostenplan.pdf", body, content_type="application/pdf")
    added = client.post(url, {"file": pdf}, headers=h)
    assert added.status_code == 201, added.content[:300]
    assert application.attachments.get().size == len(body)
    # a JSON body of the same size is still refused before it is read
    too_big = client.put(
        f"/api/v1/submissions/{application.pk}", "x" * (3 * 1024**2),
        content_type="application/json", headers=h,
    )  # fmt: skip
    assert too_big.status_code == 413 and too_big.json()["code"] == "payload_too_large"


def test_api_writes_third_party_funds(client, application, editor, make_user):
    url = f"/api/v1/submissions/{application.pk}/funding"
    body = {"third_party_funds_a": "12500.50", "third_party_funds_b": "0"}
    assert client.put(url, body, content_type="application/json").status_code == 401
    stranger = _headers(make_user("fremd"))
    assert (
        client.put(url, body, content_type="application/json", headers=stranger).status_code == 404
    )
    saved = client.put(url, body, content_type="application/json", headers=_headers(editor))
    assert saved.status_code == 200, saved.json()
    application.refresh_from_db()
    assert str(application.third_party_funds_a) == "12500.50"
