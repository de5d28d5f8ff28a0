# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Format checks used by the field rules: URLs, dates, e-mail, SPDX expressions, BCP 47 tags,
country codes, MIME types, organisation URIs, ``supports`` ids, oEmbed video URLs and
grapheme-cluster lengths.

The vocabularies live in ``data/`` (see ``data/SOURCE.md``) and are loaded lazily, once.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import regex

from . import spdx


def _data_text(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


@cache
def vocabularies() -> dict[str, Any]:
    data = json.loads(_data_text("vocabularies.json"))
    data["categories_set"] = frozenset(data["categories"])
    data["scopes_set"] = frozenset(data["scopes"])
    data["aliases_set"] = frozenset(data["supports_aliases"])
    return data


@cache
def _iso() -> dict[str, frozenset[str]]:
    data = json.loads(_data_text("iso_codes.json"))
    reg = json.loads(_data_text("bcp47_registry.json"))
    return {
        "lang2": frozenset(x.upper() for x in data["languages_2"]),
        "lang3": frozenset(x.upper() for x in data["languages_3"]),
        "scripts": frozenset(x.upper() for x in data["scripts"]),
        "regions": frozenset(data["iso3166_alpha2"]) | frozenset(reg["extra_regions"]),
        "countries": frozenset(data["iso3166_alpha2"]),
        "m49": frozenset(reg["m49"]),
    }


@cache
def _bcp47_registry() -> dict[str, dict[str, list[str]]]:
    reg = json.loads(_data_text("bcp47_registry.json"))
    return {"variants": reg["variants"], "extlangs": reg["extlangs"]}


@cache
def ipa_codes() -> frozenset[str]:
    return frozenset(
        line.strip().lower() for line in _data_text("ipa_codes.txt").splitlines() if line.strip()
    )


@cache
def _oembed_regex() -> re.Pattern[str]:
    schemes = json.loads(_data_text("oembed_schemes.json"))
    parts = [".*".join(re.escape(p) for p in scheme.split("*")) for scheme in schemes]
    return re.compile("(?:" + "|".join(parts) + r")\Z", re.DOTALL)


# --------------------------------------------------------------------------------------------
# URLs

_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):(.*)\Z", re.DOTALL)
_BAD_URL_CHARS = re.compile(r"[\x00-\x20\x7f]|%(?![0-9A-Fa-f]{2})")


def _split_url(value: str) -> tuple[str, str, str] | None:
    """(scheme, host, rest) for an absolute URI, or None when it is not one."""
    m = _SCHEME_RE.match(value)
    if not m or _BAD_URL_CHARS.search(value):
        return None
    scheme, rest = m.group(1).lower(), m.group(2)
    host = ""
    if rest.startswith("//"):
        authority = rest[2:]
        for sep in "/?#":
            authority = authority.split(sep, 1)[0]
        host = authority.rsplit("@", 1)[-1]
        if host.startswith("["):
            if "]" not in host:
                return None
        elif host.count(":") > 1:
            return None
        else:
            port = host.partition(":")[2]
            if port and not port.isdigit():
                return None
            host = host.partition(":")[0]
    return scheme, host, rest


def is_url(value: str) -> bool:
    """An absolute URI with a host (``https://…``) or an opaque part (``urn:…``, ``mailto:…``)."""
    parts = _split_url(value)
    if parts is None:
        return False
    _scheme, host, rest = parts
    if rest.startswith("//"):
        return bool(host) or "#" in rest
    return bool(rest)


def is_http_url(value: str) -> bool:
    parts = _split_url(value)
    return parts is not None and parts[0] in ("http", "https") and bool(parts[1])


_URN_RE = re.compile(r"urn:[A-Za-z0-9][A-Za-z0-9\-]{0,31}:\S+\Z", re.IGNORECASE)


def organisation_uri_problem(value: str) -> str | None:
    """None if ``value`` is an acceptable organisation URI, else the message code."""
    if value[:17].lower() == "urn:x-italian-pa:":
        code = value[17:]
        return None if code.lower() in ipa_codes() else "ipa_uri"
    if _URN_RE.match(value):
        return None
    if is_url(value) and value.split(":", 1)[1].startswith("//"):
        return None
    return "uri"


def supports_id_problem(value: str) -> str | None:
    if value.startswith("alias:"):
        return None if value[6:] in vocabularies()["aliases_set"] else "supports_alias"
    if _URN_RE.match(value) or is_url(value):
        return None
    return "supports_id"


# --------------------------------------------------------------------------------------------
# Dates, e-mail, MIME types, countries

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def is_date(value: str) -> bool:
    if not _DATE_RE.match(value):
        return False
    try:
        _dt.date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        return False
    return True


_EMAIL_RE = re.compile(
    r"(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u00a0-\uffff]+"
    r"(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u00a0-\uffff]+)*"
    r'|"[^"\\\r\n]*")'
    r"@(?:[A-Za-z0-9\u00a0-\uffff](?:[A-Za-z0-9\-\u00a0-\uffff]{0,61}[A-Za-z0-9\u00a0-\uffff])?"
    r"(?:\.[A-Za-z0-9\u00a0-\uffff](?:[A-Za-z0-9\-\u00a0-\uffff]{0,61}[A-Za-z0-9\u00a0-\uffff])?)*"
    r"|\[[0-9.:A-Fa-f]+\])\Z"
)


