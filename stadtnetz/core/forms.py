# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""KERN-UX markup for Django forms: CSS classes and ARIA links between fields, hints and errors."""

from __future__ import annotations

from django import forms

from .text import validate_single_line

# Widgets whose text may span lines or is never shown again (passwords are hashed as given).
MULTI_LINE_WIDGETS = (forms.Textarea, forms.PasswordInput, forms.HiddenInput)


def is_single_line(field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, MULTI_LINE_WIDGETS)


class KernFormMixin:
    """Give every widget KERN classes and tie hints and errors to the input for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if is_single_line(field) and validate_single_line not in field.validators:
                # One rule for every one-line text in every form (issue 14, item 7).
                field.validators.append(validate_single_line)
            if isinstance(widget, forms.CheckboxInput):
                css = "kern-form-check__checkbox"
            elif isinstance(widget, forms.Select):
                css = "kern-form-input__select"
            else:
                css = "kern-form-input__input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-hint"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            described = widget.attrs.get("aria-describedby", "")
            error_id = f"{self[name].id_for_label}-error"
            if error_id not in described:
                widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()
            widget.attrs["aria-invalid"] = "true"


class KernForm(KernFormMixin, forms.Form):
    pass


class KernModelForm(KernFormMixin, forms.ModelForm):
    pass
