# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Forms of the notice area: issuing the notice, the strategy, milestones."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.forms import KernForm

from .models import MilestoneStatus, Phase


def _date(label, required=True, help_text=""):
    return forms.DateField(
        label=label, required=required, help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip


class NoticeForm(KernForm):
    period_start = _date(_("Project period from"))
    period_end = _date(_("Project period until"))
    starts_in_phase = forms.ChoiceField(
        label=_("Starts in phase"),
        choices=Phase.choices,
        help_text=_("Phase B directly when the municipality already has a strategy."),
    )
    conditions = forms.CharField(
        label=_("Conditions (Nebenbestimmungen)"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One condition per line."),
    )

    def condition_list(self) -> list[str]:
        text = self.cleaned_data.get("conditions") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class PlanRowForm(forms.Form):
    """One cell of the approved plan (phase × year × category), amounts as typed."""

    phase = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)
    year = forms.IntegerField(min_value=2000, max_value=2100, widget=forms.HiddenInput)
    category = forms.CharField(max_length=12, widget=forms.HiddenInput)
    eligible_costs = forms.CharField(label=_("Approved eligible costs (EUR)"), max_length=40)
    grant = forms.CharField(
        label=_("Approved grant (EUR)"),
        max_length=40,
        required=False,
        help_text=_("Empty: eligible costs × funding rate, rounded down to the cent."),
    )


PlanRowFormSet = forms.formset_factory(PlanRowForm, extra=0, max_num=200, validate_max=True)


class StrategyUploadForm(KernForm):
    file = forms.FileField(label=_("Strategy document"), help_text=_("PDF, DOCX or ODT."))


class StrategyDecisionForm(KernForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the strategy")), ("changes", _("Request changes"))],
    )
    approved_on = _date(_("Approved on"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you request changes."),
    )


class MilestoneForm(KernForm):
    measure = forms.TypedChoiceField(label=_("Measure"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    due_on = _date(_("Due on"))
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)
    reached_on = _date(
        _("Reached on"), required=False, help_text=_("Required when the milestone is reached.")
    )
    evidence = forms.CharField(
        label=_("Evidence"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    evidence_url = forms.CharField(label=_("Evidence link"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(m.pk, m.title) for m in measures]
