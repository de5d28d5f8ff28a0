# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes: create a draft, save answers with evidence, complete (scores are computed here)."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.municipalities.models import PlaceCategory
from stadtnetz.organisations.models import Organisation
from stadtnetz.organisations.selectors import place_category

from . import engine, permissions, questionnaire, workflow
from .engine import AnswerError
from .models import (
    Answer,
    Assessment,
    DimensionScore,
    EvidenceDocument,
    Sharing,
    SharingRecord,
    Status,
    StatusRecord,
)


class AssessmentError(Exception):
    """A rule of the assessment workflow was broken (message is shown to the user)."""


def peer_context(organisation: Organisation) -> dict[str, str]:
    """Kind, size class and state of an organisation for peer groups (B7)."""
    place = place_category(organisation)
    state = ""
    if organisation.municipality is not None:
        state = organisation.municipality.state.code
    elif organisation.county is not None:
        state = organisation.county.state.code
    elif place == PlaceCategory.COOPERATION:
        lead = organisation.cooperation_members.filter(is_lead=True).first()
        member = (lead.municipality or lead.county) if lead is not None else None
        if member is not None:
            state = member.state.code
    return {
        "kind": organisation.kind,
        "size_class": place.value if place else "",
        "state_code": state,
    }


@transaction.atomic
def assessment_create(
    *, organisation: Organisation, actor, assessed_on: datetime.date | None = None
) -> Assessment:
    current = questionnaire.current()
    assessment = Assessment(
        organisation=organisation, created_by=actor, questionnaire_version=current.version,
        questionnaire_major=current.major, assessed_on=assessed_on or timezone.localdate(),
    )  # fmt: skip
    assessment.full_clean()
    assessment.save()
    StatusRecord.objects.create(assessment=assessment, status=Status.DRAFT, actor=actor)
    return assessment


def _questionnaire_of(assessment: Assessment):
    found = questionnaire.get(assessment.questionnaire_version)
    if found is None:
        raise AssessmentError(f"Questionnaire {assessment.questionnaire_version} is not shipped.")
    return found


@transaction.atomic
def assessment_save_answers(
    *,
    assessment: Assessment,
    answers: dict[str, str],
    evidence: dict[str, dict[str, str]] | None = None,
) -> None:
    """Store (part of) the answers of a draft; validates everything before writing anything."""
    if not assessment.is_draft:
        raise AssessmentError("completed")
    q = _questionnaire_of(assessment)
    clean = engine.validate_answers(q, answers, complete=False)
    clean_evidence = engine.validate_evidence(q, evidence or {})
    stray = set(clean_evidence) - set(clean)
    if stray:
        raise AnswerError("evidence_without_answer", sorted(stray)[0], "evidence without answer")
    existing = {a.question: a for a in assessment.answers.all()}
    for qid, option in clean.items():
        item = clean_evidence.get(qid, {})
        answer = existing.get(qid) or Answer(assessment=assessment, question=qid)
        answer.option = option
        answer.evidence_url = item.get("url", "")
        answer.evidence_decision = item.get("decision", "")
        answer.evidence_document = item.get("document", "")
        answer.full_clean(exclude=["assessment"])
        answer.save()
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())


def answers_of(assessment: Assessment) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Answers and their evidence; an uploaded document counts as document evidence."""
    answers, evidence = {}, {}
    for answer in assessment.answers.all():
        answers[answer.question] = answer.option
        if answer.evidence:
            evidence[answer.question] = answer.evidence
    for question, name in assessment.evidence_documents.values_list("question", "name"):
        if question in answers:
            evidence.setdefault(question, {}).setdefault("document", name)
    return answers, evidence


@transaction.atomic
def assessment_complete(*, assessment: Assessment, actor) -> engine.Result:
    """Score a complete draft and make it final. Raises AnswerError when answers are missing."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not workflow.can_move(assessment.status, Status.COMPLETED):
        raise AssessmentError("completed")
    q = _questionnaire_of(assessment)
    answers, evidence = answers_of(assessment)
    engine.validate_answers(q, answers, complete=True)
    result = engine.evaluate(q, answers, evidence, with_steps=False)
    upper = [
        qid for qid, option in answers.items()
        if option in q.stage_value
        and q.stage_value[option] >= q.stage_value[q.scoring.evidence_required_from]
    ]  # fmt: skip
    assessment.evidenced_share = (
        (Decimal(len(upper) - len(result.evidence_missing)) / Decimal(len(upper))).quantize(
            Decimal("0.001")
        )
        if upper
        else None
    )
    assessment.status = Status.COMPLETED
    assessment.completed_at = timezone.now()
    assessment.overall_stage = (
        q.stage_ids[result.overall_stage] if result.overall_stage is not None else ""
    )
    assessment.overall_index = (
        Decimal(str(round(result.overall_index, 1))) if result.overall_index is not None else None
    )
    for key, value in peer_context(assessment.organisation).items():
        setattr(assessment, key, value)
    assessment.full_clean()
    assessment.save()
    DimensionScore.objects.bulk_create([
        DimensionScore(
            assessment=assessment, dimension=d.id,
            stage=q.stage_ids[d.stage] if d.stage is not None else "",
            score=Decimal(str(round(d.score, 1))) if d.score is not None else None,
        )
        for d in result.dimensions
    ])  # fmt: skip
    StatusRecord.objects.create(assessment=assessment, status=Status.COMPLETED, actor=actor)
    return result


