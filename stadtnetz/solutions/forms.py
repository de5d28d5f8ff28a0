# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import json
from pathlib import Path

import yaml
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.forms import KernForm

from . import licences
from .models import ReuseStatus
from .selectors import FACET_KINDS
from .vocabulary import CATEGORIES

MAX_UPLOAD_BYTES = 512 * 1024
VOCABULARIES = json.loads(
    (Path(__file__).parent.parent / "publiccode" / "data" / "vocabularies.json").read_text(
        encoding="utf-8"
    )
)


class SearchForm(KernForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False,
        choices=[("name", _("Name")), ("readiness", _("Reuse readiness")),
                 ("verified", _("Last verified"))],
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in FACET_KINDS:
            self.fields[kind] = forms.CharField(required=False, max_length=120)

    def facets(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in FACET_KINDS if self.cleaned_data.get(k)}


class ValidateForm(KernForm):
    text = forms.CharField(
        label=_("publiccode.yml"), required=False, widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Paste the file here, or upload it below (at most 512 KB)."),
    )  # fmt: skip
    upload = forms.FileField(label=_("Upload a file"), required=False)

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 512 KB."))
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("text", "").strip() and not data.get("upload"):
            raise forms.ValidationError(_("Paste a publiccode.yml or upload one."))
        return data

    def content(self) -> bytes:
        upload = self.cleaned_data.get("upload")
        if upload:
            return upload.read(MAX_UPLOAD_BYTES + 1)
        return self.cleaned_data["text"].encode("utf-8", "surrogatepass")


class ReuseForm(KernForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    status = forms.ChoiceField(
        label=_("Status"), choices=ReuseStatus.choices, widget=forms.RadioSelect
    )
    since = forms.DateField(
        label=_("Since"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When you started running, piloting or evaluating it."),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you use it for, or why you dropped it (required when dropped)."),
    )  # fmt: skip
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        from stadtnetz.organisations.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        self.fields["status"].widget.attrs.pop("class", None)

    def clean_since(self):
        since = self.cleaned_data["since"]
        if since > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return since

    def clean(self):
        data = super().clean()
        if data.get("status") == ReuseStatus.DROPPED and not data.get("note", "").strip():
            self.add_error(
                "note", _("Please say why the solution was dropped: failures help others most.")
            )
        return data


PLATFORMS = [("web", "Web"), ("linux", "Linux"), ("windows", "Windows"), ("mac", "macOS"),
             ("android", "Android"), ("ios", "iOS")]  # fmt: skip
LANGUAGES = [("de", _("German")), ("en", _("English")), ("fr", _("French")),
             ("tr", _("Turkish")), ("ar", _("Arabic")), ("uk", _("Ukrainian"))]  # fmt: skip


def _open_licences():
    return [(k, k) for k, v in licences.table().items() if v["osi"] and "deprecated" not in
            v["name"]]  # fmt: skip


class EditorForm(KernForm):
    """The fields a municipality needs to describe its own project in a valid publiccode.yml."""

    name = forms.CharField(label=_("Name of the software"), max_length=100)
    url = forms.URLField(label=_("Repository address"), max_length=400, assume_scheme="https",
                         help_text=_("The public https:// address of the source code."))  # fmt: skip
    landing_url = forms.URLField(
        label=_("Landing page"), required=False, max_length=400, assume_scheme="https"
    )
    software_version = forms.CharField(label=_("Latest version"), required=False, max_length=40)
    release_date = forms.DateField(label=_("Release date of that version"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    platforms = forms.MultipleChoiceField(label=_("Platforms"), choices=PLATFORMS,
                                          widget=forms.CheckboxSelectMultiple)  # fmt: skip
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=[(c, CATEGORIES.get(c, c)) for c in VOCABULARIES["categories"]],
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )  # fmt: skip
    development_status = forms.ChoiceField(
        label=_("Development status"), choices=[(s, s) for s in VOCABULARIES["developmentStatus"]]
    )
    software_type = forms.ChoiceField(
        label=_("Software type"), choices=[(s, s) for s in VOCABULARIES["softwareType"]]
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=_open_licences, initial="EUPL-1.2")
    main_copyright_owner = forms.CharField(label=_("Main copyright owner"), required=False,
                                           max_length=200)  # fmt: skip
    maintenance_type = forms.ChoiceField(
        label=_("Maintenance"),
        choices=[("internal", _("internal (by the municipality)")),
                 ("contract", _("contract (by a contractor)")),
                 ("community", _("community")), ("none", _("none"))],
    )  # fmt: skip
    contact_name = forms.CharField(label=_("Technical contact"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Email of the technical contact"), required=False)
    contractor_name = forms.CharField(label=_("Contractor"), required=False, max_length=200)
    contractor_until = forms.DateField(label=_("Contract runs until"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    languages = forms.MultipleChoiceField(label=_("Languages of the user interface"),
                                          choices=LANGUAGES, initial=["de"],
                                          widget=forms.CheckboxSelectMultiple)  # fmt: skip
    short_description = forms.CharField(label=_("Short description (German)"), max_length=150)
    long_description = forms.CharField(
        label=_("Long description (German)"), min_length=150, max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}), help_text=_("At least 150 characters."),
    )  # fmt: skip
    features = forms.CharField(
        label=_("Features"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
        help_text=_("One feature per line."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("platforms", "languages"):
            self.fields[name].widget.attrs.pop("class", None)

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.startswith("https://"):
            raise forms.ValidationError(_("Use an https:// address."))
        return url

    def clean_features(self):
        lines = [line.strip() for line in self.cleaned_data["features"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Name at least one feature."))
        if any(len(line) > 100 for line in lines):
            raise forms.ValidationError(_("Each feature may have at most 100 characters."))
        return lines

    def clean(self):
        data = super().clean()
        kind = data.get("maintenance_type")
        # the standard requires contacts for internal and community maintenance (issue 14, 23)
        if kind in ("internal", "community", "contract") and not data.get("contact_name"):
            self.add_error("contact_name",
                           _("Internal, community or contract maintenance needs a contact."))  # fmt: skip
        if kind == "contract" and not (
            data.get("contractor_name") and data.get("contractor_until")
        ):
            self.add_error("contractor_name", _("Contract maintenance needs the contractor and "
                                                "the end of the contract."))  # fmt: skip
        if data.get("software_version") and not data.get("release_date"):
            self.add_error("release_date", _("Give the release date of this version."))
        return data

    def to_yaml(self) -> str:
        d = self.cleaned_data
        maintenance: dict = {"type": d["maintenance_type"]}
        if d["maintenance_type"] == "contract":
            maintenance["contractors"] = [
                {"name": d["contractor_name"], "until": d["contractor_until"].isoformat()}
            ]
        if d["maintenance_type"] in ("internal", "community", "contract"):
            contact = {"name": d["contact_name"]}
            if d.get("contact_email"):
                contact["email"] = d["contact_email"]
            maintenance["contacts"] = [contact]
        document: dict = {"publiccodeYmlVersion": "0", "name": d["name"], "url": d["url"]}
        if d.get("landing_url"):
            document["landingURL"] = d["landing_url"]
        if d.get("software_version"):
            document["softwareVersion"] = d["software_version"]
            document["releaseDate"] = d["release_date"].isoformat()
        legal = {"license": d["licence"]}
        if d.get("main_copyright_owner"):
            legal["mainCopyrightOwner"] = d["main_copyright_owner"]
        document.update({
            "platforms": d["platforms"], "categories": d["categories"],
            "developmentStatus": d["development_status"], "softwareType": d["software_type"],
            "description": {"de": {
                "shortDescription": d["short_description"],
                "longDescription": d["long_description"], "features": d["features"],
            }},
            "legal": legal, "maintenance": maintenance,
            "localisation": {"localisationReady": len(d["languages"]) > 1,
                             "availableLanguages": d["languages"]},
            "intendedAudience": {"countries": ["DE"]},
        })  # fmt: skip
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
