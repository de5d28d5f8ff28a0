# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Keep the index in step: a change to a watched model updates the affected documents on commit.

This is a cross-app reaction (architecture principle 3): the content apps know nothing about the
search; the search app listens to ``post_save``/``post_delete`` of the models that its providers
watch and, once the transaction has committed, re-reads the affected objects through the
provider. Changes of many-to-many links of a watched model (``m2m_changed``, from either side,
such as the fields of action of a measure) count as changes of that model. A rolled-back change
never reaches the index. Bulk writes (``bulk_create``, ``QuerySet.update``) send no model signals:
an import that writes in bulk sends :data:`bulk_imported` with the model it wrote as sender, and
every provider that watches that model is rebuilt once the transaction has committed
(``stadtnetz search-reindex`` still rebuilds everything).
"""

from __future__ import annotations

import logging
import threading
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver

from . import registry
from .registry import Provider

logger = logging.getLogger(__name__)

# Sent by bulk imports (the registry, the model projects' knowledge, the solution catalog) with
# the model class they wrote in bulk as ``sender``: the index follows them without a manual
# ``search-reindex``.
bulk_imported = Signal()


# Objects waiting for the commit, per provider. An import that saves hundreds of objects in one
# transaction thus updates each provider's documents once after the commit, not once per save.
_pending = threading.local()


def _queue(provider: Provider, pks: list) -> None:
    pending = getattr(_pending, "pks", None)
    if pending is None:
        pending = _pending.pks = {}
    pending.setdefault(provider.key, (provider, set()))[1].update(pks)
    transaction.on_commit(partial(_update, provider), robust=True)


def _update(provider: Provider) -> None:
    from .services import documents_update

    entry = getattr(_pending, "pks", {}).pop(provider.key, None)
    if entry and entry[1]:
        documents_update(provider=provider, pks=sorted(entry[1], key=str))


def _changed(provider: Provider, affected, sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    pks = [pk for pk in affected(instance) if pk is not None]
    if pks:
        _queue(provider, pks)


def _links_changed(provider: Provider, affected, watched, sender, instance, action, reverse,
                   model, pk_set, **kwargs) -> None:  # fmt: skip
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, watched):
        objects = [instance]
    elif model is watched and pk_set:
        objects = list(watched.objects.filter(pk__in=pk_set))
    else:
        return
    pks = [pk for obj in objects for pk in affected(obj) if pk is not None]
    if pks:
        _queue(provider, pks)


# provider key -> what watch() connected: (signal, sender, dispatch_uid)
_connected: dict[str, list[tuple]] = {}


def watch(provider: Provider) -> None:
    """Follow the saves, deletions and link changes of the models the provider watches."""
    connected = _connected.setdefault(provider.key, [])
    for model, affected in provider.watch.items():
        handler = partial(_changed, provider, affected)
        uid = f"search:{provider.key}:{model._meta.label}"
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=uid + ":delete")
        connected += [(post_save, model, uid + ":save"), (post_delete, model, uid + ":delete")]
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            m2m_changed.connect(
                partial(_links_changed, provider, affected, model),
                sender=through, weak=False, dispatch_uid=f"{uid}:m2m:{m2m.name}",
            )  # fmt: skip
            connected.append((m2m_changed, through, f"{uid}:m2m:{m2m.name}"))


def unwatch(key: str) -> None:
    for signal, sender, uid in _connected.pop(key, []):
        signal.disconnect(sender=sender, dispatch_uid=uid)


def _rebuild(keys: list[str]) -> None:
    from .services import search_reindex

    report = search_reindex(keys=keys)
    logger.info("search index follows a bulk import: %s", report.counts)


@receiver(bulk_imported, dispatch_uid="search:bulk_imported")
def _bulk_imported(sender, **kwargs) -> None:
    """Rebuild, after the commit, every provider that watches the model written in bulk."""
    keys = [p.key for p in registry.providers() if sender in p.watch]
    if keys:
        transaction.on_commit(partial(_rebuild, keys), robust=True)
