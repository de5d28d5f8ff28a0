# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django import forms
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.forms import KernForm

from .selectors import FilterError, filters_clean
from .text import QueryError, parse_query


class SearchForm(KernForm):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        strip=False,
        help_text=_(
            "For example “Bürgerbeteiligung”, “Radverkehr Kleinstadt” or a place name. "
            "Results appear while you type."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    type = forms.CharField(required=False, widget=forms.HiddenInput)
    state = forms.CharField(required=False, widget=forms.HiddenInput)
    size_class = forms.CharField(required=False, widget=forms.HiddenInput)
    field = forms.CharField(required=False, widget=forms.HiddenInput)
    kind = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_q(self):
        value = self.cleaned_data["q"]
        if not value.strip():
            self.cleaned_data["query"] = None
            return ""
        try:
            self.cleaned_data["query"] = parse_query(value)
        except QueryError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
        return value

    def clean(self):
        data = super().clean()
        try:
            data["filters"] = filters_clean(
                **{
                    name: data.get(name, "")
                    for name in ("type", "state", "size_class", "field", "kind")
                }
            )
        except FilterError as error:
            raise forms.ValidationError(error.message, code="filter") from None
        return data
