# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows of the maturity self-assessment."""

from __future__ import annotations

from stadtnetz.core.tests.matrix import ORG_VIEWERS, ORG_WRITERS, _all, _only, _signed_in


def _answers():
    from stadtnetz.assessments import questionnaire

    return {q.id: "F" for q in questionnaire.current().questions}


def extend_world(world):
    from stadtnetz.assessments import services

    if not hasattr(world, "assessment"):
        world.assessment = services.assessment_record(
            organisation=world.org, actor=world.users["editor"], answers=_answers()
        )
        world.draft = services.assessment_create(
            organisation=world.org, actor=world.users["editor"]
        )
        world.evidence = services.evidence_document_add(
            actor=world.users["editor"], assessment=world.draft, question="S1",
            name="ratsbeschluss.pdf", data=b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
        )  # fmt: skip
    return world


def _saved(world):
    return extend_world(world).assessment.pk


def _draft(world):
    return extend_world(world).draft.pk


ROWS = {
    "assessments:start": ("get", None, None, _all("ok")),
    "assessments:tryout": ("get", None, None, _all("ok")),
    "assessments:tryout_result": ("get", None, None, _all("bad")),
    "assessments:tryout_plan_md": ("get", None, None, _all("bad")),
    "assessments:tryout_plan_pdf": ("get", None, None, _all("bad")),
    "assessments:tryout_save": ("post", None, {"organisation": "x"}, _signed_in("go")),
    "assessments:statistics": ("get", None, None, _all("ok")),
    "assessments:statistics_csv": ("get", None, None, _all("ok")),
    "assessments:ranking": ("get", None, None, _all("ok")),
    # Consent to be named is given by the organisation's administrators only.
    "assessments:sharing": (
        "post",
        lambda w: {"slug": w.org.slug},
        {"learning_partner": "on"},
        _only({"org_admin"}, yes="go"),
    ),  # fmt: skip
    "assessments:organisation": ("get", lambda w: {"slug": w.org.slug}, None, _only(ORG_VIEWERS)),
    "assessments:create": (
        "post",
        lambda w: {"slug": w.org.slug},
        {},
        _only(ORG_WRITERS, yes="go"),
    ),  # fmt: skip
    "assessments:detail": ("get", lambda w: {"pk": _saved(w)}, None, _only(ORG_VIEWERS)),
    "assessments:edit": (
        "get",
        lambda w: {"pk": _draft(w), "step": 1},
        None,
        _only(ORG_WRITERS),
    ),  # fmt: skip
    "assessments:complete": (
        "post",
        lambda w: {"pk": _saved(w)},
        {},
        _only(set()),
    ),  # fmt: skip
    "assessments:plan_md": ("get", lambda w: {"pk": _saved(w)}, None, _only(ORG_VIEWERS)),
    "assessments:evidence": ("get", lambda w: {"pk": _saved(w)}, None, _only(ORG_VIEWERS)),
    "assessments:evidence_download": (
        "get",
        lambda w: {"pk": _draft(w), "document_pk": extend_world(w).evidence.pk},
        None,
        _only(ORG_VIEWERS),
    ),  # fmt: skip
    "assessments:evidence_delete": (
        "post",
        lambda w: {"pk": _draft(w), "document_pk": extend_world(w).evidence.pk},
        {},
        _only(ORG_WRITERS, yes="go"),
    ),  # fmt: skip
    "assessments:plan_pdf": ("get", lambda w: {"pk": _saved(w)}, None, _only(ORG_VIEWERS)),
    "api:assessment_questionnaire": ("get", None, None, _all("ok")),
    "api:assessment_evaluate": ("post_json", None, {"answers": {}}, _all("bad")),
    "api:assessment_statistics": ("get", None, None, _all("ok")),
    "api:assessment_save": (
        "post_json",
        lambda w: {"organisation_id": w.org.pk},
        {"answers": {}},
        {**_only(ORG_WRITERS, yes="bad", no="no"), "anonymous": "auth"},
    ),  # fmt: skip
    "api:assessment_history": (
        "get",
        lambda w: {"organisation_id": w.org.pk},
        None,
        {**_only(ORG_VIEWERS, no="no"), "anonymous": "auth"},
    ),  # fmt: skip
}
