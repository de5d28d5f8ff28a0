# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The work plan: milestones on measures, within the period, optimistic versions, overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from stadtnetz.grants.models import Milestone
from stadtnetz.grants.selectors import overdue_milestones
from stadtnetz.grants.services.common import GrantError
from stadtnetz.grants.services.milestones import StaleMilestone, milestone_create, milestone_update
from stadtnetz.organisations.models import Role
from stadtnetz.projects.models import Measure

from .factories import YEAR, grantee_user, issued_notice, office_user

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _measure(project, title="Datenplattform"):
    return Measure.objects.create(project=project, title=title, description="x", status="planned")


def _setup():
    notice = issued_notice()
    return notice, _measure(notice.project), grantee_user(notice.project.organisation)


def test_create_and_update_with_version():
    notice, measure, lead = _setup()
    milestone = milestone_create(actor=lead, notice=notice, measure=measure, title="Ausschreibung",
                                 due_on=dt.date(YEAR, 6, 30))  # fmt: skip
    assert milestone.version == 0 and milestone.status == "planned"
    updated = milestone_update(actor=lead, notice=notice, milestone=milestone, version=0,
                               status="reached", reached_on=TODAY, evidence="Vergabevermerk",
                               evidence_url="https://stadt.example/vergabe")  # fmt: skip
    assert updated.version == 1 and updated.status == "reached" and updated.reached_on == TODAY
    with pytest.raises(StaleMilestone):
        milestone_update(actor=lead, notice=notice, milestone=milestone, version=0, title="Alt")
    assert Milestone.objects.get().title == "Ausschreibung"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"due_on": dt.date(YEAR - 1, 12, 31)}, "due_on"),
        ({"due_on": dt.date(YEAR + 3, 1, 1)}, "due_on"),
        ({"status": "reached"}, "reached_on"),
        ({"status": "reached", "reached_on": TODAY + dt.timedelta(days=1)}, "reached_on"),
        ({"title": "  "}, "title"),
        ({"status": "erledigt"}, "status"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
    ],
)
def test_bad_input_refused_at_the_field(fields, field):
    notice, measure, lead = _setup()
    values = {"title": "Ausschreibung", "due_on": dt.date(YEAR, 6, 30), **fields}
    with pytest.raises(GrantError) as error:
        milestone_create(actor=lead, notice=notice, measure=measure, **values)
    assert field in error.value.message_dict
    assert not Milestone.objects.exists()


def test_another_projects_measure_or_milestone_is_refused():
    notice, measure, lead = _setup()
    other = issued_notice(ags="09162000", title="München digital")
    foreign = _measure(other.project, "Fremd")
    with pytest.raises(GrantError) as error:
        milestone_create(
            actor=lead, notice=notice, measure=foreign, title="x", due_on=dt.date(YEAR, 6, 1)
        )
    assert "measure" in error.value.message_dict
    theirs = milestone_create(actor=grantee_user(other.project.organisation, "m"), notice=other,
                              measure=foreign, title="Ihr Meilenstein", due_on=dt.date(YEAR, 6, 1))  # fmt: skip
    with pytest.raises(GrantError):
        milestone_update(actor=lead, notice=notice, milestone=theirs, version=0, title="Gekapert")
    assert Milestone.objects.get(pk=theirs.pk).title == "Ihr Meilenstein"


def test_only_grantee_editors_write():
    notice, measure, _lead = _setup()
    member = grantee_user(notice.project.organisation, "mitglied", Role.MEMBER)
    for actor in (member, office_user()):
        with pytest.raises(PermissionDenied):
            milestone_create(actor=actor, notice=notice, measure=measure, title="x",
                             due_on=dt.date(YEAR, 6, 1))  # fmt: skip


def test_overdue_selector():
    notice, measure, lead = _setup()
    past, future = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    make = lambda title, due, status="planned", **kw: Milestone.objects.create(  # noqa: E731
        measure=measure, title=title, due_on=due, status=status, **kw
    )
    make("überfällig", past)
    make("spät", past, "late")
    make("erreicht", past, "reached", reached_on=past)
    make("entfallen", past, "dropped")
    make("künftig", future)
    assert [m.title for m in overdue_milestones()] == ["überfällig", "spät"]
    assert (
        list(
            overdue_milestones(
                project=_measure(
                    issued_notice(ags="09162000", title="München digital").project
                ).project
            )
        )
        == []
    )


def test_pages_add_and_edit_with_errors_at_the_field(client):
    notice, measure, lead = _setup()
    slug = notice.project.slug
    client.force_login(lead)
    url = reverse("grants:milestones", args=[slug])
    bad = client.post(url, {"measure": measure.pk, "title": "Ausschreibung", "due_on": f"{YEAR + 5}-01-01",
                            "status": "planned"})  # fmt: skip
    assert bad.status_code == 400 and "due_on" in bad.context["form"].errors
    assert not Milestone.objects.exists()
    ok = client.post(url, {"measure": measure.pk, "title": "Ausschreibung", "due_on": f"{YEAR}-06-30",
                           "status": "planned"})  # fmt: skip
    assert ok.status_code == 302
    milestone = Milestone.objects.get()
    edit = reverse("grants:milestone_edit", args=[slug, milestone.pk])
    data = {"measure": measure.pk, "title": "Ausschreibung erledigt", "due_on": f"{YEAR}-06-30",
            "status": "reached", "reached_on": TODAY.isoformat(), "version": "0"}  # fmt: skip
    assert client.post(edit, data).status_code == 302
    stale = client.post(edit, {**data, "title": "Alt"})
    assert stale.status_code == 409
    assert Milestone.objects.get().title == "Ausschreibung erledigt"
    other = issued_notice(ags="09162000", title="München digital")
    theirs = Milestone.objects.create(
        measure=_measure(other.project), title="x", due_on=dt.date(YEAR, 6, 1)
    )
    assert client.get(reverse("grants:milestone_edit", args=[slug, theirs.pk])).status_code == 404
