# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Forms of the knowledge base: facets, measures with key figures, lessons, peer search."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stadtnetz.core.forms import KernForm, LocalDecimalField, MoneyField
from stadtnetz.municipalities.models import SizeClass, State
from stadtnetz.organisations.models import OrganisationKind
from stadtnetz.solutions.models import Solution

from .models import (
    FieldOfAction,
    Measure,
    MeasureStatus,
    ProcurementRoute,
    ProgrammeCategory,
    SpatialEffect,
)
from .services import KPIInput

ROUNDS = [("", _("all rounds")), ("2019", "2019"), ("2020", "2020"), ("2021", "2021")]
PUBLIC_KINDS = [(k, label) for k, label in OrganisationKind.choices
                if k in OrganisationKind.public_bodies()]  # fmt: skip
MONEY_MAX = Decimal("999999999999.99")


class ProjectFilterForm(KernForm):
    round = forms.TypedChoiceField(label=_("Round"), choices=ROUNDS, required=False, coerce=int,
                                   empty_value=None)  # fmt: skip
    state = forms.ChoiceField(label=_("State"), required=False)
    category = forms.ChoiceField(
        label=_("Size class"), required=False,
        choices=[("", _("all size classes")), *ProgrammeCategory.choices],
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all kinds")), *PUBLIC_KINDS]
    )
    field = forms.ChoiceField(label=_("Field of action"), required=False)
    phase = forms.ChoiceField(
        label=_("Current phase"), required=False,
        choices=[("", _("all phases")), ("A", _("Phase A (strategy)")),
                 ("B", _("Phase B (implementation)")), ("none", _("no running phase recorded"))],
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("all states"))] + [
            (s.code, s.name) for s in State.objects.order_by("name")
        ]
        self.fields["field"].choices = [("", _("all fields of action"))] + [
            (f.code, str(f)) for f in FieldOfAction.objects.all()
        ]


class KnowledgeFilterForm(KernForm):
    """Filters of a field-of-action page (GET; works without JavaScript)."""

    category = forms.ChoiceField(
        label=_("Size class"), required=False,
        choices=[("", _("all size classes")), *ProgrammeCategory.choices],
    )  # fmt: skip
    state = forms.ChoiceField(label=_("State"), required=False)
    round = forms.TypedChoiceField(label=_("Round"), choices=ROUNDS, required=False, coerce=int,
                                   empty_value=None)  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status of the measure"), required=False,
        choices=[("", _("all statuses")), *MeasureStatus.choices],
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("all states"))] + [
            (s.code, s.name) for s in State.objects.order_by("name")
        ]


class MeasureForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    # the version the form was loaded with (core.versioning); required when editing
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Fields of action"), queryset=FieldOfAction.objects.all(), to_field_name="code",
        widget=forms.CheckboxSelectMultiple, help_text=_("Choose one or more."),
        error_messages={"required": _("Choose at least one field of action.")},
    )  # fmt: skip
    spatial_effect = forms.ChoiceField(
        label=_("Spatial effect"), required=False,
        choices=[("", _("not stated")), *SpatialEffect.choices],
    )  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    starts_on = forms.DateField(label=pgettext_lazy("date of a measure", "Start"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    ends_on = forms.DateField(label=pgettext_lazy("date of a measure", "End"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    budget = MoneyField(label=_("Budget (EUR)"), required=False, min_value=0,
                                max_value=MONEY_MAX, decimal_places=2)  # fmt: skip
    solutions = forms.ModelMultipleChoiceField(
        label=_("Solutions produced or reused"), required=False,
        queryset=Solution.objects.filter(merged_into=None).order_by("name", "pk"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Open-source solutions of the catalog that this measure built or reuses."),
        error_messages={"invalid_choice": _("Choose solutions of the catalog."),
                        "invalid_pk_value": _("Choose solutions of the catalog.")},
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end lies before the start."))
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("title", "description", "spatial_effect", "status", "starts_on", "ends_on",
                 "budget")}  # fmt: skip


class KPIForm(KernForm):
    name = forms.CharField(label=_("Indicator"), max_length=200, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    target = LocalDecimalField(label=_("Target"), required=False, max_digits=16, decimal_places=4)
    actual = LocalDecimalField(label=_("Actual"), required=False, max_digits=16, decimal_places=4)

    def clean(self):
        data = super().clean()
        filled = any(data.get(k) not in (None, "") for k in ("unit", "target", "actual"))
        if filled and not data.get("name"):
            self.add_error("name", _("Name the indicator."))
        return data


KPIFormSet = forms.formset_factory(KPIForm, extra=2, max_num=20, validate_max=True)


def kpi_inputs(formset) -> list[KPIInput]:
    return [
        KPIInput(name=f.cleaned_data["name"], unit=f.cleaned_data.get("unit", ""),
                 target=f.cleaned_data.get("target"), actual=f.cleaned_data.get("actual"))
        for f in formset.forms
        if f.cleaned_data.get("name")
    ]  # fmt: skip


class LessonForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.none(),
                                     required=False, empty_label=_("the project as a whole"))  # fmt: skip
    summary = forms.CharField(
        label=_("The lesson in brief"), max_length=10_000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    context = forms.CharField(
        label=_("Context: who, size, starting point"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    what_was_done = forms.CharField(label=_("What was done"), max_length=10_000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 5}))  # fmt: skip
    what_worked = forms.CharField(label=_("What worked"), max_length=10_000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    what_did_not_work = forms.CharField(
        label=_("What did not work, and why"), max_length=10_000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    effort_staff = forms.CharField(label=_("Effort: staff"), max_length=200, required=False,
                                   help_text=_("For example: 1.5 full-time posts for 18 months"))  # fmt: skip
    effort_cost = MoneyField(label=_("Effort: cost (EUR)"), required=False, min_value=0,
                                     max_value=MONEY_MAX, decimal_places=2)  # fmt: skip
    effort_months = forms.IntegerField(label=_("Effort: time (months)"), required=False,
                                       min_value=0, max_value=600)  # fmt: skip
    operator_model = forms.CharField(
        label=_("Operator model after funding"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who runs it once the funding ends, and who pays."),
    )  # fmt: skip
    running_costs_per_year = MoneyField(
        label=_("Running costs per year after funding (EUR)"), required=False, min_value=0,
        max_value=MONEY_MAX, decimal_places=2,
    )  # fmt: skip
    procurement_route = forms.ChoiceField(
        label=_("Procurement route"), required=False,
        choices=[("", _("not stated")), *ProcurementRoute.choices],
    )  # fmt: skip
    data_needed = forms.CharField(label=_("Data needed"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    transferable_kinds = forms.MultipleChoiceField(
        label=_("Transferable to these kinds"), choices=PUBLIC_KINDS, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    transferable_sizes = forms.MultipleChoiceField(
        label=_("Transferable to these sizes"), choices=SizeClass.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    transferability = forms.CharField(
        label=_("Transferability notes"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What another municipality needs to bring to repeat this."),
    )  # fmt: skip
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None:
            self.fields["measure"].queryset = Measure.objects.filter(project=project).order_by(
                "title"
            )

    def clean(self):
        data = super().clean()
        # An imported lesson has only its summary; a lesson written here tells the full story.
        if not data.get("summary"):
            for name in ("context", "what_was_done"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["transferable_kinds"] = ",".join(data["transferable_kinds"])
        data["transferable_sizes"] = ",".join(data["transferable_sizes"])
        return data


class PeerForm(KernForm):
    ags = forms.CharField(
        label=_("Official municipality key (AGS)"), max_length=8, required=False,
        help_text=_("8 digits, for example 16053000 for Jena."),
    )  # fmt: skip
    organisation = forms.SlugField(label=_("or organisation"), max_length=80, required=False,
                                   widget=forms.HiddenInput)  # fmt: skip

    def clean_ags(self):
        value = self.cleaned_data["ags"].strip()
        if value and not re.fullmatch(r"\d{8}", value):
            raise forms.ValidationError(_("An AGS has exactly 8 digits."))
        return value
