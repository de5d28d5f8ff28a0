# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Single-line text: one validator for control characters, and mail subjects that stay one line.

Names, titles and other one-line fields end up in mail headers, file names and PDFs. A carriage
return or line feed there is a header injection (Django raises BadHeaderError at send time, long
after the write), a NUL cannot be stored by PostgreSQL. So every single-line field refuses
control characters when it is entered, and a subject is flattened once more when mail is built.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value))


@deconstructible
class SingleLineValidator:
    """Refuse line breaks, tabs, NUL and other control characters in a one-line text."""

    message = _("Please enter a single line without line breaks or control characters.")
    code = "control_characters"

    def __call__(self, value) -> None:
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, SingleLineValidator)


validate_single_line = SingleLineValidator()


def single_line(value: str, *, max_length: int = 200) -> str:
    """Control characters become spaces, runs of spaces one space, the result is shortened."""
    flat = " ".join(CONTROL_CHARACTERS.sub(" ", unicodedata.normalize("NFC", value)).split())
    if len(flat) > max_length:
        flat = flat[: max_length - 1].rstrip() + "…"
    return flat


def mail_subject(value) -> str:
    """A mail subject that cannot break the header, whatever names were put into it."""
    return single_line(str(value), max_length=200)
