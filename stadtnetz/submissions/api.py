# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Applications over the API, with the same permission functions and services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from stadtnetz.core.api_auth import token_auth
from stadtnetz.core.api_errors import ErrorOut, error, invalid
from stadtnetz.core.uploads import UploadRefused, refuse_oversized
from stadtnetz.core.versioning import StaleVersion
from stadtnetz.organisations.models import Organisation
from stadtnetz.programmes.models import Call

from . import permissions, selectors, services
from .checks import application_check
from .models import Attachment, BudgetLine, SectionAnswer

router = Router(tags=["submissions"])


class ApplicationIn(Schema):
    call: int
    organisation: int
    title: str = Field(..., min_length=1, max_length=200)


class BudgetLineOut(Schema):
    id: int
    phase: str
    year: int
    category: str
    description: str
    amount: Decimal


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    document_type: str = Field(
        description="council_resolution, cost_estimate, … (the call's required types)"
    )


class ApplicationSectionOut(Schema):
    key: str
    title: str
    required: bool
    char_limit: int
    text: str
    version: int


class ApplicationOut(Schema):
    id: int
    call: int
    organisation: int
    title: str
    status: str
    starts_on: str | None
    duration_months: int | None
    version: int = Field(description="version of title, start and duration; send it with PUT")
    sections: list[ApplicationSectionOut]
    budget_lines: list[BudgetLineOut]
    attachments: list[AttachmentOut]
    total_costs: Decimal
    requested_grant: Decimal
    own_contribution: Decimal
    rate: Decimal
    hardship_rate_approved: bool = Field(
        description="the programme office approved the hardship rate"
    )
    third_party_funds: Decimal
    own_funds: Decimal
    declarations: list[str] = Field(
        description="the call's declarations; sign by confirming each of their positions"
    )
    signed: bool = Field(
        description="an administrator named the signatory and confirmed the declarations"
    )
    signatory_name: str
    signatory_function: str


class ApplicationDetailsIn(Schema):
    """What the details form of the application page writes."""

    title: str = Field(..., min_length=1, max_length=200)
    starts_on: dt.date | None = Field(None, description="planned start, YYYY-MM-DD")
    duration_months: int | None = Field(None, ge=1, le=240)
    version: int = Field(..., ge=0, description="the version you read (GET); 409 when stale")


class SignatureIn(Schema):
    """The binding signature, as the submit page writes it (organisation administrators only)."""

    confirmed: list[int] = Field(
        ...,
        max_length=50,
        description="positions (0, 1, …) of the call's declarations in `declarations`; all are required",
    )
    signatory_name: str = Field(..., min_length=1, max_length=200)
    signatory_function: str = Field(..., min_length=1, max_length=200)


class FundingIn(Schema):
    """Third-party funds per phase, as the budget page writes them (decimal strings, EUR)."""

    third_party_funds_a: str = Field(..., max_length=30, description='phase A, e.g. "12500.00"')
    third_party_funds_b: str = Field(..., max_length=30, description='phase B, e.g. "0.00"')


class SectionIn(Schema):
    text: str = Field(..., max_length=200_000)
    version: int = Field(..., ge=0)


class ProblemOut(Schema):
    code: str
    message: str
    section: str


class CheckOut(Schema):
    complete: bool
    problems: list[ProblemOut]


class BudgetLineIn(Schema):
    phase: str = Field(..., max_length=1)
    year: int
    category: str = Field(..., max_length=30)
    description: str = Field(..., max_length=300)
    amount: str = Field(
        ..., max_length=30, description='decimal euros as a string, e.g. "12500.00"'
    )


class ReceiptOut(Schema):
    receipt_number: str
    submitted_at: str
    pdf_sha256: str | None = Field(
        description="null while the PDF is still being rendered (task mode)"
    )
    version: int


class StaleSectionOut(ErrorOut):
    current_version: int = Field(description="the version saved in the meantime")
    current_text: str = Field(description="the text saved in the meantime")


class DetailsOut(Schema):
    title: str
    starts_on: dt.date | None
    duration_months: int | None
    version: int


class StaleDetailsOut(ErrorOut):
    current: DetailsOut = Field(description="the details saved in the meantime")


class IncompleteOut(ErrorOut):
    problems: list[ProblemOut] = Field(description="what the completeness check found")


def _application(request, application_id: int):
    application = selectors.application_get(application_id)
    if application is None or not permissions.can_view_application(request.auth, application):
        raise Http404("No such application.")
    return application


