# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""KERN-UX markup for Django forms: CSS classes and ARIA links between fields, hints and errors."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .formats import NotANumber, format_decimal, parse_decimal
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


class DecimalTextInput(forms.TextInput):
    """A text field for numbers: a decimal keypad on phones, and the value shown as the page's
    language writes it (``type="number"`` would refuse the German decimal comma)."""

    def __init__(self, attrs=None, places: int = 2):
        self.places = places
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float):
            return format_decimal(value, places=self.places)
        return super().format_value(value)


class LocalDecimalField(forms.DecimalField):
    """A decimal typed as people write it: "12.500,50", "12500,50" or "12500.50" (core.formats)."""

    widget = DecimalTextInput
    invalid_message = _("Please enter a number, e.g. %(example)s.")
    example = Decimal("90.5")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        places = self.decimal_places if self.decimal_places is not None else 2
        self.widget.places = places
        for attr in ("step", "min", "max"):  # DecimalField adds number attributes
            self.widget.attrs.pop(attr, None)

    def widget_attrs(self, widget):
        return {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(str(value))
        except NotANumber:
            example = format_decimal(self.example, places=self.decimal_places or 2)
            raise ValidationError(
                self.invalid_message % {"example": example}, code="invalid"
            ) from None


class MoneyField(LocalDecimalField):
    """An amount in euros with cents. Every form in which money is entered uses it."""

    invalid_message = _("Please enter an amount in euros, e.g. %(example)s.")
    example = Decimal("12500.50")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


def errors_to_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: each field's messages at the field (when
    the form has it), the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
