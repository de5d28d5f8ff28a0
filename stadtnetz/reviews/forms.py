# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Forms of review and selection. Field checks only; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.forms import KernForm, LocalDecimalField, MoneyField
from stadtnetz.municipalities.models import PlaceCategory
from stadtnetz.projects.fields_of_action import FIELDS_OF_ACTION

from .models import Recommendation, ReconciliationOutcome

# The fields of action (Handlungsfelder) of the catalogue: an application's main field and a
# reviewer's expertise are chosen from the same list, so the assignment can match them.
FIELD_CHOICES = [(code, _(name)) for code, name in FIELDS_OF_ACTION]

TEXT = {"class": "kern-form-input__input"}
SELECT = {"class": "kern-form-input__select"}


class InviteForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        queryset=None, label=_("Reviewer"), widget=forms.Select(attrs=SELECT)
    )
    expertise = forms.CharField(label=_("Expertise tags"), required=False, max_length=300,
                                help_text=_("Fields of action, comma-separated, e.g. Mobilität, Energie und Umwelt. The automatic assignment looks for them."), widget=forms.TextInput(attrs=TEXT))  # fmt: skip

    def __init__(self, *args, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda user: (
            f"{user.display_name} ({user.username})"
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 4})
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ReconciliationOutcome.choices, widget=forms.Select(attrs=SELECT)
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=[("selected", _("selected")), ("waiting_list", _("waiting list")),
                                                              ("rejected", _("rejected"))], widget=forms.Select(attrs=SELECT))  # fmt: skip
    waiting_rank = forms.IntegerField(label=_("Place on the waiting list"), required=False, min_value=1, max_value=999,
                                      widget=forms.NumberInput(attrs=TEXT))  # fmt: skip
    reason = forms.CharField(label=_("Reason for the applicant"), max_length=5000,
                             widget=forms.Textarea(attrs={**TEXT, "rows": 4}))  # fmt: skip


class RecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation"), required=False,
                                       choices=[("", "–"), *Recommendation.choices], widget=forms.Select(attrs=SELECT))  # fmt: skip
    summary = forms.CharField(label=_("Summary"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={**TEXT, "rows": 5}))  # fmt: skip


# The programme's categories (PlaceCategory without "landgemeinde", which counts as "kleinstadt")
SIZE_CLASS_LABELS = [
    (PlaceCategory.LARGE_CITY.value, PlaceCategory.LARGE_CITY.label),
    (PlaceCategory.MEDIUM_TOWN.value, PlaceCategory.MEDIUM_TOWN.label),
    (PlaceCategory.SMALL_TOWN.value, _("Small town or rural municipality")),
    (PlaceCategory.COUNTY.value, PlaceCategory.COUNTY.label),
    (PlaceCategory.COOPERATION.value, PlaceCategory.COOPERATION.label),
]


class ConstraintsForm(forms.Form):
    """The jury's constraints as flat fields; ``as_constraints`` builds the solver's dict."""

    budget = forms.CharField(
        label=_("Total budget (EUR)"),
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
    )
    max_per_state = forms.CharField(
        label=_("At most per state"),
        required=False,
        max_length=4,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}),
    )
    min_states = forms.CharField(
        label=_("At least this many states"),
        required=False,
        max_length=4,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}),
    )
    min_score = forms.CharField(
        label=_("Minimum mean score"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SIZE_CLASS_LABELS:
            self.fields[f"min_{key}"] = forms.CharField(label=_("at least: %(c)s") % {"c": label}, required=False, max_length=4,
                                                        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}))  # fmt: skip
            self.fields[f"max_{key}"] = forms.CharField(label=_("at most: %(c)s") % {"c": label}, required=False, max_length=4,
                                                        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}))  # fmt: skip

    def as_constraints(self, pins: dict) -> dict:
        data = self.cleaned_data
        out: dict = {"budget": data["budget"].strip().replace(" ", ""), "pins": pins,
                     "min_per_size_class": {}, "max_per_size_class": {}}  # fmt: skip
        for key, _label in SIZE_CLASS_LABELS:
            if data.get(f"min_{key}", "").strip():
                out["min_per_size_class"][key] = data[f"min_{key}"].strip()
            if data.get(f"max_{key}", "").strip():
                out["max_per_size_class"][key] = data[f"max_{key}"].strip()
        for name in ("max_per_state", "min_states", "min_score"):
            if data.get(name, "").strip():
                out[name] = data[name].strip()
        return out


