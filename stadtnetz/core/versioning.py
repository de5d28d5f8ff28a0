# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Optimistic versions for edit forms: a stale form never silently overwrites a newer save.

The pattern of the application sections, for any record with a ``version`` number: the form
carries the version it was loaded with; the service, holding the row lock, compares it with the
stored one and raises :class:`StaleVersion` (nothing saved) when someone saved in between, and
counts the version up when it saves a change. Views answer 409 and show both versions side by
side (``components/conflict.html``) with the person's input kept, so they can merge and save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Model, QuerySet
from django.utils.formats import localize
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ConflictRow:
    name: str
    label: str
    current: str
    attempted: str


def display(value: Any) -> str:
    """A value as people read it in the comparison."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, QuerySet | list | tuple | set):
        return ", ".join(sorted(display(item) for item in value)) or "–"
    if isinstance(value, Decimal):  # 12000 and 12000.00 are the same amount
        value = Decimal(format(value.normalize(), "f"))
    if isinstance(value, Decimal | dt.date | int | float):
        return str(localize(value))
    return str(value)


class StaleVersion(Exception):
    """Someone saved this record since the form was loaded; nothing was saved."""

    def __init__(self, *, current_version: int, current: Mapping[str, Any],
                 attempted: Mapping[str, Any]):  # fmt: skip
        super().__init__(
            _("Someone else saved this in the meantime (version %(version)s). Nothing was "
              "overwritten: compare both versions, then save again.") % {"version": current_version}
        )  # fmt: skip
        self.current_version = current_version
        self.current = dict(current)
        self.attempted = dict(attempted)

    def rows(self, labels: Mapping[str, str] | None = None) -> list[ConflictRow]:
        """The fields whose saved value differs from the person's, labelled for the page."""
        labels = labels or {}
        rows = []
        for name, attempted in self.attempted.items():
            current, mine = display(self.current.get(name)), display(attempted)
            if current != mine:
                rows.append(ConflictRow(name, str(labels.get(name, name)), current, mine))
        return rows


def check_version(*, base_version: int | None, current_version: int,
                  current: Callable[[], Mapping[str, Any]], attempted: Mapping[str, Any]) -> None:  # fmt: skip
    """Raise :class:`StaleVersion` unless ``base_version`` is None (no form: imports, commands)
    or equals the stored version. Call it while holding the row lock. A stale form whose values
    equal the stored ones (a double submit) is no conflict: saving it changes nothing."""
    if base_version is None or base_version == current_version:
        return
    stored = current()
    if differing(attempted, stored, attempted):
        raise StaleVersion(current_version=current_version, current=stored, attempted=attempted)


def bump(instance: Model, field: str = "version") -> None:
    """Count the stored version up by one, in the database and on ``instance``."""
    type(instance).objects.filter(pk=instance.pk).update(**{field: F(field) + 1})
    setattr(instance, field, getattr(instance, field) + 1)


def form_labels(form) -> dict[str, str]:
    return {name: str(field.label or name) for name, field in form.fields.items()}


def rebind_with_version(form_class, data, version: int, **kwargs):
    """The person's input again, now based on the current version (so saving after merging
    is a deliberate overwrite), validated so its fields show their values."""
    data = data.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def differing(names: Iterable[str], before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    return any(display(before.get(n)) != display(after.get(n)) for n in names)
