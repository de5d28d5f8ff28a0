# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The publiccode.yml schema (0.7) for decoding, and the vocabularies the field rules use."""

from __future__ import annotations

import re
from typing import Any

# ---------------------------------------------------------------------------------------------
# Schema (field order = the reference's struct order, which fixes the order of results)

STR = "s"
BOOL = "b"
STR_OR_LIST = "sl"


def _struct(*fields: tuple[str, Any]) -> tuple[str, dict[str, Any]]:
    return ("o", dict(fields))


def _list(item: Any) -> tuple[str, Any]:
    return ("l", item)


def _map(value: Any) -> tuple[str, Any]:
    return ("m", value)


_ORGANISATION = _struct(("name", STR), ("uri", STR))
_DEPENDENCY = _struct(
    ("name", STR), ("versionMin", STR), ("versionMax", STR), ("optional", BOOL), ("version", STR)
)
_DESCRIPTION = _struct(
    ("localisedName", STR),
    ("genericName", STR),
    ("shortDescription", STR),
    ("longDescription", STR),
    ("documentation", STR),
    ("apiDocumentation", STR),
    ("features", _list(STR)),
    ("screenshots", _list(STR)),
    ("videos", _list(STR)),
    ("awards", _list(STR)),
)
_IT_SECTION = _struct(
    ("countryExtensionVersion", STR),
    (
        "conforme",
        _struct(
            ("lineeGuidaDesign", BOOL),
            ("modelloInteroperabilita", BOOL),
            ("misureMinimeSicurezza", BOOL),
            ("gdpr", BOOL),
        ),
    ),
    ("riuso", _struct(("codiceIPA", STR))),
    (
        "piattaforme",
        _struct(("spid", BOOL), ("pagopa", BOOL), ("cie", BOOL), ("anpr", BOOL), ("io", BOOL)),
    ),
)
SCHEMA = _struct(
    ("publiccodeYmlVersion", STR),
    ("name", STR),
    ("applicationSuite", STR),
    ("url", STR),
    ("landingURL", STR),
    ("isBasedOn", STR_OR_LIST),
    ("softwareVersion", STR),
    ("releaseDate", STR),
    ("logo", STR),
    ("monochromeLogo", STR),
    ("organisation", _ORGANISATION),
    ("inputTypes", _list(STR)),
    ("outputTypes", _list(STR)),
    ("platforms", _list(STR)),
    ("categories", _list(STR)),
    ("usedBy", _list(STR)),
    ("fundedBy", _list(_ORGANISATION)),
    ("roadmap", STR),
    ("developmentStatus", STR),
    ("softwareType", STR),
    ("supports", _list(_struct(("id", STR)))),
    (
        "intendedAudience",
        _struct(
            ("scope", _list(STR)),
            ("countries", _list(STR)),
            ("unsupportedCountries", _list(STR)),
        ),
    ),
    ("description", _map(_DESCRIPTION)),
    (
        "legal",
        _struct(
            ("license", STR),
            ("mainCopyrightOwner", STR),
            ("repoOwner", STR),
            ("authorsFile", STR),
        ),
    ),
    (
        "maintenance",
        _struct(
            ("type", STR),
            (
                "contractors",
                _list(_struct(("name", STR), ("email", STR), ("website", STR), ("until", STR))),
            ),
            (
                "contacts",
                _list(_struct(("name", STR), ("email", STR), ("affiliation", STR), ("phone", STR))),
            ),
        ),
    ),
    ("localisation", _struct(("localisationReady", BOOL), ("availableLanguages", _list(STR)))),
    (
        "dependsOn",
        _struct(
            ("open", _list(_DEPENDENCY)),
            ("proprietary", _list(_DEPENDENCY)),
            ("hardware", _list(_DEPENDENCY)),
        ),
    ),
    ("IT", _IT_SECTION),
    ("it", _IT_SECTION),
)

SUPPORTED_VERSIONS = (
    "0",
    "0.2",
    "0.2.0",
    "0.2.1",
    "0.2.2",
    "0.3",
    "0.3.0",
    "0.4",
    "0.4.0",
    "0.5.0",
    "0.5",
    "0.7.0",
    "0.7",
)
DEVELOPMENT_STATUS = ("concept", "development", "beta", "stable", "obsolete")
SOFTWARE_TYPES = (
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
)
MAINTENANCE_TYPES = ("internal", "contract", "community", "none")
IT_EXTENSION_VERSIONS = ("0.2", "1.0")
ALPHA_KEY_RE = re.compile(r"[A-Za-z]+\Z")
