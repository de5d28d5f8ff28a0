# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""One vocabulary for the kind of place: municipalities.PlaceCategory, stored by submissions and
read by reviews, assessments and projects; migration 0007 unifies the old spellings."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from stadtnetz.municipalities.models import County, PlaceCategory
from stadtnetz.organisations.models import Organisation, OrganisationKind
from stadtnetz.organisations.selectors import place_category
from stadtnetz.reviews.selectors import programme_size_class
from stadtnetz.submissions import services
from stadtnetz.submissions.models import Submission

from .conftest import complete

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "stadtnetz.submissions.migrations.0007_submission_size_class_place_category"
)


def test_an_organisation_maps_to_one_place_category(solingen, registry):
    assert place_category(Organisation(name="S", kind=OrganisationKind.MUNICIPALITY,
                                       municipality=solingen)) == PlaceCategory.LARGE_CITY  # fmt: skip
    small = registry.get(ags="09181121")  # Fuchstal, under 5,000 inhabitants
    rural = place_category(Organisation(name="F", kind="municipality", municipality=small))
    assert rural == PlaceCategory.RURAL and rural.programme == PlaceCategory.SMALL_TOWN
    county = County.objects.get(key="05158")
    assert place_category(Organisation(name="K", kind="county", county=county)) == "landkreis"
    assert (
        place_category(Organisation(name="C", kind=OrganisationKind.COOPERATION)) == "kooperation"
    )
    assert place_category(Organisation(name="B", kind=OrganisationKind.CONSULTANCY)) is None
    assert place_category(None) is None
    assert PlaceCategory.programme_values() == [
        "grossstadt", "mittelstadt", "kleinstadt", "landkreis", "kooperation"
    ]  # fmt: skip


def test_migration_0007_unifies_the_old_spellings(application, editor):
    complete(application, editor)
    submission = services.application_submit(actor=editor, application=application)
    assert Submission.objects.get(pk=submission.pk).size_class == PlaceCategory.LARGE_CITY
    Submission.objects.filter(pk=submission.pk).update(size_class="cooperation")
    migration.unify(apps, None)
    submission = Submission.objects.get(pk=submission.pk)
    assert submission.size_class == "kooperation"
    assert programme_size_class(submission) == PlaceCategory.COOPERATION
    Submission.objects.filter(pk=submission.pk).update(size_class="other")
    migration.unify(apps, None)
    assert Submission.objects.get(pk=submission.pk).size_class == ""
