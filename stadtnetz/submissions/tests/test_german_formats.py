# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""German money typed into the budget plan, German formats shown on German pages, in the
history and in the PDF; English formats on English pages (issue 16, item 3)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from stadtnetz.submissions.models import BudgetLine, ChangeEvent

from .conftest import complete

pytestmark = pytest.mark.django_db


def _line(amount: str) -> dict:
    return {"phase": "A", "year": "2027", "category": "personnel", "description": "Projektleitung",
            "amount": amount}  # fmt: skip


@pytest.mark.parametrize("typed", ["12.500,50", "12500,50", "12500.50", "12 500,50 €"])
def test_budget_accepts_german_and_plain_amounts(client, application, editor, typed):
    client.force_login(editor)
    url = reverse("submissions:budget", args=[application.pk])
    response = client.post(url, _line(typed))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert BudgetLine.objects.get(application=application).amount == Decimal("12500.50")
    page = client.get(url).content.decode()
    assert "12.500,50\u00a0€" in page
    assert "65,00\u00a0%" in page
    event = ChangeEvent.objects.filter(application=application, kind="budget").latest("pk")
    assert "12.500,50\u00a0€" in event.summary and "Kostenposition" in event.summary


@pytest.mark.parametrize("typed", ["zwölf", "12,500,5", "1.2.3", "<b>5</b>", "-5,00", "0,001"])
def test_budget_refuses_what_is_no_amount_and_saves_nothing(client, application, editor, typed):
    client.force_login(editor)
    response = client.post(reverse("submissions:budget", args=[application.pk]), _line(typed))
    assert response.status_code == 400
    assert not BudgetLine.objects.filter(application=application).exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_english_page_shows_english_formats(client, application, editor):
    client.force_login(editor)
    client.cookies["stadtnetz_language"] = "en"
    url = reverse("submissions:budget", args=[application.pk])
    assert client.post(url, _line("12,500.50")).status_code == 302
    page = client.get(url).content.decode()
    assert "€12,500.50" in page and "65.00%" in page


def test_pdf_uses_german_formats(application, editor):
    from stadtnetz.submissions import services

    complete(application, editor)
    submission = services.application_submit(actor=editor, application=application)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(submission.pdf)).pages)
    assert "100.000,00" in text and "65,00 %" in text.replace("\u00a0", " ")
    starts = application.starts_on.strftime("%d.%m.%Y")
    assert starts in text
