# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.forms import KernForm, MoneyField
from stadtnetz.core.uploads import max_bytes
from stadtnetz.programmes.models import DocumentType

from .models import CollaboratorRight, CostCategory, Phase


class ApplicationCreateForm(KernForm):
    organisation = forms.ChoiceField(label=_("Applicant organisation"))
    title = forms.CharField(label=_("Project title"), max_length=200)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DetailsForm(KernForm):
    title = forms.CharField(label=_("Project title"), max_length=200)
    starts_on = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    duration_months = forms.IntegerField(
        label=_("Duration (months)"), required=False, min_value=1, max_value=240
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SectionForm(KernForm):
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, section=None, **kwargs):
        kwargs.setdefault("auto_id", "id_section_%s")  # unique next to the comment form's fields
        super().__init__(*args, **kwargs)
        if section is not None:
            self.fields["text"].label = section.title
            self.fields["text"].help_text = _("Markdown allowed. Up to %(limit)s characters.") % {
                "limit": section.char_limit
            }
            self.fields["text"].widget.attrs["maxlength"] = section.char_limit * 2


class BudgetLineForm(KernForm):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("Category"), choices=CostCategory.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = MoneyField(
        label=_("Amount (EUR)"),
        help_text=_("Euros with up to two decimals, e.g. 12,500.50 or 12500.50."),
    )


class FundingForm(KernForm):
    third_party_funds_a = MoneyField(
        label=_("Third-party funds phase A (EUR)"), required=False, min_value=0,
        help_text=_("Money from others (e.g. the state or a foundation) towards the own contribution."),
    )  # fmt: skip
    third_party_funds_b = MoneyField(
        label=_("Third-party funds phase B (EUR)"), required=False, min_value=0
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "funding")  # unique ids next to the cost line form
        super().__init__(*args, **kwargs)


class SignForm(KernForm):
    """The binding signature on the submit page: every declaration of the call, then who signs."""

    signatory_name = forms.CharField(label=_("Name of the authorised signatory"), max_length=200)
    signatory_function = forms.CharField(
        label=_("Function of the signatory"), max_length=200,
        help_text=_("E.g. Lord Mayor, or head of department with power of attorney."),
    )  # fmt: skip

    def __init__(self, *args, declarations=(), **kwargs):
        kwargs.setdefault("prefix", "sign")
        super().__init__(*args, **kwargs)
        declaration_fields = {
            f"declaration_{number}": forms.BooleanField(
                label=text, error_messages={"required": _("Please confirm this declaration.")}
            )
            for number, text in enumerate(declarations)
        }
        self.fields = {**declaration_fields, **self.fields}

    def confirmed(self) -> list[int]:
        return [int(name.rsplit("_", 1)[1]) for name, value in self.cleaned_data.items()
                if name.startswith("declaration_") and value]  # fmt: skip


class HardshipRequestForm(KernForm):
    reason = forms.CharField(
        label=_("Reason for the hardship rate"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the budget security concept approved by the supervisory authority."),
    )  # fmt: skip
    proof = forms.FileField(label=_("Proof document"), allow_empty_file=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "hardship")
        super().__init__(*args, **kwargs)
        self.fields["proof"].help_text = _(
            "PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG; at most %(mb)s MB."
        ) % {"mb": round(max_bytes() / 1024 / 1024, 1)}


class HardshipDecisionForm(KernForm):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("approve", _("Approve the hardship rate")), ("refuse", _("Refuse"))],
    )  # fmt: skip
    note = forms.CharField(
        label=_("Reason (required for a refusal)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, request_pk=None, **kwargs):
        kwargs.setdefault("prefix", f"decide-{request_pk}")
        super().__init__(*args, **kwargs)


class WithdrawForm(KernForm):
    confirm = forms.BooleanField(
        label=_("I understand: the receipt becomes invalid and the application counts as not "
                "submitted until it is submitted again before the deadline."),
        error_messages={"required": _("Please confirm that you want to withdraw the submission.")},
    )  # fmt: skip


class CollaboratorForm(KernForm):
    email = forms.EmailField(label=_("Email address"))
    right = forms.ChoiceField(label=_("Right"), choices=CollaboratorRight.choices)


class CommentForm(KernForm):
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_comment_%s")  # unique next to the section's text field
        super().__init__(*args, **kwargs)


class AttachmentForm(KernForm):
    document_type = forms.ChoiceField(
        label=_("Document type"), choices=DocumentType.choices, required=False,
        help_text=_("Without a choice the file counts as “other document”."),
    )  # fmt: skip
    file = forms.FileField(
        label=_("File"), allow_empty_file=True,
        help_text=_("PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG."),
    )  # fmt: skip

    def __init__(self, *args, required=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The call's required types first, so the usual choice is at hand.
        required = [code for code, _label in required]
        self.fields["document_type"].choices = sorted(
            DocumentType.choices,
            key=lambda choice: (choice[0] not in required, choice[0] == DocumentType.OTHER),
        )
        self.fields["file"].help_text = _(
            "PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG; at most %(mb)s MB."
        ) % {"mb": round(max_bytes() / 1024 / 1024, 1)}


class VerifyForm(KernForm):
    pdf = forms.FileField(label=_("PDF file"), required=False, allow_empty_file=True)
    sha256 = forms.CharField(
        label=_("or SHA-256 hash"), required=False, max_length=100,
        help_text=_("64 hexadecimal characters, as printed on the receipt."),
    )  # fmt: skip

    def clean_pdf(self):
        from stadtnetz.core.uploads import limit_mb, max_bytes

        upload = self.cleaned_data.get("pdf")
        # Only a receipt PDF is hashed here, and none is larger than the attachment limit.
        if upload and upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is larger than the limit of %(limit)s MB.") % {"limit": limit_mb()}
            )
        return upload

    def clean_sha256(self):
        value = self.cleaned_data["sha256"].strip().lower()
        if value and (len(value) != 64 or any(c not in "0123456789abcdef" for c in value)):
            raise forms.ValidationError(_("A SHA-256 hash has exactly 64 hexadecimal characters."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("pdf") and not data.get("sha256") and not self.errors:
            raise forms.ValidationError(_("Upload the PDF or paste its hash."))
        return data


class OverviewFilterForm(KernForm):
    state = forms.ChoiceField(label=_("State"), required=False)
    size_class = forms.ChoiceField(label=_("Size class"), required=False)
    kind = forms.ChoiceField(label=_("Organisation kind"), required=False)
    min_grant = MoneyField(label=_("Requested grant from (EUR)"), required=False, min_value=0)
    max_grant = MoneyField(label=_("Requested grant up to (EUR)"), required=False, min_value=0)

    def __init__(self, *args, states=(), size_classes=(), kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states")), *states]
        self.fields["size_class"].choices = [("", _("All size classes")), *size_classes]
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]
