# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import validate_single_line


class BaseModel(models.Model):
    """Abstract base with creation and modification timestamps.

    ``full_clean`` also refuses control characters in every one-line text field (CharField), so
    API writes that go through services meet the same rule as the forms (core/text.py).
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField) or (exclude and field.name in exclude):
                continue
            if field.name in errors:
                continue
            try:
                validate_single_line(getattr(self, field.attname))
            except ValidationError as error:
                errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)


class PreparedStep(models.Model):
    """A setup step of ``stadtnetz prepare`` (an import, a seed, the search index) and the
    fingerprint of the inputs it last ran with. Kept in the database it prepared, so a fresh or
    replaced database runs every step again."""

    name = models.CharField(_("step"), max_length=200, unique=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    prepared_at = models.DateTimeField(_("prepared at"))

    class Meta:
        verbose_name = _("prepared step")
        verbose_name_plural = _("prepared steps")

    def __str__(self) -> str:
        return self.name
