# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The document registry: every content type that can be found registers one provider.

A provider says what its documents are (``key``, ``label``), produces them
(``documents(pks)``: all when ``pks`` is None, else those of the given primary keys, skipping
objects that are gone or not public) and names the models whose changes touch its documents
(``watch``: model → function from a changed instance to the primary keys of affected objects).
The search app connects ``post_save``/``post_delete`` of the watched models when the provider is
registered and updates the index with ``transaction.on_commit`` (see signals.py).

Each content app declares its providers in ``<app>/search.py`` and registers them in its
``AppConfig.ready``; so do the labels of the facets it fills (``facet_labels_register``). The
search app imports none of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class Document:
    """What a provider says about one searchable object."""

    object_id: str
    title: str
    body: str
    url: str
    updated: dt.datetime
    state: str = ""
    size_class: str = ""
    kind: str = ""
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Provider:
    key: str
    label: object  # a lazy translation
    documents: Callable[[Iterable | None], Iterator[Document]]
    watch: dict[type[models.Model], Callable[[models.Model], Iterable]] = field(
        default_factory=dict
    )
    order: int = 100


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    if provider.key in _PROVIDERS and _PROVIDERS[provider.key] is not provider:
        raise ValueError(f"A search provider with the key {provider.key!r} is already registered.")
    _PROVIDERS[provider.key] = provider
    if provider.watch:
        from .signals import watch

        watch(provider)
    return provider


def unregister(key: str) -> None:
    from .signals import unwatch

    _PROVIDERS.pop(key, None)
    unwatch(key)


def providers() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda provider: (provider.order, provider.key))


def provider(key: str) -> Provider | None:
    return _PROVIDERS.get(key)


# The labels of the facet values that content apps fill (state, size_class, kind): facet name ->
# a function giving {value: label} in the active language.
_FACET_LABELS: dict[str, Callable[[], Mapping[str, str]]] = {}


def facet_labels_register(name: str, labels: Callable[[], Mapping[str, str]]) -> None:
    _FACET_LABELS[name] = labels


def facet_labels(name: str) -> dict[str, str]:
    """{value: label} of a facet; empty when no installed app declares it."""
    labels = _FACET_LABELS.get(name)
    return dict(labels()) if labels is not None else {}
