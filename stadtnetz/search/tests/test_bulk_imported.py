# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The content apps declare their providers (<app>/search.py, registered in AppConfig.ready), and
a bulk import's `bulk_imported` signal rebuilds the providers that watch the written model."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy

from stadtnetz.municipalities.models import State
from stadtnetz.search import registry
from stadtnetz.search.models import SearchDocument
from stadtnetz.search.registry import Document, Provider
from stadtnetz.search.signals import bulk_imported

pytestmark = pytest.mark.django_db


def _state_documents(pks=None):
    states = State.objects.order_by("pk")
    if pks is not None:
        states = states.filter(pk__in=list(pks))
    for state in states:
        yield Document(
            object_id=str(state.pk), title=state.name, body=state.code, url="/",
            updated=state.updated_at, state=state.code,
        )  # fmt: skip


@pytest.fixture
def state_provider():
    provider = registry.register(Provider(
        key="bulk-fixture", label=gettext_lazy("State"), documents=_state_documents,
        watch={State: lambda state: [state.pk]},
    ))  # fmt: skip
    yield provider
    registry.unregister("bulk-fixture")


def test_every_content_app_registers_its_providers():
    keys = {provider.key for provider in registry.providers()}
    assert {"municipality", "organisation", "call", "project", "measure", "lesson", "field",
            "solution"} <= keys  # fmt: skip
    assert {p.key: p.documents.__module__ for p in registry.providers() if p.key in {
        "municipality", "organisation", "call", "solution", "project"}} == {
        "municipality": "stadtnetz.municipalities.search",
        "organisation": "stadtnetz.organisations.search",
        "call": "stadtnetz.programmes.search",
        "solution": "stadtnetz.solutions.search",
        "project": "stadtnetz.projects.search",
    }  # fmt: skip


def test_facet_labels_come_from_the_apps_that_own_them():
    assert list(registry.facet_labels("size_class"))[:1] == ["grossstadt"]
    assert registry.facet_labels("kind")["municipality"]
    assert registry.facet_labels("nonexistent") == {}


def test_bulk_imported_rebuilds_the_watching_providers_after_the_commit(
    state_provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        bulk_imported.send(sender=State)
        assert not SearchDocument.objects.filter(doc_type="bulk-fixture").exists()
    assert len(callbacks) == 1
    assert SearchDocument.objects.filter(doc_type="bulk-fixture").count() == State.objects.count()


def test_bulk_imported_of_an_unwatched_model_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        bulk_imported.send(sender=SearchDocument)
    assert callbacks == []


def test_unregistering_a_provider_stops_following_its_models(state_provider):
    registry.unregister("bulk-fixture")
    state = State.objects.first()
    state.save()
    assert not SearchDocument.objects.filter(doc_type="bulk-fixture").exists()
