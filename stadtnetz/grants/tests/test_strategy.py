# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The strategy ends phase A: upload by the grantee, approval with a date by the office."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stadtnetz.grants.models import StrategyDocument
from stadtnetz.grants.selectors import strategy_approved
from stadtnetz.grants.services.common import GrantError
from stadtnetz.grants.services.strategy import strategy_decide, strategy_upload

from .factories import grantee_user, issued_notice, office_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_upload_then_approval_completes_phase_a_and_starts_b():
    notice = issued_notice()
    lead = grantee_user(notice.project.organisation)
    document = strategy_upload(actor=lead, notice=notice, name="Strategie.pdf", data=PDF)
    assert document.kind == "pdf" and document.state == "submitted"
    assert not strategy_approved(notice)
    today = dt.date.today()
    strategy_decide(actor=office_user(), strategy=document, approve=True, approved_on=today)
    assert strategy_approved(notice)
    phases = {p.phase: p for p in notice.project.phases.all()}
    assert phases["A"].status == "completed" and phases["A"].ends_on == today
    assert phases["B"].status == "running"
    assert phases["B"].starts_on == min(today + dt.timedelta(days=1), notice.period_end)


def test_changes_requested_need_a_reason_and_allow_a_new_upload():
    notice = issued_notice()
    lead = grantee_user(notice.project.organisation)
    document = strategy_upload(actor=lead, notice=notice, name="Strategie.pdf", data=PDF)
    with pytest.raises(GrantError) as error:
        strategy_decide(actor=office_user(), strategy=document, approve=False, reason=" ")
    assert "reason" in error.value.message_dict
    strategy_decide(actor=office_user(), strategy=document, approve=False, reason="Kapitel 3 fehlt")
    assert StrategyDocument.objects.get().state == "changes"
    strategy_upload(actor=lead, notice=notice, name="Strategie-2.pdf", data=PDF)
    assert notice.strategies.count() == 2
    assert notice.project.phases.get(phase="A").status == "running"


@pytest.mark.parametrize(
    ("approved_on", "message_field"),
    [(None, "approved_on"), (dt.date.today() + dt.timedelta(days=2), "approved_on"),
     (dt.date(2001, 1, 1), "approved_on")],
)  # fmt: skip
def test_approval_date_refused_at_the_field(approved_on, message_field):
    notice = issued_notice()
    document = strategy_upload(actor=grantee_user(notice.project.organisation), notice=notice,
                               name="Strategie.pdf", data=PDF)  # fmt: skip
    with pytest.raises(GrantError) as error:
        strategy_decide(
            actor=office_user(), strategy=document, approve=True, approved_on=approved_on
        )
    assert message_field in error.value.message_dict
    assert StrategyDocument.objects.get().state == "submitted"
    assert notice.project.phases.get(phase="A").status == "running"


def test_refusals_of_the_upload():
    notice = issued_notice()
    lead = grantee_user(notice.project.organisation)
    for name, data in (("leer.pdf", b""), ("x.exe", b"MZ\x90\x00"), ("a.docx", PDF)):
        with pytest.raises(GrantError) as error:
            strategy_upload(actor=lead, notice=notice, name=name, data=data)
        assert "file" in error.value.message_dict
    strategy_upload(actor=lead, notice=notice, name="Strategie.pdf", data=PDF)
    with pytest.raises(GrantError):  # one waits for the decision already
        strategy_upload(actor=lead, notice=notice, name="Strategie.pdf", data=PDF)
    with pytest.raises(PermissionDenied):
        strategy_upload(actor=office_user(), notice=notice, name="Strategie.pdf", data=PDF)
    direct = issued_notice(starts_in_phase="B", ags="09162000", title="München")
    with pytest.raises(GrantError):
        strategy_upload(actor=grantee_user(direct.project.organisation, "m"), notice=direct,
                        name="Strategie.pdf", data=PDF)  # fmt: skip
    assert StrategyDocument.objects.count() == 1


def test_pages_upload_and_decide(client):
    notice = issued_notice()
    slug = notice.project.slug
    client.force_login(grantee_user(notice.project.organisation))
    upload = SimpleUploadedFile("Strategie.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("grants:strategy", args=[slug]), {"file": upload})
    assert response.status_code == 302
    document = StrategyDocument.objects.get()
    assert client.get(reverse("grants:strategy_file", args=[slug, document.pk])).status_code == 200
    bad = client.post(reverse("grants:strategy", args=[slug]),
                      {"file": SimpleUploadedFile("x.pdf", b"nonsense")})  # fmt: skip
    assert bad.status_code == 400 and "file" in bad.context["form"].errors
    client.force_login(office_user())
    url = reverse("grants:strategy_decide", args=[slug, document.pk])
    refused = client.post(url, {"decision": "changes", "reason": ""})
    assert refused.status_code == 400 and "reason" in refused.context["form"].errors
    today = dt.date.today().isoformat()
    assert client.post(url, {"decision": "approve", "approved_on": today}).status_code == 302
    assert strategy_approved(notice)