class RankingFilterForm(KernForm):
    size_class = forms.ChoiceField(label=_("Size class"), required=False, choices=[("", _("all")), *SIZE_CLASS_LABELS],
                                   widget=forms.Select(attrs=SELECT))  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[], widget=forms.Select(attrs=SELECT)
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[], widget=forms.Select(attrs=SELECT)
    )
    review_state = forms.ChoiceField(
        label=_("Review state"), required=False, choices=[], widget=forms.Select(attrs=SELECT)
    )
    phase = forms.ChoiceField(label=_("Starts with"), required=False, widget=forms.Select(attrs=SELECT),
                              choices=[("", _("all")), ("A", _("Phase A (strategy)")), ("B", _("Phase B (implementation)"))])  # fmt: skip
    min_grant = MoneyField(label=_("Requested grant from (EUR)"), required=False, min_value=0, max_digits=14,
                           decimal_places=2)  # fmt: skip
    max_grant = MoneyField(label=_("Requested grant up to (EUR)"), required=False, min_value=0, max_digits=14,
                           decimal_places=2)  # fmt: skip

    def __init__(self, *args, kinds=(), states=(), review_states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("all")), *kinds]
        self.fields["state"].choices = [("", _("all")), *states]
        self.fields["review_state"].choices = [("", _("all")), *review_states]


class LateDocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), allow_empty_file=True,
                           help_text=_("PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG."))  # fmt: skip


class MissingDocumentsForm(forms.Form):
    names = forms.CharField(
        label=_("Missing documents (one per line)"), max_length=3000,
        help_text=_("The applicant's editors may upload them until the late-document window closes."),
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )  # fmt: skip


def _anchor(level: int) -> forms.CharField:
    label = lazy(lambda: gettext("Anchor text of level %(n)d") % {"n": level}, str)()
    return forms.CharField(label=label, max_length=200)


class ReviewSettingsForm(KernForm):
    """The programme office's review settings of a call. Ranges here; what the review already did
    (assignments, submitted reviews, formal checks) is checked by the service."""

    reviewers_per_application = forms.IntegerField(
        label=_("Reviewers per application"), min_value=1, max_value=10
    )
    max_load = forms.IntegerField(label=_("Maximum applications per reviewer"), required=False, min_value=1, max_value=1000,
                                  help_text=_("Empty: each reviewer gets the mean load, plus or minus one."))  # fmt: skip
    reconciliation_threshold = LocalDecimalField(
        label=_("Reconciliation threshold (points)"), min_value=0, max_value=5, max_digits=4, decimal_places=2,
        help_text=_("Weighted scores of two reviewers further apart than this are reconciled."),
    )  # fmt: skip
    late_document_days = forms.IntegerField(label=_("Late-document window (days after the deadline)"),
                                            min_value=0, max_value=365)  # fmt: skip
    comment_limit = forms.IntegerField(
        label=_("Character limit per comment"), min_value=100, max_value=20000
    )
    share_anonymised_comments = forms.BooleanField(
        label=_("Share anonymised review comments with the applicants after the decision"),
        required=False,
    )
    checklist = forms.CharField(
        label=_("Formal checklist (one item per line)"), max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Fixed once the first formal check has been recorded."),
    )  # fmt: skip

    anchor_0 = _anchor(0)
    anchor_1 = _anchor(1)
    anchor_2 = _anchor(2)
    anchor_3 = _anchor(3)
    anchor_4 = _anchor(4)
    anchor_5 = _anchor(5)

    def anchors(self) -> list[str]:
        return [self.cleaned_data[f"anchor_{level}"] for level in range(6)]
