# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The late-document window (Nachreichfrist): during the formal check the office names documents
that are missing (e.g. the council resolution); the applicant's editors upload them until the
call's deadline plus ``late_document_days`` without reopening the application.

The file becomes an attachment of the application through the same checks and storage as every
attachment (``core.uploads``: type from the content, zip-bomb checks, size and count
limits, private storage). The submitted version itself stays frozen.
"""

import datetime as dt
import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stadtnetz.core.uploads import (
    UploadRefused,
    check_quota,
    clean_name,
    sniff,
    stored_privately,
)
from stadtnetz.programmes.models import document_type_for
from stadtnetz.submissions.models import Attachment

from .. import permissions
from ..models import MissingDocument, ReviewCase, ReviewState
from .call_settings import review_settings
from .common import ReviewError, _event, _locked_case, _mail_applicant, _refuse, case_transition

MAX_NAMES = 10
NAME_LENGTH = 200
# Documents can be asked for and uploaded while the formal check is not finished.
OPEN_STATES = (ReviewState.SUBMITTED, ReviewState.FORMAL_CHECK, ReviewState.INELIGIBLE)


def late_window_closes(call) -> dt.datetime:
    """The end of the call's late-document window: the deadline plus the setting's days."""
    return call.closes_at + dt.timedelta(days=review_settings(call).late_document_days)


def late_window_open(call, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) <= late_window_closes(call)


def _closes_text(call) -> str:
    return formats.date_format(
        timezone.localtime(late_window_closes(call)), "SHORT_DATETIME_FORMAT"
    )


@transaction.atomic
def missing_documents_request(
    *, actor, case: ReviewCase, names: Sequence[str], now: dt.datetime | None = None
) -> list[MissingDocument]:
    """Name documents the applicant may still upload. Starts the formal check if needed and
    tells the applicant's editors what is missing and until when."""
    permissions.can_manage_review(actor, case.call).enforce()
    case = _locked_case(case)
    cleaned: list[str] = []
    for raw in names:
        name = " ".join(str(raw).split())
        if name and name.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(name)
    if not cleaned:
        _refuse(_("Name at least one missing document (one per line)."), "names")
    if len(cleaned) > MAX_NAMES:
        _refuse(_("At most %(n)d documents at once.") % {"n": MAX_NAMES}, "names")
    if any(len(name) > NAME_LENGTH for name in cleaned):
        _refuse(_("Each name may have at most %(n)d characters.") % {"n": NAME_LENGTH}, "names")
    if case.state not in OPEN_STATES:
        _refuse(_("Documents can only be requested until the formal check is passed."), "names")
    if not late_window_open(case.call, now):
        _refuse(
            _("The late-document window closed on %(date)s; applicants can no longer upload.")
            % {"date": _closes_text(case.call)},
            "names",
        )
    existing = {d.name.casefold() for d in case.missing_documents.all()}
    created = [
        MissingDocument.objects.create(case=case, name=name, requested_by=actor)
        for name in cleaned
        if name.casefold() not in existing
    ]
    if not created:
        _refuse(_("These documents have been requested already."), "names")
    if case.state == ReviewState.SUBMITTED:
        case_transition(case=case, action="start_check", actor=actor,
                        reason=_("Formal check started: documents missing"))  # fmt: skip
    listed = ", ".join(d.name for d in created)
    _event(case.call, actor, "late_request", _("Missing documents requested: %(names)s") % {"names": listed}, case=case)  # fmt: skip
    closes = _closes_text(case.call)
    transaction.on_commit(lambda: _mail_applicant(
        case, "reviews/email/missing_documents.txt",
        _("Documents missing for your application “%(title)s”") % {"title": case.application.title},
        documents=[d.name for d in created], closes=closes,
    ))  # fmt: skip
    return created


def late_document_upload(
    *, actor, document: MissingDocument, name: str, data: bytes, now: dt.datetime | None = None
) -> Attachment:
    """Upload a requested document within the window (the applicant's editors only)."""
    case = document.case
    permissions.can_upload_late_document(actor, case).enforce()
    try:
        sniffed = sniff(clean_name(name, "dokument"), data)
    except UploadRefused as error:
        raise ReviewError({"file": [str(error)]}) from error
    name = clean_name(name, "dokument")
    application = case.application
    with (
        stored_privately(f"applications/{application.pk}", data) as relative,
        transaction.atomic(),
    ):
        case = _locked_case(case)
        document = MissingDocument.objects.select_for_update().get(pk=document.pk, case=case)
        if not late_window_open(case.call, now):
            _refuse(
                _("The late-document window closed on %(date)s; the upload was refused.")
                % {"date": _closes_text(case.call)},
                "file",
            )
        if document.is_provided:
            _refuse(_("This document has been uploaded already."), "file")
        if case.state not in OPEN_STATES:
            _refuse(_("The formal check of this application is finished."), "file")
        try:
            check_quota(application.attachments.all(), len(data),
                        max_count=settings.STADTNETZ_ATTACHMENTS_PER_APPLICATION,
                        max_total=settings.STADTNETZ_ATTACHMENT_BYTES_PER_APPLICATION)  # fmt: skip
        except UploadRefused as error:
            raise ReviewError({"file": [str(error)]}) from error
        attachment = Attachment.objects.create(
            application=application, name=name, kind=sniffed.kind, content_type=sniffed.content_type,
            size=len(data), sha256=hashlib.sha256(data).hexdigest(), path=relative, uploaded_by=actor,
            document_type=document_type_for(document.name),  # the call's document types (issue 16 item 12)
        )  # fmt: skip
        document.attachment = attachment
        document.provided_by = actor
        document.provided_at = now or timezone.now()
        document.save(update_fields=["attachment", "provided_by", "provided_at"])
        _event(case.call, actor, "late_upload", _("Late document uploaded: %(doc)s (%(file)s)") % {
            "doc": document.name, "file": name}, case=case)  # fmt: skip
    return attachment
