# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django import template
from django.utils.translation import gettext_lazy as _

from stadtnetz.solutions import vocabulary

register = template.Library()

KIND_LABELS = {
    "category": _("Category"), "licence": _("Licence"), "status": _("Development status"),
    "maintenance": _("Maintenance"), "platform": _("Platform"), "country": _("Country"),
    "validity": _("publiccode.yml"), "readiness": _("Reuse readiness"), "type": _("Software type"),
    "scope": _("Field of use"),
}  # fmt: skip
VALUE_LABELS = {
    ("validity", "valid"): _("valid"), ("validity", "invalid"): _("with errors"),
    ("validity", "none"): _("without publiccode.yml"),
    ("readiness", "high"): _("high (70–100)"), ("readiness", "medium"): _("medium (40–69)"),
    ("readiness", "low"): _("low (0–39)"),
    ("status", "concept"): _("concept"), ("status", "development"): _("in development"),
    ("status", "beta"): _("beta"), ("status", "stable"): _("stable"),
    ("status", "obsolete"): _("obsolete"),
    ("maintenance", "internal"): _("internal"), ("maintenance", "contract"): _("by contract"),
    ("maintenance", "community"): _("community"), ("maintenance", "none"): _("none"),
    ("licence", "other"): _("other (not an SPDX identifier)"),
}  # fmt: skip
PART_LABELS = {
    "publiccode": _("Valid publiccode.yml"), "licence": _("Open licence (OSI or FSF)"),
    "documentation": _("Documentation"), "maintenance": _("Maintenance and contacts"),
    "activity": _("Activity (vitality index)"), "reuse": _("Confirmed reuses"),
}  # fmt: skip
PART_DETAILS = {
    "valid": _("the file passes the validator"), "invalid": _("the file has errors"),
    "open": _("approved open-source licence"), "not_open": _("licence not approved by OSI or FSF"),
    "missing": _("not stated"), "crawled": _("README, CONTRIBUTING, SECURITY, documentation link, "
                                            "long description"),
    "file_only": _("from the file only: repository files not yet checked"),
    "unknown": _("not yet crawled"), "vitality": _("vitality index ÷ 5"),
    "confirmed": _("10 points per production use, 5 per pilot, at most 20"),
    "internal": _("internal"), "contract": _("by contract"), "community": _("community"),
    "none": _("none"),
}  # fmt: skip


VOCABULARY_LABELS = {"category": vocabulary.CATEGORIES, "scope": vocabulary.SCOPES,
                     "type": vocabulary.SOFTWARE_TYPES, "platform": vocabulary.PLATFORMS}  # fmt: skip


@register.simple_tag
def facet_label(kind, value=None):
    """The label of a facet kind, or of one of its values (the key stays in the address)."""
    if value is None:
        return KIND_LABELS.get(kind, kind)
    if (kind, value) in VALUE_LABELS:
        return VALUE_LABELS[(kind, value)]
    return VOCABULARY_LABELS.get(kind, {}).get(value, value)


@register.filter
def vocabulary_labels(values, kind) -> str:
    """A list of vocabulary keys as their labels, comma-separated."""
    return ", ".join(str(facet_label(kind, v)) for v in values or [])


@register.filter
def part_label(key):
    return PART_LABELS.get(key, key)


@register.filter
def part_detail(code):
    return PART_DETAILS.get(code, code)


@register.filter
def yes_no_unknown(value):
    if value is None:
        return _("unknown")
    return _("yes") if value else _("no")


@register.filter
def is_http_url(value) -> bool:
    """Only http(s) addresses are rendered as links (stored data may predate the check)."""
    from stadtnetz.publiccode.formats import is_http_url as check

    return isinstance(value, str) and check(value)
