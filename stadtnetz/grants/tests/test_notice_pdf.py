# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The grant notice as a tagged PDF: stored with its hash, readable, tables with scoped headers."""

from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader

from stadtnetz.core.tests.pdf_structure import assert_accessible_tables
from stadtnetz.grants.models import GrantNotice
from stadtnetz.grants.services.notice import notice_render_pdf

from .factories import issued_notice

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_notice_pdf_stored_with_hash_and_reads_back():
    notice = issued_notice()
    notice_render_pdf(notice=notice)
    stored = GrantNotice.objects.get(pk=notice.pk)
    data = bytes(stored.pdf)
    assert data.startswith(b"%PDF-")
    assert stored.pdf_sha256 == hashlib.sha256(data).hexdigest()
    text = _text(data)
    assert notice.reference in text
    assert "Zuwendungsbescheid" in text
    assert "78.000,00" in text  # personnel phase A: 120.000,00 × 65 %
    assert "120.000,00" in text
    assert "65,00" in text
    assert "Die ANBest-GK sind Bestandteil dieses Bescheids." in text


def test_notice_pdf_tables_have_scoped_headers():
    notice = notice_render_pdf(notice=issued_notice())
    tables = assert_accessible_tables(bytes(notice.pdf))
    meta, plan = tables[0], tables[1]
    assert {c.scope for c in meta if c.tag == "TH"} == {"Row"}
    assert {c.scope for c in plan if c.tag == "TH"} == {"Column"}


def test_render_is_kept_unless_forced():
    notice = notice_render_pdf(notice=issued_notice())
    digest = notice.pdf_sha256
    assert notice_render_pdf(notice=notice).pdf_sha256 == digest
