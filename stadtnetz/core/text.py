# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Text every app shares: folding for comparison and search, slugs, single-line fields.

**Folding** (:func:`fold`): "München", "MÜNCHEN", "muenchen" fold alike; the registry search, the
full-text search and every name comparison use this one function. **Slugs**
(:func:`unique_slug`): German words in addresses, "ß" as "ss", numbered when taken.

**Single line**: one validator for control characters, and mail subjects that stay one line.

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
from django.utils.text import slugify
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


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_SHARP_S = str.maketrans({"ß": "ss"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str, *, umlauts: bool = True) -> str:
    """Lower case, ß as ss, umlauts as ae/oe/ue (with ``umlauts=False`` they lose their dots,
    ä → a, as people type them), other accents removed; every run of characters that is not
    a–z or 0–9 becomes one space, none at the ends."""
    lowered = text.lower().translate(_UMLAUTS if umlauts else _SHARP_S)
    if not lowered.isascii():
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_ALNUM.sub(" ", lowered).strip()


def slug(text: str, *, max_length: int = 70, default: str = "eintrag") -> str:
    """A readable address part: umlauts as ae/oe/ue and ß as ss ("Straße" → "strasse", also for
    a capital ẞ), then Django's slugify; cut to ``max_length``."""
    return slugify(text.lower().translate(_UMLAUTS))[:max_length].strip("-") or default


def unique_slug(
    text: str, *, model, field: str = "slug", exclude_pk=None, default: str = "eintrag"
) -> str:
    """:func:`slug` of the text, with "-2", "-3", … when another row of the model has it."""
    base = slug(text, default=default)
    rows = model._default_manager.all()
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    candidate, number = base, 2
    while rows.filter(**{field: candidate}).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate
