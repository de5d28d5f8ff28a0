# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.forms import KernForm
from stadtnetz.municipalities.models import County, Municipality

from .models import OrganisationKind, Role
from .services import CooperationEntry


def _resolve_key(key: str):
    if re.fullmatch(r"\d{8}", key):
        return Municipality.objects.filter(ags=key, dissolved_at__isnull=True).first()
    if re.fullmatch(r"\d{5}", key):
        return County.objects.filter(key=key, dissolved_at__isnull=True).first()
    return None


class OrganisationSearchForm(KernForm):
    q = forms.CharField(label=_("Name or official key"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )


class OrganisationCreateForm(KernForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("For municipalities and counties, leave empty to use the official name."),
    )
    registry_key = forms.CharField(
        label=_("Official key"),
        required=False,
        max_length=8,
        help_text=_("Municipality: 8-digit AGS. County: 5-digit county key."),
    )
    members = forms.CharField(
        label=_("Members of the cooperation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One official key per line (AGS or county key). Mark the lead with * first."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    email = forms.EmailField(label=_("Contact email"), required=False, max_length=254)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        key = (cleaned.get("registry_key") or "").strip()
        cleaned["municipality"] = cleaned["county"] = None
        cleaned["member_entries"] = []
        if kind == OrganisationKind.MUNICIPALITY:
            if not re.fullmatch(r"\d{8}", key):
                self.add_error("registry_key", _("Enter the 8-digit AGS of the municipality."))
            elif (entry := _resolve_key(key)) is None:
                self.add_error(
                    "registry_key", _("No municipality has the AGS %(key)s.") % {"key": key}
                )
            else:
                cleaned["municipality"] = entry
        elif kind == OrganisationKind.COUNTY:
            if not re.fullmatch(r"\d{5}", key):
                self.add_error("registry_key", _("Enter the 5-digit county key."))
            elif (entry := _resolve_key(key)) is None:
                self.add_error("registry_key", _("No county has the key %(key)s.") % {"key": key})
            else:
                cleaned["county"] = entry
        else:
            if key:
                self.add_error(
                    "registry_key", _("Only municipalities and counties have an official key.")
                )
            if not (cleaned.get("name") or "").strip():
                self.add_error("name", _("Please enter a name."))
        if kind == OrganisationKind.COOPERATION:
            entries, seen = [], set()
            for raw_line in (cleaned.get("members") or "").splitlines():
                line = raw_line.strip()
                if not line:
                    continue
                is_lead = line.startswith("*")
                member_key = line.lstrip("*").strip()
                entry = _resolve_key(member_key)
                if entry is None:
                    self.add_error(
                        "members",
                        _("“%(key)s” is not a known AGS or county key.") % {"key": member_key[:20]},
                    )
                    continue
                if member_key in seen:
                    self.add_error("members", _("%(key)s is listed twice.") % {"key": member_key})
                    continue
                seen.add(member_key)
                entries.append(
                    CooperationEntry(
                        municipality=entry if isinstance(entry, Municipality) else None,
                        county=entry if isinstance(entry, County) else None,
                        is_lead=is_lead,
                    )
                )
            if not self.has_error("members"):
                if len(entries) < 2:
                    self.add_error(
                        "members", _("A cooperation needs at least two municipalities or counties.")
                    )
                elif sum(entry.is_lead for entry in entries) != 1:
                    self.add_error("members", _("Mark exactly one member as lead with *."))
            cleaned["member_entries"] = entries
        elif (cleaned.get("members") or "").strip():
            self.add_error("members", _("Only cooperations have member municipalities."))
        return cleaned


class OrganisationEditForm(KernForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    # the version the form was loaded with (core.versioning)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    email = forms.EmailField(label=_("Contact email"), required=False, max_length=254)
    in_budgetary_hardship = forms.BooleanField(
        label=_("In budgetary hardship (Haushaltsnotlage)"),
        required=False,
        help_text=_("Set by the organisation's administrators; every change is recorded."),
    )
    hardship_note = forms.CharField(
        label=_("Reason for changing the hardship flag"),
        required=False,
        max_length=500,
        help_text=_("For example the decision of the supervisory authority."),
    )


class InvitationForm(KernForm):
    email = forms.EmailField(label=_("Email address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(KernForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class JoinForm(KernForm):
    message = forms.CharField(
        label=_("Your function and why you ask"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example “Smart-city lead in the mayor's office”. At most 1,000 characters."
        ),
    )


class AcceptRequestForm(KernForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RefuseRequestForm(KernForm):
    reason = forms.CharField(
        label=_("Reason for the refusal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person reads it in the mail and on their start page."),
        error_messages={"required": _("Please give the reason for the refusal.")},
    )


class OfficialDomainsForm(KernForm):
    official_domains = forms.CharField(
        label=_("Official email domains"),
        required=False,
        max_length=500,
        help_text=_(
            "Comma-separated, for example “jena.de, stadtwerke-jena.de”. A person with a confirmed "
            "address on one of them (or a subdomain) may claim the organisation at once while it "
            "has no administrator."
        ),
    )
