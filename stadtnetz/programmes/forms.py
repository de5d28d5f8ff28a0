# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.forms import KernForm, LocalDecimalField, MoneyField
from stadtnetz.organisations.models import OrganisationKind

from .models import DocumentType

DATETIME_HINT = _("Local time in Europe/Berlin, e.g. 2026-05-20 23:59.")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ProgrammeForm(KernForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    funder = forms.CharField(label=_("Funder"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CallForm(KernForm):
    round_year = forms.IntegerField(label=_("Round year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)
    theme = forms.CharField(label=_("Theme"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at"), help_text=DATETIME_HINT, widget=DateTimeInput()
    )
    closes_at = forms.DateTimeField(
        label=_("Deadline"), help_text=DATETIME_HINT, widget=DateTimeInput()
    )
    eligible_kinds = forms.MultipleChoiceField(
        label=_("Eligible organisation kinds"), choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    funding_rate = LocalDecimalField(
        label=_("Funding rate (%)"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        decimal_places=2,
    )
    hardship_rate = LocalDecimalField(
        label=_("Hardship funding rate (%)"), min_value=Decimal("0.01"), max_value=Decimal(100),
        decimal_places=2,
    )  # fmt: skip
    max_grant_phase_a = MoneyField(
        label=_("Maximum grant phase A (strategy), EUR"), min_value=0, max_value=Decimal("1e12"),
        decimal_places=2,
    )  # fmt: skip
    max_grant_phase_b = MoneyField(
        label=_("Maximum grant phase B (implementation), EUR"), min_value=0,
        max_value=Decimal("1e12"), decimal_places=2,
    )  # fmt: skip
    max_duration_months = forms.IntegerField(
        label=_("Maximum duration (months)"), min_value=1, max_value=240
    )
    required_documents = forms.MultipleChoiceField(
        label=_("Required documents"), required=False, choices=DocumentType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every application must carry one file of each chosen type before it can be submitted."),
    )  # fmt: skip
    declarations = forms.CharField(
        label=_("Mandatory declarations (one per line)"), max_length=40_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The applicant's signatory confirms each of them on submission. They cannot change "
                    "once an application has been submitted."),
    )  # fmt: skip

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and isinstance(self.initial.get("declarations"), list):
            self.initial["declarations"] = "\n".join(self.initial["declarations"])
        if not self.is_bound and "declarations" not in self.initial:
            from .models import DEFAULT_DECLARATIONS

            self.initial["declarations"] = "\n".join(DEFAULT_DECLARATIONS)
        if editing:
            self.fields["closes_at"].disabled = True
            self.fields["closes_at"].help_text = _("Extend the deadline on the call page.")

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The deadline must be after the opening."))
        rate, hardship = data.get("funding_rate"), data.get("hardship_rate")
        if rate is not None and hardship is not None and hardship < rate:
            self.add_error(
                "hardship_rate", _("The hardship rate cannot be below the funding rate.")
            )
        return data


class ExtendDeadlineForm(KernForm):
    new_closes_at = forms.DateTimeField(
        label=_("New deadline"), help_text=DATETIME_HINT, widget=DateTimeInput()
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


key_validator = RegexValidator(
    r"^[a-z][a-z0-9_-]{0,49}$", _("Use lower-case letters, digits, - and _.")
)


class SectionForm(KernForm):
    key = forms.CharField(label=_("Key"), max_length=50, validators=[key_validator])
    title = forms.CharField(label=_("Title"), max_length=200)
    guidance = forms.CharField(
        label=_("Guidance"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(label=_("Required"), required=False)
    char_limit = forms.IntegerField(label=_("Character limit"), min_value=1, max_value=100_000)


class BaseSectionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        keys = [
            form.cleaned_data["key"]
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        if len(keys) != len(set(keys)):
            raise forms.ValidationError(_("Each section needs its own key."))
        if not keys:
            raise forms.ValidationError(_("A form needs at least one section."))


SectionFormSet = forms.formset_factory(
    SectionForm, formset=BaseSectionFormSet, extra=2, can_delete=True, max_num=60, validate_max=True
)


class CriteriaGroupForm(KernForm):
    title = forms.CharField(label=_("Criteria group"), max_length=300)
    weight = LocalDecimalField(label=_("Weight (%)"), min_value=0, max_value=100, decimal_places=2)
    criteria = forms.CharField(
        label=_("Criteria (one per line)"), required=False, max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class BaseCriteriaFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        total = sum(
            (form.cleaned_data["weight"] for form in self.forms
             if form.cleaned_data and not self._should_delete_form(form)),
            Decimal(0),
        )  # fmt: skip
        if total and total != Decimal(100):
            raise forms.ValidationError(
                _("The weights add up to %(total)s %%; they must add up to 100 %%.")
                % {"total": total}
            )


CriteriaFormSet = forms.formset_factory(
    CriteriaGroupForm,
    formset=BaseCriteriaFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)
