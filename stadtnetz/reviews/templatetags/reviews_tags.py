# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def attr_title(case):
    """'Organisation: title' of a review case (empty for anything else)."""
    application = getattr(case, "application", None)
    return f"{application.organisation.name}: {application.title}" if application else ""


@register.filter
def field_label(code):
    """The name of a field of action in the page's language."""
    from django.utils.translation import gettext

    from stadtnetz.projects.fields_of_action import FIELDS_OF_ACTION

    name = dict(FIELDS_OF_ACTION).get(code)
    return gettext(name) if name else code


@register.filter
def size_class_label(key):
    """Großstadt, Mittelstadt, … for the programme's size-class keys."""
    from ..forms import SIZE_CLASS_LABELS

    return dict(SIZE_CLASS_LABELS).get(key, key) if key else "–"


@register.filter
def kind_label(key):
    from stadtnetz.organisations.models import OrganisationKind

    return dict(OrganisationKind.choices).get(key, key) if key else "–"


@register.filter
def recommendation_label(key):
    from ..models import Recommendation

    return dict(Recommendation.choices).get(key, key)


@register.filter
def review_state_label(key):
    from ..models import ReviewState

    return dict(ReviewState.choices).get(key, key)


@register.filter
def reconciliation_label(key):
    """The reconciliation state of a ranking row: open, scores confirmed, scores revised."""
    from django.utils.translation import gettext

    from ..models import ReconciliationOutcome

    if key == "open":
        return gettext("reconciliation open")
    return dict(ReconciliationOutcome.choices).get(key, key)


@register.filter
def run_status_label(status):
    """The status of an optimiser run in words."""
    from django.utils.translation import gettext

    labels = {
        "optimal": gettext("optimal"),
        "infeasible": gettext("infeasible (no selection meets the constraints)"),
    }
    return labels.get(status, status)


@register.filter
def pin_label(pin):
    from django.utils.translation import gettext

    return {"include": gettext("must include"), "exclude": gettext("must exclude")}.get(pin, pin)


@register.filter
def dimension_label(dimension):
    from django.utils.translation import gettext

    return {
        "size_class": gettext("Size class"),
        "kind": gettext("Kind"),
        "state": gettext("State"),
    }.get(dimension, dimension)


@register.simple_tag
def dimension_value(dimension, key, state_names):
    """A statistics key in words: size class, organisation kind or state name."""
    if not key:
        return "–"
    if dimension == "size_class":
        return size_class_label(key)
    if dimension == "kind":
        return kind_label(key)
    if dimension == "state":
        return state_names.get(key, key)
    return key
