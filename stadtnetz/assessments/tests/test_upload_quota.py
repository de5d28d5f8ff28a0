# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Issue 14, item 10: an assessment holds a bounded number and volume of evidence files."""

from __future__ import annotations

import pytest

from stadtnetz.assessments import services
from stadtnetz.assessments.models import EvidenceDocument
from stadtnetz.core.uploads import UploadRefused

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _add(draft, editor, question):
    return services.evidence_document_add(
        actor=editor, assessment=draft, question=question, name="beleg.pdf", data=PDF
    )


def test_evidence_count_quota_per_assessment(city, editor, settings):
    settings.STADTNETZ_EVIDENCE_PER_ASSESSMENT = 3
    draft = services.assessment_create(organisation=city, actor=editor)
    for question in ("S1", "S1", "S2"):
        _add(draft, editor, question)
    with pytest.raises(UploadRefused, match="3"):
        _add(draft, editor, "S3")
    assert EvidenceDocument.objects.filter(assessment=draft).count() == 3


def test_evidence_bytes_quota_per_assessment(city, editor, settings):
    settings.STADTNETZ_EVIDENCE_BYTES_PER_ASSESSMENT = len(PDF) * 2
    draft = services.assessment_create(organisation=city, actor=editor)
    _add(draft, editor, "S1")
    _add(draft, editor, "S2")
    with pytest.raises(UploadRefused):
        _add(draft, editor, "S3")
    assert EvidenceDocument.objects.filter(assessment=draft).count() == 2
