# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Issue 16 item 11: a binding submission — preview, declarations per call, authorised signatory."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from stadtnetz.programmes import services as programme_services
from stadtnetz.programmes.models import DEFAULT_DECLARATIONS
from stadtnetz.submissions import services
from stadtnetz.submissions.models import Application, ChangeEvent, Submission

from .conftest import complete, sign, signatory

pytestmark = pytest.mark.django_db


def _unsigned(application, editor):
    complete(application, editor)
    Application.objects.filter(pk=application.pk).update(
        signed_at=None, confirmed_declarations=[], signatory_name=""
    )
    application.refresh_from_db()
    return application


def _sign_data(application, *, skip=None, name="Tim Kurzbach", function="Oberbürgermeister"):
    data = {"sign-signatory_name": name, "sign-signatory_function": function}
    for number in range(len(application.call.declarations)):
        if number != skip:
            data[f"sign-declaration_{number}"] = "on"
    return data


def test_new_calls_carry_the_default_declarations(call):
    assert call.declarations == list(DEFAULT_DECLARATIONS)
    assert len(call.declarations) == 4 and "vorzeitiger Maßnahmenbeginn" in call.declarations[2]


def test_submit_is_refused_without_signature_with_a_clear_problem(application, editor):
    _unsigned(application, editor)
    with pytest.raises(services.IncompleteApplication) as info:
        services.application_submit(actor=editor, application=application)
    assert [p.code for p in info.value.problems] == ["not_signed"]
    assert not Submission.objects.exists()


def test_an_editor_cannot_sign_only_an_administrator(application, editor):
    _unsigned(application, editor)
    with pytest.raises(PermissionDenied):
        sign(application, actor=editor)
    application.refresh_from_db()
    assert application.signed_at is None


@pytest.mark.parametrize(("confirmed", "name", "function", "field"), [
    ([0, 1, 2], "Tim Kurzbach", "OB", "declarations"), ([0, 1, 2, 3, 7], "Tim Kurzbach", "OB", "declarations"),
    (["x"], "Tim Kurzbach", "OB", "declarations"), ([0, 1, 2, 3], "   ", "OB", "signatory_name"),
    ([0, 1, 2, 3], "Tim", "", "signatory_function"), ([0, 1, 2, 3], "A\x00B", "OB", "signatory_name"),
    ([0, 1, 2, 3], "x" * 201, "OB", "signatory_name"),
])  # fmt: skip
def test_hostile_signatures_are_refused_and_nothing_is_signed(
    application, editor, confirmed, name, function, field
):
    _unsigned(application, editor)
    with pytest.raises(ValidationError) as info:
        services.application_sign(actor=signatory(application.organisation), application=application,
                                  confirmed=confirmed, signatory_name=name, signatory_function=function)  # fmt: skip
    assert field in info.value.message_dict
    application.refresh_from_db()
    assert application.signed_at is None and not application.is_signed


def test_a_change_after_signing_clears_the_signature(application, editor):
    complete(application, editor)
    assert application.is_signed
    answer = application.answers.get(key="strategie")
    services.section_save(
        actor=editor,
        application=application,
        key="strategie",
        text="Neu",
        base_version=answer.version,
    )
    application.refresh_from_db()
    assert not application.is_signed
    assert ChangeEvent.objects.filter(kind="signature", summary__contains="cleared").exists()


def test_a_changed_declaration_text_needs_a_new_signature(application, editor, office):
    complete(application, editor)
    programme_services.call_update(
        actor=office, call=application.call, declarations="Nur eine Erklärung."
    )
    application.refresh_from_db()
    assert not application.is_signed


