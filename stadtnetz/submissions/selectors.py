# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads for applications, submissions and the programme-office overview."""

from __future__ import annotations

import difflib
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, QuerySet

from stadtnetz.organisations.models import Membership

from .models import Application, Collaborator, SectionRevision, Submission


def application_get(pk: int) -> Application | None:
    return (
        Application.objects.select_related(
            "call__programme", "organisation__municipality__state", "organisation__county__state"
        )
        .filter(pk=pk)
        .first()
    )


def applications_for_user(user) -> QuerySet[Application]:
    organisations = Membership.objects.filter(user=user).values("organisation")
    collaborations = Collaborator.objects.filter(user=user, revoked_at__isnull=True).values(
        "application"
    )
    return (
        Application.objects.filter(Q(organisation__in=organisations) | Q(pk__in=collaborations))
        .select_related("call", "organisation")
        .order_by("-updated_at")
    )


def applications_for_call_and_user(call, user) -> list[Application]:
    """The applications of the user's organisations for one call (the call page links them)."""
    if user is None or not user.is_authenticated:
        return []
    organisations = Membership.objects.filter(user=user).values("organisation")
    return list(
        Application.objects.filter(call=call, organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def submission_for_hash(sha256: str) -> Submission | None:
    return (
        Submission.objects.select_related("application__organisation", "application__call")
        .filter(pdf_sha256=sha256)
        .first()
    )


def call_submissions(call, *, state="", size_class="", kind="", min_grant=None, max_grant=None):
    qs = (
        Submission.objects.filter(application__call=call, withdrawn_at__isnull=True)
        .select_related("application__organisation")
        .defer("pdf", "snapshot")
        .order_by("application__organisation__name")
    )
    if state:
        qs = qs.filter(state_code=state)
    if size_class:
        qs = qs.filter(size_class=size_class)
    if kind:
        qs = qs.filter(organisation_kind=kind)
    if min_grant is not None:
        qs = qs.filter(requested_grant__gte=min_grant)
    if max_grant is not None:
        qs = qs.filter(requested_grant__lte=max_grant)
    return qs


def statistics(submissions) -> dict:
    by_size: dict[str, list] = defaultdict(lambda: [0, Decimal("0.00")])
    by_state: dict[str, list] = defaultdict(lambda: [0, Decimal("0.00")])
    for s in submissions:
        for bucket, key in ((by_size, s.size_class or "–"), (by_state, s.state_code or "–")):
            bucket[key][0] += 1
            bucket[key][1] += s.requested_grant
    top = max([v[1] for v in by_size.values()] + [Decimal(1)])
    top_state = max([v[1] for v in by_state.values()] + [Decimal(1)])
    return {
        "by_size": [(k, v[0], v[1], int(v[1] * 100 / top)) for k, v in sorted(by_size.items())],
        "by_state": [
            (k, v[0], v[1], int(v[1] * 100 / top_state)) for k, v in sorted(by_state.items())
        ],
        "count": sum(v[0] for v in by_size.values()),
        "total": sum((v[1] for v in by_size.values()), Decimal("0.00")),
    }


def section_diff(application, key: str, old: int, new: int) -> list[tuple[str, str]] | None:
    revisions = {
        r.version: r.text
        for r in SectionRevision.objects.filter(
            application=application, key=key, version__in=[old, new]
        )
    }
    if (old != 0 and old not in revisions) or new not in revisions:
        return None
    before, after = revisions.get(old, "").splitlines(), revisions[new].splitlines()
    rows = []
    for line in difflib.ndiff(before, after):
        tag, text = line[:1], line[2:]
        if tag == "?":
            continue
        rows.append(({"-": "del", "+": "ins", " ": "same"}[tag], text))
    return rows
