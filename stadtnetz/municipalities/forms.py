# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django import forms
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.forms import KernForm

from .lookup import MAX_QUERY_LENGTH
from .models import SizeClass, State


class MunicipalitySearchForm(KernForm):
    q = forms.CharField(
        label=_("Name, AGS or county key"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("For example “Solingen”, “muenchen”, 05122000 (AGS) or 05122 (county key)."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    size_class = forms.ChoiceField(
        label=_("Size class"),
        required=False,
        choices=[("", _("All size classes")), *SizeClass.choices],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Relevance, then name")),
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("-population", _("Population (largest first)")),
            ("population", _("Population (smallest first)")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states"))] + [
            (state.code, state.name) for state in State.objects.order_by("name")
        ]

    def clean_q(self):
        value = self.cleaned_data["q"]
        if "\x00" in value:
            raise forms.ValidationError(_("The search text contains invalid characters."))
        return value
