# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Authorization rows for applications.

The world has a draft application of the municipality (members see it, editors and the invited
consultant edit it, nobody else even learns that it exists: 404) and a submitted one (which the
programme office may see as well).
"""

from __future__ import annotations

from stadtnetz.core.tests.matrix import ROLES, _all, _only, _signed_in

from .conftest import complete

CREATE_DATA: dict = {}  # the body of api:create_submission, filled once the world exists
VIEWERS = {"member", "editor", "org_admin", "consultant"}
EDITORS = {"editor", "org_admin", "consultant"}
SUBMITTERS = {"editor", "org_admin"}
OFFICE = {"programme_office", "staff"}


def _scoped(yes: set[str], visible: set[str], yes_outcome="ok", anonymous="login"):
    """yes → yes_outcome, visible but not allowed → 403, not visible → 404."""
    return {
        role: yes_outcome if role in yes else "no" if role in visible else "gone" for role in ROLES
    } | {"anonymous": anonymous}


class FreshUpload(dict):
    """Multipart data with a new file object each time the matrix client encodes it."""

    def items(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return [("file", SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n%matrix\n"))]

    def __bool__(self):
        return True


def _app(w):
    return {"pk": ensure(w).application.pk}


ROWS = {
    "submissions:application_list": ("get", None, None, _signed_in("ok")),
    "submissions:application_create": ("get", lambda w: {"call_pk": ensure(w).call.pk}, None, _only(SUBMITTERS)),
    "submissions:application_detail": ("get", _app, None, _scoped(VIEWERS, VIEWERS)),
    "submissions:section_edit": ("get", lambda w: {"pk": ensure(w).application.pk, "key": "strategie"}, None,
                                 _scoped(VIEWERS, VIEWERS)),
    "submissions:comment_add": ("post", lambda w: {"pk": ensure(w).application.pk, "key": "strategie"}, {"text": "Hinweis"},
                                _scoped(EDITORS, VIEWERS, "go")),
    "submissions:comment_resolve": ("post", lambda w: {"pk": ensure(w).application.pk, "comment_pk": w.comment.pk}, {},
                                    _scoped(EDITORS, VIEWERS, "go")),
    "submissions:budget": ("get", _app, None, _scoped(VIEWERS, VIEWERS)),
    "submissions:budget_line_edit": ("get", lambda w: {"pk": ensure(w).application.pk, "line_pk": w.line.pk}, None,
                                     _scoped(EDITORS, VIEWERS)),
    "submissions:budget_line_delete": ("post", lambda w: {"pk": ensure(w).application.pk, "line_pk": w.line.pk}, {},
                                       _scoped(EDITORS, VIEWERS, "go")),
    "submissions:collaborators": ("get", _app, None, _scoped(VIEWERS, VIEWERS)),
    "submissions:collaborator_revoke": ("post", lambda w: {"pk": ensure(w).application.pk, "collaborator_pk": w.collaborator.pk},
                                        {}, _scoped(SUBMITTERS, VIEWERS, "go")),
    "submissions:collaborator_accept": ("get", lambda w: {"token": w.pending_secret}, None, _all("ok")),
    "submissions:attachments": ("get", _app, None, _scoped(VIEWERS, VIEWERS)),
    "submissions:attachment_download": ("get", lambda w: {"pk": ensure(w).application.pk, "attachment_pk": w.attachment.pk},
                                        None, _scoped(VIEWERS, VIEWERS)),
    "submissions:attachment_delete": ("post", lambda w: {"pk": ensure(w).application.pk, "attachment_pk": w.attachment.pk},
                                      {}, _scoped(EDITORS, VIEWERS, "go")),
    "submissions:preview": ("get", _app, None, _scoped(VIEWERS, VIEWERS)),
    "submissions:hardship_request": ("get", _app, None, _scoped(VIEWERS, VIEWERS)),
    "submissions:office_hardship": ("get", lambda w: {"call_pk": ensure(w).call.pk}, None, _only(OFFICE)),
    "submissions:office_hardship_proof": ("get", lambda w: {"call_pk": ensure(w).call.pk, "request_pk": w.hardship.pk},
                                          None, _only(OFFICE)),
    "submissions:submit": ("get", _app, None, _scoped(SUBMITTERS, VIEWERS)),
    "submissions:withdraw": ("post", _app, {}, _scoped(SUBMITTERS, VIEWERS, "go")),
    "submissions:receipt": ("get", lambda w: {"pk": ensure(w).submitted.pk, "version": 1}, None,
                            _scoped({"member", "editor", "org_admin"} | OFFICE, set())),
    "submissions:receipt_pdf": ("get", lambda w: {"pk": ensure(w).submitted.pk, "version": 1}, None,
                                _scoped({"member", "editor", "org_admin"} | OFFICE, set())),
    "submissions:history": ("get", _app, None, _scoped(VIEWERS, VIEWERS)),
    "submissions:verify": ("get", None, None, _all("ok")),
    "submissions:office_overview": ("get", lambda w: {"call_pk": ensure(w).call_submitted.pk}, None, _only(OFFICE)),
    "submissions:office_export_csv": ("get", lambda w: {"call_pk": ensure(w).call_submitted.pk}, None, _only(OFFICE)),
    "submissions:office_export_xlsx": ("get", lambda w: {"call_pk": ensure(w).call_submitted.pk}, None, _only(OFFICE)),
    # API (bearer token for every signed-in role)
    "api:create_submission": ("post_json", lambda w: (ensure(w), {})[1], CREATE_DATA,
                              _scoped(SUBMITTERS, set(ROLES), "201", anonymous="auth")),
    "api:get_submission": ("get", lambda w: {"application_id": ensure(w).application.pk}, None,
                           _scoped(VIEWERS, VIEWERS, anonymous="auth")),
    # PUT shares the path of get_section; the matrix client has no PUT: this row checks the URL
    # answers other methods with 405; PUT permissions (403/404/409) are tested in test_api.py.
    "api:put_section": ("post_json", lambda w: {"application_id": ensure(w).application.pk, "key": "strategie"},
                        {}, {**_all("method")}),
    # PUT of the details shares the path of get_submission: the same kind of row as put_section.
    "api:put_submission": ("post_json", lambda w: {"application_id": ensure(w).application.pk},
                           {}, {**_all("method")}),
    # Signature and third-party funds are PUT only: the matrix checks the other methods get 405;
    # who may sign or write (403/404/400) is tested in test_api.py.
    "api:put_signature": ("post_json", lambda w: {"application_id": ensure(w).application.pk},
                          {}, {**_all("method")}),
    "api:put_funding": ("post_json", lambda w: {"application_id": ensure(w).application.pk},
                        {}, {**_all("method")}),
    "api:get_section": ("get", lambda w: {"application_id": ensure(w).application.pk, "key": "strategie"}, None,
                        _scoped(VIEWERS, VIEWERS, anonymous="auth")),
    "api:add_budget_line": ("post_json", lambda w: {"application_id": ensure(w).application.pk},
                            {"phase": "A", "year": 2030, "category": "other", "description": "x", "amount": "10.00"},
                            _scoped(EDITORS, VIEWERS, "201", anonymous="auth")),
    "api:delete_budget_line": ("delete", lambda w: {"application_id": ensure(w).application.pk, "line_id": w.line.pk},
                               None, _scoped(EDITORS, VIEWERS, "empty", anonymous="auth")),
    "api:add_attachment": ("post", lambda w: {"application_id": ensure(w).application.pk}, FreshUpload(),
                           _scoped(EDITORS, VIEWERS, "201", anonymous="auth")),
    "api:delete_attachment": ("delete", lambda w: {"application_id": ensure(w).application.pk,
                                                   "attachment_id": w.attachment.pk},
                              None, _scoped(EDITORS, VIEWERS, "empty", anonymous="auth")),
    "api:check_submission": ("get", lambda w: {"application_id": ensure(w).application.pk}, None,
                             _scoped(VIEWERS, VIEWERS, anonymous="auth")),
    "api:submit_submission": ("post_json", lambda w: {"application_id": ensure(w).application.pk}, {},
                              _scoped(SUBMITTERS, VIEWERS, "bad", anonymous="auth")),
    "api:submission_pdf": ("get", lambda w: {"application_id": ensure(w).submitted.pk}, None,
                           _scoped({"member", "editor", "org_admin"} | OFFICE, set(), anonymous="auth")),
}  # fmt: skip


def _restore_memberships(world) -> None:
    """Rows of other apps change roles and remove the editor before these rows run (the core
    world fixture does not call extend_world up front); put the canonical roles back."""
    from stadtnetz.organisations.models import Membership, Role

    for role, value in (
        ("member", Role.MEMBER),
        ("editor", Role.EDITOR),
        ("org_admin", Role.ADMIN),
    ):
        Membership.objects.update_or_create(
            user=world.users[role], organisation=world.org, defaults={"role": value}
        )
    for user in world.users.values():
        user.__dict__.pop("_organisation_roles", None)


def ensure(world):
    """Build this app's part of the world once (whether or not the matrix calls extend_world)."""
    if not hasattr(world, "application"):
        extend_world(world)
    return world