def _out(application) -> dict:
    form = application.call.current_form()
    answers = {a.key: a for a in application.answers.all()}
    _problems, summary = application_check(application, answers=answers, form=form)
    return {
        "id": application.pk, "call": application.call_id, "organisation": application.organisation_id,
        "title": application.title, "status": application.status,
        "starts_on": application.starts_on.isoformat() if application.starts_on else None,
        "duration_months": application.duration_months, "version": application.details_version,
        "budget_lines": list(application.budget_lines.order_by("phase", "year", "pk")),
        "attachments": list(application.attachments.order_by("pk")),
        "sections": [{**s.as_data(), "text": answers[s.key].text if s.key in answers else "",
                      "version": answers[s.key].version if s.key in answers else 0}
                     for s in (form.sections.all() if form else [])],
        "total_costs": summary.total, "requested_grant": summary.grant,
        "own_contribution": summary.own_contribution, "rate": summary.rate,
        "hardship_rate_approved": summary.hardship, "third_party_funds": summary.third_party_funds,
        "own_funds": summary.own_funds, "signed": application.is_signed,
        "declarations": list(application.call.declarations),
        "signatory_name": application.signatory_name, "signatory_function": application.signatory_function,
    }  # fmt: skip


def _deny(decision) -> None:
    if not decision:
        raise HttpError(403, str(decision.reason))


@router.post("/submissions", response={201: ApplicationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             auth=token_auth, summary="Start an application")  # fmt: skip
def create_submission(request, payload: ApplicationIn):
    call = Call.objects.filter(pk=payload.call).first()
    organisation = Organisation.objects.filter(pk=payload.organisation).first()
    if call is None or organisation is None:
        raise Http404("No such call or organisation.")
    _deny(permissions.can_start_application(request.auth, organisation))
    try:
        application = services.application_create(actor=request.auth, call=call, organisation=organisation,
                                                  title=payload.title)  # fmt: skip
    except services.ApplicationError as problem:
        return error(400, str(problem), code="not_possible")
    except ValidationError as problem:
        return invalid(problem)
    return Status(201, _out(selectors.application_get(application.pk)))


@router.get(
    "/submissions/{application_id}",
    response={200: ApplicationOut, 404: ErrorOut},
    auth=token_auth,
    summary="One application",
)
def get_submission(request, application_id: int):
    return _out(_application(request, application_id))


@router.put("/submissions/{application_id}",
            response={200: ApplicationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: StaleDetailsOut},
            auth=token_auth, summary="Save title, planned start and duration (409 when the version is stale)")  # fmt: skip
def put_submission(request, application_id: int, payload: ApplicationDetailsIn):
    application = _application(request, application_id)
    _deny(permissions.can_edit_application(request.auth, application))
    try:
        services.application_update_details(
            actor=request.auth, application=application, title=payload.title,
            starts_on=payload.starts_on, duration_months=payload.duration_months,
            base_version=payload.version,
        )  # fmt: skip
    except StaleVersion as stale:
        return error(409, str(stale), code="stale_version",
                     current={**stale.current, "version": stale.current_version})  # fmt: skip
    except ValidationError as problem:
        return invalid(problem)
    return _out(selectors.application_get(application.pk))


@router.get("/submissions/{application_id}/sections/{key}", response={200: ApplicationSectionOut, 404: ErrorOut}, auth=token_auth,
            summary="One section with its version")  # fmt: skip
def get_section(request, application_id: int, key: str):
    application = _application(request, application_id)
    form = application.call.current_form()
    section = form.sections.filter(key=key).first() if form else None
    if section is None:
        raise Http404("No such section.")
    answer = SectionAnswer.objects.filter(application=application, key=key).first()
    return {
        **section.as_data(),
        "text": answer.text if answer else "",
        "version": answer.version if answer else 0,
    }


@router.put("/submissions/{application_id}/sections/{key}",
            response={200: ApplicationSectionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: StaleSectionOut},
            auth=token_auth, summary="Save a section (409 when the version is stale)")  # fmt: skip
def put_section(request, application_id: int, key: str, payload: SectionIn):
    application = _application(request, application_id)
    _deny(permissions.can_edit_application(request.auth, application))
    try:
        answer = services.section_save(actor=request.auth, application=application, key=key, text=payload.text,
                                       base_version=payload.version)  # fmt: skip
    except services.StaleSection as stale:
        return error(409, str(stale), code="stale_version", current_version=stale.current.version,
                     current_text=stale.current.text)  # fmt: skip
    except ValidationError as problem:
        return invalid(problem)
    except services.ApplicationError as problem:
        return error(404, str(problem))
    return get_section(request, application_id, key) | {"version": answer.version}


@router.post("/submissions/{application_id}/budget-lines",
             response={201: BudgetLineOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             auth=token_auth, summary="Add a cost line")  # fmt: skip
def add_budget_line(request, application_id: int, payload: BudgetLineIn):
    application = _application(request, application_id)
    _deny(permissions.can_edit_application(request.auth, application))
    try:
        line = services.budget_line_add(
            actor=request.auth, application=application, **payload.dict()
        )
    except ValidationError as problem:
        return invalid(problem)
    return Status(201, line)


@router.delete("/submissions/{application_id}/budget-lines/{line_id}",
               response={204: None, 403: ErrorOut, 404: ErrorOut},
               auth=token_auth, summary="Remove a cost line")  # fmt: skip
def delete_budget_line(request, application_id: int, line_id: int):
    application = _application(request, application_id)
    line = BudgetLine.objects.filter(pk=line_id, application=application).first()
    if line is None:
        raise Http404("No such cost line.")
    _deny(permissions.can_edit_application(request.auth, application))
    services.budget_line_delete(actor=request.auth, line=line)
    return Status(204, None)


@router.post("/submissions/{application_id}/attachments",
             response={201: AttachmentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut},
             auth=token_auth, summary="Attach a file (PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG)",
             description="The same checks as the attachments page: the file type is read from the bytes, "
                         "per-application quotas apply. 413: over the size limit for one file or for "
                         "request bodies of the API (docs/operations.md).")  # fmt: skip
def add_attachment(request, application_id: int, file: File[UploadedFile]):
    application = _application(request, application_id)
    _deny(permissions.can_edit_application(request.auth, application))
    try:
        refuse_oversized(file.size or 0)
    except UploadRefused as refused:
        return error(413, str(refused), field="file")
    try:
        attachment = services.attachment_add(actor=request.auth, application=application,
                                             name=file.name or "datei", data=file.read())  # fmt: skip
    except UploadRefused as refused:
        return error(400, str(refused), code="upload_refused", field="file")
    return Status(201, attachment)


@router.delete("/submissions/{application_id}/attachments/{attachment_id}",
               response={204: None, 403: ErrorOut, 404: ErrorOut},
               auth=token_auth, summary="Remove an attachment")  # fmt: skip
def delete_attachment(request, application_id: int, attachment_id: int):
    application = _application(request, application_id)
    attachment = Attachment.objects.filter(pk=attachment_id, application=application).first()
    if attachment is None:
        raise Http404("No such attachment.")
    _deny(permissions.can_edit_application(request.auth, application))
    services.attachment_delete(actor=request.auth, attachment=attachment)
    return Status(204, None)


@router.get("/submissions/{application_id}/check", response={200: CheckOut, 404: ErrorOut}, auth=token_auth,
            summary="Completeness and criteria check")  # fmt: skip
def check_submission(request, application_id: int):
    application = _application(request, application_id)
    problems, _summary = application_check(application)
    return {"complete": not problems, "problems": [p.as_dict() for p in problems]}


@router.put("/submissions/{application_id}/signature",
            response={200: ApplicationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
            auth=token_auth, summary="Sign: name the authorised signatory and confirm every declaration")  # fmt: skip
def put_signature(request, application_id: int, payload: SignatureIn):
    application = _application(request, application_id)
    _deny(permissions.can_edit_application(request.auth, application))
    _deny(permissions.can_sign(request.auth, application))
    try:
        services.application_sign(
            actor=request.auth, application=application, confirmed=payload.confirmed,
            signatory_name=payload.signatory_name, signatory_function=payload.signatory_function,
        )  # fmt: skip
    except ValidationError as problem:
        return invalid(problem)
    return _out(selectors.application_get(application.pk))


@router.put("/submissions/{application_id}/funding",
            response={200: ApplicationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
            auth=token_auth, summary="Save third-party funds per phase")  # fmt: skip
def put_funding(request, application_id: int, payload: FundingIn):
    application = _application(request, application_id)
    _deny(permissions.can_edit_application(request.auth, application))
    try:
        services.budget_funding_update(
            actor=request.auth, application=application,
            third_party_funds_a=payload.third_party_funds_a, third_party_funds_b=payload.third_party_funds_b,
        )  # fmt: skip
    except ValidationError as problem:
        return invalid(problem)
    return _out(selectors.application_get(application.pk))


@router.post("/submissions/{application_id}/submit",
             response={200: ReceiptOut, 400: IncompleteOut, 403: ErrorOut, 404: ErrorOut},
             auth=token_auth, summary="Submit (idempotent); returns the receipt")  # fmt: skip
def submit_submission(request, application_id: int):
    application = _application(request, application_id)
    _deny(permissions.can_submit(request.auth, application))
    try:
        submission = services.application_submit(actor=request.auth, application=application)
    except services.IncompleteApplication as incomplete:
        return error(400, str(incomplete), code="incomplete",
                     problems=[p.as_dict() for p in incomplete.problems])  # fmt: skip
    except services.ApplicationError as problem:
        return error(400, str(problem), code="not_possible", problems=[])
    except PermissionDenied as denied:
        raise HttpError(403, str(denied)) from denied
    return Status(200, {"receipt_number": submission.receipt_number, "version": submission.version,
                 "submitted_at": timezone.localtime(submission.submitted_at).isoformat(),
                 "pdf_sha256": submission.pdf_sha256 or None})  # fmt: skip


@router.get("/submissions/{application_id}/pdf", auth=token_auth, summary="PDF of the valid submission",
            response={200: None, 404: ErrorOut})  # fmt: skip
def submission_pdf(request, application_id: int):
    application = _application(request, application_id)
    submission = (
        application.submissions.filter(withdrawn_at__isnull=True).order_by("-version").first()
    )
    if submission is None or not submission.pdf_ready:
        raise Http404("The application has no valid submission.")
    response = HttpResponse(bytes(submission.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{submission.receipt_number}.pdf"'
    return response
