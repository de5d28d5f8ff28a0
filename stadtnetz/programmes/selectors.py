# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads for programmes and calls."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import Call, CriteriaGroup, FormVersion, Programme


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.prefetch_related(
        Prefetch("calls", queryset=Call.objects.order_by("-opens_at"))
    )


def programme_get(slug: str) -> Programme | None:
    return programme_list().filter(slug=slug).first()


def call_list(*, status: str = "") -> QuerySet[Call]:
    qs = Call.objects.select_related("programme")
    if status == "open":
        qs = qs.open()
    elif status == "upcoming":
        qs = qs.upcoming()
    elif status == "closed":
        qs = qs.closed()
    return qs


def call_get(pk: int) -> Call | None:
    call = (
        Call.objects.select_related("programme")
        .prefetch_related(
            "extensions",
            Prefetch(
                "criteria_groups", queryset=CriteriaGroup.objects.prefetch_related("criteria")
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if call is not None:
        form = (
            FormVersion.objects.filter(call=call)
            .order_by("-number")
            .prefetch_related("sections")
            .first()
        )
        call.__dict__["_current_form"] = form
    return call


def form_version_get(call: Call, number: int) -> FormVersion | None:
    return call.form_versions.prefetch_related("sections").filter(number=number).first()
