# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django import forms

from stadtnetz.core.forms import KernForm

from .models import EventType


class PreferencesForm(KernForm):
    """One checkbox per event type: e-mail on or off (the in-app notification always comes)."""

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {choice.event_type: choice.email for choice in choices}
        for value, label in EventType.choices:
            self.fields[value] = forms.BooleanField(
                label=label, required=False, initial=current.get(value, True)
            )
        # KernForm sets its classes in __init__ before the fields exist: set them here
        for field in self.fields.values():
            field.widget.attrs["class"] = "kern-form-check__checkbox"

    def email_by_type(self) -> dict[str, bool]:
        return {value: bool(self.cleaned_data.get(value)) for value in EventType.values}