def extend_world(world) -> None:
    from stadtnetz.programmes.tests.authz import ensure as ensure_calls
    from stadtnetz.submissions import services

    if hasattr(world, "application"):
        return
    _restore_memberships(world)
    ensure_calls(world)
    editor, consultant = world.users["editor"], world.users["consultant"]
    world.application = services.application_create(actor=editor, call=world.call, organisation=world.org,
                                                     title="Klingenstadt digital")  # fmt: skip
    collaborator, link = services.collaborator_invite(actor=editor, application=world.application,
                                                      email=consultant.email, right="edit")  # fmt: skip
    services.collaborator_accept(user=consultant, collaborator=collaborator)
    world.collaborator = collaborator
    _pending, pending_link = services.collaborator_invite(actor=editor, application=world.application,
                                                         email="neu@example.org", right="comment")  # fmt: skip
    world.pending_secret = pending_link.rstrip("/").rsplit("/", 1)[-1]
    world.comment = services.comment_add(actor=editor, application=world.application, section_key="strategie",
                                         text="Bitte ergänzen")  # fmt: skip
    world.line = services.budget_line_add(actor=editor, application=world.application, phase="A", year=2030,
                                          category="personnel", description="Team", amount="5000")  # fmt: skip
    world.attachment = services.attachment_add(actor=editor, application=world.application, name="plan.pdf",
                                               data=b"%PDF-1.7\n%matrix\n")  # fmt: skip
    world.hardship = services.hardship_request_create(actor=editor, application=world.application, reason="HSK",
                                                      proof_name="hsk.pdf", proof_data=b"%PDF-1.7\n%hsk\n")  # fmt: skip
    world.submitted = complete(
        services.application_create(
            actor=editor, call=world.call_submitted, organisation=world.org, title="Fertig"
        ),
        editor,
    )
    services.application_submit(actor=editor, application=world.submitted)
    CREATE_DATA.clear()
    CREATE_DATA.update(
        {"call": world.call_empty.pk, "organisation": world.org.pk, "title": "Über die API"}
    )