@transaction.atomic
def assessment_record(
    *,
    organisation: Organisation,
    actor,
    answers: dict[str, str],
    evidence: dict[str, dict[str, str]] | None = None,
    assessed_on: datetime.date | None = None,
    version: str | None = None,
) -> Assessment:
    """Create, fill and complete an assessment in one step (API, try-out "save"). All or nothing."""
    current = questionnaire.current()
    if version is not None and version != current.version:
        raise AnswerError(
            "wrong_version", version, f"Answers must be for questionnaire {current.version}."
        )
    engine.validate_answers(current, answers, complete=True)
    engine.validate_evidence(current, evidence or {})
    assessment = assessment_create(organisation=organisation, actor=actor, assessed_on=assessed_on)
    assessment_save_answers(assessment=assessment, answers=answers, evidence=evidence)
    assessment_complete(assessment=assessment, actor=actor)
    assessment.refresh_from_db()
    return assessment


@transaction.atomic
def sharing_set(
    *, actor, organisation: Organisation, named_in_ranking: bool, learning_partner: bool
) -> Sharing:
    """Give or withdraw the organisation's consent; every change is recorded with its author."""
    permissions.can_change_sharing(actor, organisation).enforce()
    sharing, _created = Sharing.objects.select_for_update().get_or_create(organisation=organisation)
    if (sharing.named_in_ranking, sharing.learning_partner) != (named_in_ranking, learning_partner):
        sharing.named_in_ranking, sharing.learning_partner = named_in_ranking, learning_partner
        sharing.save()
        SharingRecord.objects.create(organisation=organisation, named_in_ranking=named_in_ranking,
                                     learning_partner=learning_partner, actor=actor)  # fmt: skip
    return sharing


MAX_DOCUMENTS_PER_QUESTION = 5


def evidence_document_add(
    *, actor, assessment: Assessment, question: str, name: str, data: bytes
) -> EvidenceDocument:
    """Check the bytes (type by content, zip bombs, size), write the file outside the web root,
    then record it; on any refusal nothing is left behind."""
    from stadtnetz.core.uploads import check_quota, clean_name, sniff, stored_privately

    permissions.can_edit_assessment(actor, assessment).enforce()
    q = _questionnaire_of(assessment)
    if question not in q.question_by_id:
        raise AssessmentError(_("Unknown question %(id)s.") % {"id": question[:10]})
    name = clean_name(name, "nachweis")
    sniffed = sniff(name, data)
    with stored_privately(f"assessments/{assessment.pk}", data) as relative, transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        permissions.can_edit_assessment(actor, locked).enforce()
        count = locked.evidence_documents.filter(question=question).count()
        if count >= MAX_DOCUMENTS_PER_QUESTION:
            raise AssessmentError(
                _("At most %(limit)d documents per question.")
                % {"limit": MAX_DOCUMENTS_PER_QUESTION}
            )
        check_quota(locked.evidence_documents.all(), len(data),
                    max_count=settings.STADTNETZ_EVIDENCE_PER_ASSESSMENT,
                    max_total=settings.STADTNETZ_EVIDENCE_BYTES_PER_ASSESSMENT)  # fmt: skip
        document = EvidenceDocument.objects.create(
            assessment=locked, question=question, name=name, kind=sniffed.kind,
            content_type=sniffed.content_type, size=len(data),
            sha256=hashlib.sha256(data).hexdigest(), path=relative,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )  # fmt: skip
    return document


@transaction.atomic
def evidence_document_delete(*, actor, document: EvidenceDocument) -> None:
    from stadtnetz.core.uploads import private_root

    permissions.can_edit_assessment(actor, document.assessment).enforce()
    path = private_root() / document.path
    document.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
