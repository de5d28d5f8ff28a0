# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Catalog fields from a parsed publiccode.yml (any version the validator accepts).

The document may be partial (keys with type errors are missing) or odd, so every access is
defensive: a field that is not of the expected shape is simply left empty.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any
from urllib.parse import urlsplit

from django.utils.text import slugify

from stadtnetz.publiccode.formats import is_http_url

MAX_LIST = 50


def _str(value: Any, limit: int = 500) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(str(value).split())[:limit] if limit <= 500 else str(value)[:limit]
    return ""


def _list(value: Any) -> list:
    if isinstance(value, list):
        return value[:MAX_LIST]
    if isinstance(value, str) and value:
        return [value]
    return []


def _strings(value: Any, limit: int = 120) -> list[str]:
    out: list[str] = []
    for item in _list(value):
        text = _str(item, limit)
        if text and text not in out:
            out.append(text)
    return out


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _people(value: Any, keys: tuple[str, ...]) -> list[dict[str, str]]:
    people = []
    for item in _list(value):
        item = _dict(item)
        person = {key: _str(item.get(key), 200) for key in keys}
        if any(person.values()):
            people.append(person)
    return people


def http_url(value: str) -> str:
    """The value if it is an http(s) address with a host, else "" (``javascript:``, ``data:``,
    ``file:`` … are never stored as links; issue 14 item 14)."""
    return value[:500] if value and is_http_url(value) else ""


def absolute_url(repository_url: str, path: str) -> str:
    """A logo or screenshot path as a web address (relative paths point into the repository)."""
    if not path:
        return ""
    if urlsplit(path).scheme:
        return http_url(path)
    if ":" in path.split("/", 1)[0] or not repository_url.startswith("https://"):
        return ""
    clean = posixpath.normpath("/" + path).lstrip("/")
    if repository_url.startswith("https://github.com/"):
        return f"{repository_url}/blob/HEAD/{clean}"[:500]
    return f"{repository_url}/-/raw/HEAD/{clean}"[:500]


def fields(document: dict | None, repository_url: str, fallback_name: str) -> dict[str, Any]:
    doc = _dict(document)
    description = _dict(doc.get("description"))

    def lang(code: str) -> dict:
        return _dict(description.get(code)) or next(
            (_dict(v) for k, v in description.items() if str(k).lower().startswith(code)), {}
        )

    de, en = lang("de"), lang("en")
    first = de or en or next((_dict(v) for v in description.values() if _dict(v)), {})
    legal = _dict(doc.get("legal"))
    maintenance = _dict(doc.get("maintenance"))
    audience = _dict(doc.get("intendedAudience"))
    localisation = _dict(doc.get("localisation"))
    organisation = _dict(doc.get("organisation"))
    name = (_str(de.get("localisedName")) or _str(doc.get("name"), 300)
            or _str(first.get("localisedName")) or fallback_name)  # fmt: skip
    publisher = (_str(organisation.get("name"), 300) or _str(legal.get("repoOwner"), 300)
                 or _str(legal.get("mainCopyrightOwner"), 300))  # fmt: skip
    if not publisher and repository_url.startswith("https://"):
        parts = urlsplit(repository_url).path.strip("/").split("/")
        publisher = parts[0] if parts and parts[0] else ""
    screenshots = [absolute_url(repository_url, s) for s in _strings(first.get("screenshots"), 500)]
    return {
        "name": name[:300],
        "licence": _str(legal.get("license"), 300),
        "development_status": _str(doc.get("developmentStatus"), 30),
        "software_type": _str(doc.get("softwareType"), 40),
        "categories": _strings(doc.get("categories")),
        "platforms": _strings(doc.get("platforms")),
        "maintenance_type": _str(maintenance.get("type"), 20),
        "maintenance_contractors": [
            {**person, "website": http_url(person.get("website", ""))}
            for person in _people(
                maintenance.get("contractors"), ("name", "until", "email", "website")
            )
        ],
        "maintenance_contacts": _people(
            maintenance.get("contacts"), ("name", "email", "phone", "affiliation")
        ),
        "languages": _strings(localisation.get("availableLanguages"), 20),
        "countries": [c.upper() for c in _strings(audience.get("countries"), 8)],
        "used_by": _strings(doc.get("usedBy"), 300),
        "short_description_de": _str(de.get("shortDescription")),
        "long_description_de": _str(de.get("longDescription"), 10_000),
        "short_description_en": _str(en.get("shortDescription")),
        "long_description_en": _str(en.get("longDescription"), 10_000),
        "features": _strings(first.get("features"), 300),
        "documentation_url": http_url(_str(first.get("documentation"))),
        "logo_url": absolute_url(repository_url, _str(doc.get("logo"))),
        "screenshot_urls": [s for s in screenshots if s],
        "landing_url": http_url(_str(doc.get("landingURL"))),
        "is_based_on": [u for u in _strings(doc.get("isBasedOn"), 500) if http_url(u)],
        "publisher_name": publisher[:300],
        "publisher_slug": slugify(publisher)[:120],
        "publiccode_version": _str(doc.get("publiccodeYmlVersion"), 20),
        "declared_url": _str(doc.get("url")),
    }


AGS_IN_TEXT = re.compile(r"(?<!\d)(\d{8})(?!\d)")
