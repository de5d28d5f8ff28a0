# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The applicant's side of the review: documents the office asked for (late-document window)
and the decision, with the anonymised review comments when the call shares them.

Applicants never see reviewer identities: reviews are numbered, never named."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from stadtnetz.core.uploads import UploadRefused, refuse_oversized

from . import permissions, selectors, services
from .forms import LateDocumentForm
from .models import DECIDED, MissingDocument, ReviewState

# The link to this page on the application page (submissions/application_detail.html) is
# translated in this app's catalogue, where makemessages finds it here.
LINK_TEXT = gettext_lazy("Review and decision: requested documents, decision letter")

# What the applicant learns of the review state: coarse stages, nothing about reconciliation.
STAGES = {
    ReviewState.SUBMITTED: gettext_lazy("submitted, formal check pending"),
    ReviewState.FORMAL_CHECK: gettext_lazy("in the formal check"),
    ReviewState.INELIGIBLE: gettext_lazy("formally ineligible"),
    ReviewState.IN_REVIEW: gettext_lazy("in review"),
    ReviewState.RECONCILIATION: gettext_lazy("in review"),
    ReviewState.REVIEWED: gettext_lazy("in review"),
    ReviewState.SELECTED: gettext_lazy("selected"),
    ReviewState.WAITING_LIST: gettext_lazy("on the waiting list"),
    ReviewState.REJECTED: gettext_lazy("not selected"),
}


def _applicant_case(request, case_pk: int):
    case = selectors.case_get(case_pk)
    if case is None or not permissions.can_view_applicant_case(request.user, case):
        raise Http404
    return case


def _page(request, case, *, errors: dict | None = None, status: int = 200) -> HttpResponse:
    documents = list(case.missing_documents.select_related("attachment"))
    window_open = services.late_window_open(case.call)
    can_upload = bool(permissions.can_upload_late_document(request.user, case))
    rows = [{"document": d, "form": LateDocumentForm(prefix=f"doc{d.pk}"),
             "errors": (errors or {}).get(d.pk, [])} for d in documents]  # fmt: skip
    shared = []
    if permissions.can_view_shared_comments(request.user, case):
        shared = selectors.anonymised_reviews(case)
    return render(request, "reviews/applicant_case.html", {
        "case": case, "stage": STAGES.get(case.state, ""), "rows": rows, "window_open": window_open,
        "window_closes": services.late_window_closes(case.call), "can_upload": can_upload,
        "upload_states": case.state in services.late_documents.OPEN_STATES,
        "decided": case.state in DECIDED, "shared": shared,
        "nav": "applications", "breadcrumbs": [(case.application.title, case.application.get_absolute_url()),
                                               (_("Review and decision"), None)],
    }, status=status)  # fmt: skip


@login_required
@require_safe
def applicant_case(request: HttpRequest, case_pk: int) -> HttpResponse:
    return _page(request, _applicant_case(request, case_pk))


@login_required
@require_POST
def late_document_upload(request: HttpRequest, case_pk: int, document_pk: int) -> HttpResponse:
    case = _applicant_case(request, case_pk)
    document = MissingDocument.objects.filter(case=case, pk=document_pk).first()
    if document is None:
        raise Http404
    permissions.can_upload_late_document(request.user, case).enforce()
    form = LateDocumentForm(request.POST, request.FILES, prefix=f"doc{document.pk}")
    problems: list[str] = []
    if not form.is_valid():
        problems = [str(e) for e in form.errors.get("file", [_("Choose a file.")])]
    else:
        upload = form.cleaned_data["file"]
        try:
            refuse_oversized(upload.size)
            services.late_document_upload(
                actor=request.user, document=document, name=upload.name, data=upload.read()
            )
        except UploadRefused as error:
            problems = [str(error)]
        except ValidationError as error:
            problems = [m for ms in error.message_dict.values() for m in ms]
    if problems:
        return _page(request, case, errors={document.pk: problems}, status=400)
    messages.success(
        request,
        _("“%(name)s” has been uploaded; the programme office sees it in the formal check.")
        % {"name": document.name},
    )
    return redirect("reviews:applicant_case", case_pk=case.pk)