def test_the_signatory_confirms_and_submits_on_one_page(client, application, editor):
    _unsigned(application, editor)
    admin = signatory(application.organisation)
    client.force_login(editor)
    page = client.get(reverse("submissions:submit", args=[application.pk])).content.decode()
    assert 'id="needs-signatory"' in page and "sign-form" not in page
    assert (
        client.post(
            reverse("submissions:submit", args=[application.pk]), _sign_data(application)
        ).status_code
        == 403
    )
    client.force_login(admin)
    page = client.get(reverse("submissions:submit", args=[application.pk])).content.decode()
    assert 'id="sign-form"' in page and "vorzeitiger Maßnahmenbeginn" in page
    refused = client.post(
        reverse("submissions:submit", args=[application.pk]), _sign_data(application, skip=2)
    )
    assert refused.status_code == 400 and not Submission.objects.exists()
    assert (
        "Bitte bestätigen Sie diese Erklärung." in refused.content.decode()
        or "Please confirm this declaration." in refused.content.decode()
    )
    nameless = client.post(
        reverse("submissions:submit", args=[application.pk]), _sign_data(application, name="")
    )
    assert nameless.status_code == 400 and not Submission.objects.exists()
    response = client.post(
        reverse("submissions:submit", args=[application.pk]), _sign_data(application)
    )
    submission = Submission.objects.get()
    assert response["Location"] == submission.get_absolute_url()
    assert submission.snapshot["signatory"]["name"] == "Tim Kurzbach"
    assert submission.snapshot["signatory"]["function"] == "Oberbürgermeister"
    assert submission.snapshot["signatory"]["signed_by"] == admin.display_name
    assert [d["confirmed"] for d in submission.snapshot["declarations"]] == [True] * 4
    receipt = client.get(submission.get_absolute_url()).content.decode()
    assert (
        "Tim Kurzbach (Oberbürgermeister)" in receipt and "vorzeitiger Maßnahmenbeginn" in receipt
    )


def test_the_pdf_and_the_receipt_mail_name_declarations_and_signatory(application, editor, settings, mailoutbox,
                                                                       django_capture_on_commit_callbacks):  # fmt: skip
    settings.STADTNETZ_SUBMISSION_PDF = "inline"
    complete(application, editor)
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.application_submit(actor=editor, application=application)
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(bytes(submission.pdf))).pages
    )
    text = " ".join(text.split())
    assert "Erklärungen" in text and "Zeichnungsberechtigte Person" in text
    assert "Tim Kurzbach" in text and "Oberbürgermeister" in text
    assert "subventionserhebliche" in text and "vorzeitiger Maßnahmenbeginn" in text.replace(
        "- ", ""
    )
    body = mailoutbox[-1].body
    assert "Tim Kurzbach (Oberbürgermeister)" in body and "Datenschutz" in body


def test_the_preview_shows_everything_that_will_be_submitted(
    client, application, editor, organisation
):
    complete(application, editor)
    reader = organisation.memberships.get(role="member").user
    client.force_login(reader)
    page = client.get(
        reverse("submissions:preview", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Ausgangslage" in page and "Strategie" in page and "<strong>strategie</strong>" in page
    assert "Projektleitung" in page and "Sensoren" in page and "100.000,00" in page
    assert "vorzeitiger Maßnahmenbeginn" in page and "Tim Kurzbach (Oberbürgermeister)" in page
    assert 'id="preview-declarations"' in page


def test_strangers_do_not_see_the_preview(client, application, make_user):
    client.force_login(make_user("fremd"))
    assert client.get(reverse("submissions:preview", args=[application.pk])).status_code == 404
    assert client.post(reverse("submissions:preview", args=[application.pk])).status_code == 405


def test_the_office_edits_declarations_until_the_first_submission(
    client, application, editor, office
):
    call = application.call
    client.force_login(office)
    form = client.get(reverse("programmes:call_edit", args=[call.pk])).content.decode()
    assert "vorzeitiger Maßnahmenbeginn" in form
    programme_services.call_update(
        actor=office, call=call, declarations="Erste.\n\n  Zweite  Erklärung. \n"
    )
    call.refresh_from_db()
    assert call.declarations == ["Erste.", "Zweite Erklärung."]
    for hostile in ("", "\n \n", ["a", 3], "x" * 2001, "\n".join(["e"] * 21)):
        with pytest.raises(ValidationError):
            programme_services.call_update(actor=office, call=call, declarations=hostile)
    complete(application, editor)
    services.application_submit(actor=editor, application=application)
    with pytest.raises(ValidationError) as info:
        programme_services.call_update(actor=office, call=call, declarations="Andere.")
    assert info.value.message_dict["declarations"]
    call.refresh_from_db()
    assert call.declarations == ["Erste.", "Zweite Erklärung."]