def is_email(value: str) -> bool:
    return len(value) <= 320 and bool(_EMAIL_RE.match(value))


_MIME_RE = re.compile(
    r" *[A-Za-z0-9][A-Za-z0-9!#$&^_\-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+\-]{0,126} *\Z"
)


def is_mime(value: str) -> bool:
    return bool(_MIME_RE.match(value))


def is_country(value: str) -> bool:
    """ISO 3166-1 alpha-2, all upper case or all lower case (``Fr`` is rejected)."""
    if len(value) != 2 or not (value.isupper() or value.islower()):
        return False
    return value.upper() in _iso()["countries"]


# --------------------------------------------------------------------------------------------
# SPDX licence expressions


def is_spdx_expression(value: str) -> bool:
    """SPDX licence expression: ids (current or deprecated), ``+``, ``LicenseRef-…``,
    ``WITH`` exceptions, ``AND``/``OR`` and parentheses (parsed by license-expression,
    see :mod:`.spdx`)."""
    return spdx.is_expression(value)


# --------------------------------------------------------------------------------------------
# BCP 47

_LANGTAG_RE = re.compile(
    r"(?:(EN-GB-OED|I-AMI|I-BNN|I-DEFAULT|I-ENOCHIAN|I-HAK|I-KLINGON|I-LUX|I-MINGO|I-NAVAJO"
    r"|I-PWN|I-TAO|I-TAY|I-TSU|SGN-BE-FR|SGN-BE-NL|SGN-CH-DE|ART-LOJBAN|CEL-GAULISH|NO-BOK"
    r"|NO-NYN|ZH-GUOYU|ZH-HAKKA|ZH-MIN|ZH-MIN-NAN|ZH-XIANG|X-[A-Z0-9]{1,8})"
    r"|((?:[A-Z]{2,3}(?:-[A-Z]{3}){0,3})|[A-Z]{4}|[A-Z]{5,8})"
    r"(?:-([A-Z]{4}))?"
    r"(?:-([A-Z]{2}|[0-9]{3}))?"
    r"(?:-((?:[A-Z0-9]{5,8}|[0-9][A-Z0-9]{3})(?:-(?:[A-Z0-9]{5,8}|[0-9][A-Z0-9]{3}))*))?"
    r"(?:-((?:[A-WYZ0-9](?:-[A-Z0-9]{2,8})+)(?:-(?:[A-WYZ0-9](?:-[A-Z0-9]{2,8})+))*))?"
    r"(?:-X(?:-[A-Z0-9]{1,8})+)?)\Z"
)


def _known_base_language(code: str) -> bool:
    iso = _iso()
    if len(code) == 2:
        return code in iso["lang2"]
    return code in iso["lang3"]


def _prefix_ok(prefixes: list[str], tag_lower: str) -> bool:
    return not prefixes or any((tag_lower + "-").startswith(p.lower() + "-") for p in prefixes)


@lru_cache(maxsize=4096)
def is_bcp47(value: str) -> bool:
    """Strict BCP 47 language tag: well-formed and made of registered subtags.

    ``en_GB`` (POSIX), ``ita`` (a three-letter code that has a two-letter one) and ``xxx``
    (not a language) are rejected, as by the reference parser.
    """
    if not value.isascii() or len(value) > 100:
        return False
    tag = value.upper()
    m = _LANGTAG_RE.match(tag)
    if not m:
        return False
    irregular, lang, script, region, variant, _ext = m.groups()
    if irregular:
        return True
    tag_lower = value.lower()
    if "-" not in lang and len(lang) > 3:
        return False
    parts = lang.split("-")
    if not _known_base_language(parts[0]):
        return False
    extlangs = _bcp47_registry()["extlangs"]
    for ext in parts[1:]:
        prefixes = extlangs.get(ext.lower())
        if prefixes is None or not _prefix_ok(prefixes, tag_lower):
            return False
    iso = _iso()
    if script and script not in iso["scripts"]:
        return False
    if region and region not in (iso["regions"] if len(region) == 2 else iso["m49"]):
        return False
    if variant:
        variants = _bcp47_registry()["variants"]
        for v in variant.lower().split("-"):
            prefixes = variants.get(v)
            if prefixes is None or not _prefix_ok(prefixes, tag_lower):
                return False
    return True


# --------------------------------------------------------------------------------------------
# oEmbed


def is_oembed_video(value: str) -> bool:
    # The schemes contain wildcards: cap the length so matching stays cheap on hostile input.
    return len(value) <= 2048 and bool(_oembed_regex().match(value))


# --------------------------------------------------------------------------------------------
# Length in grapheme clusters (Unicode UAX #29 extended grapheme clusters, by the regex module)

_GRAPHEME_RE = regex.compile(r"\X")


def grapheme_len(value: str) -> int:
    """Number of user-perceived characters (extended grapheme clusters), as the reference counts."""
    if value.isascii():  # in ASCII only CR LF is a cluster of two
        return len(value) - value.count("\r\n")
    return len(_GRAPHEME_RE.findall(value))
