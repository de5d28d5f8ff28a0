# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Result types and the message catalogue (English reference wording plus German).

Every result carries a message ``code`` and its ``params``; the English text follows the
wording of the reference parser (italia/publiccode-parser-go) wherever it is clear, because the
agreement tests compare it, and :func:`describe_de` renders the German text shown in the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CATEGORIES_URL = (
    "https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/categories-list.rst"
)
SCOPE_URL = "https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/scope-list.rst"
ALIASES_URL = (
    "https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/aliases-list.rst"
)
IPA_URL = "https://github.com/publiccodeyml/italian-organizations-ipa-vocabulary"

# code -> (English template, German template)
MESSAGES: dict[str, tuple[str, str]] = {
    # document level
    "read_error": (
        "Can't read the stream: {reason}",
        "Die Datei kann nicht gelesen werden: {reason}",
    ),
    "too_large": (
        "file too large: {size} bytes (the limit is {limit} bytes)",
        "Datei zu groß: {size} Bytes (erlaubt sind höchstens {limit} Bytes)",
    ),
    "invalid_utf8": ("Invalid UTF-8", "Ungültiges UTF-8: die Datei muss UTF-8-kodiert sein"),
    "yaml_syntax": ("{reason}", "YAML-Syntaxfehler: {reason}"),
    "too_complex": (
        "document too complex: more than {limit} YAML nodes to check (alias expansion?)",
        "Dokument zu komplex: mehr als {limit} YAML-Knoten zu prüfen (Alias-Expansion?)",
    ),
    "too_many_results": (
        "too many problems: only the first {limit} are reported",
        "Zu viele Probleme: nur die ersten {limit} werden gemeldet",
    ),
    "multiple_docs": (
        "multiple YAML documents in one file are not supported",
        "Mehrere YAML-Dokumente in einer Datei werden nicht unterstützt",
    ),
    "unsupported_version": (
        "unsupported version: '{version}'. Supported versions: {supported}",
        "Nicht unterstützte Version: '{version}'. Unterstützte Versionen: {supported}",
    ),
    "old_version": (
        "v{version} is not the latest version, use '0'. Parsing this file as v0.7.",
        "v{version} ist nicht die aktuelle Version, verwenden Sie '0'. "
        "Die Datei wird als v0.7 geprüft.",
    ),
    # decoding
    "wrong_type": ("wrong type for this field", "Falscher Typ für dieses Feld"),
    "unknown_field": ('unknown field "{name}"', 'Unbekanntes Feld "{name}"'),
    "duplicate_key": (
        'mapping key "{name}" already defined at [{line}:{column}]',
        'Schlüssel "{name}" ist bereits in Zeile {line}, Spalte {column} definiert',
    ),
    # field rules
    "required": ("{f} is a required field", "{f} ist ein Pflichtfeld"),
    "required_if": (
        '{f} is a required field when "type" is "{value}"',
        '{f} ist ein Pflichtfeld, wenn "type" den Wert "{value}" hat',
    ),
    "excluded_unless": (
        '{f} must not be present unless "type" is "contract"',
        '{f} darf nur angegeben werden, wenn "type" den Wert "contract" hat',
    ),
    "gt0": ("{f} must contain more than 0 items", "{f} muss mindestens einen Eintrag enthalten"),
    "oneof": (
        "{f} must be one of the following: {choices}",
        "{f} muss einer der folgenden Werte sein: {choices_de}",
    ),
    "max_len": (
        "{f} must be a maximum of {n} characters in length",
        "{f} darf höchstens {n} Zeichen lang sein",
    ),
    "min_len": (
        "{f} must be at least {n} characters in length",
        "{f} muss mindestens {n} Zeichen lang sein",
    ),
    "url": ("{f} must be a valid URL", "{f} muss eine gültige URL sein"),
    "http_url": ("{f} must be an HTTP URL", "{f} muss eine HTTP(S)-URL sein"),
    "date": (
        "{f} must be a date with format 'YYYY-MM-DD'",
        "{f} muss ein Datum im Format 'JJJJ-MM-TT' sein",
    ),
    "email": ("{f} must be a valid email address", "{f} muss eine gültige E-Mail-Adresse sein"),
    "license": (
        "{f} must be a valid license (see https://spdx.org/licenses)",
        "{f} muss eine gültige Lizenz sein (siehe https://spdx.org/licenses)",
    ),
    "category": (
        "{f} must be a valid category (see " + CATEGORIES_URL + ")",
        "{f} muss eine gültige Kategorie sein (siehe " + CATEGORIES_URL + ")",
    ),
    "scope": (
        "{f} must be a valid scope (see " + SCOPE_URL + ")",
        "{f} muss ein gültiger Anwendungsbereich sein (siehe " + SCOPE_URL + ")",
    ),
    "country": (
        "{f} must be a valid ISO 3166-1 alpha-2 two-letter country code",
        "{f} muss ein gültiger zweibuchstabiger Ländercode nach ISO 3166-1 alpha-2 sein",
    ),
    "bcp47": (
        "{f} must be a valid BCP 47 language",
        "{f} muss ein gültiges Sprachkennzeichen nach BCP 47 sein (z. B. 'de' oder 'de-AT')",
    ),
    "mime": ("{f} is not a valid MIME type", "{f} ist kein gültiger MIME-Typ"),
    "uri": ("{f} is not a valid URI", "{f} ist keine gültige URI"),
    "ipa_uri": (
        "{f} must be a valid Italian Public Administration Code (iPA) with format "
        "'urn:x-italian-pa:[codiceIPA]' (see " + IPA_URL + ")",
        "{f} muss ein gültiger Code der italienischen öffentlichen Verwaltung (iPA) im Format "
        "'urn:x-italian-pa:[codiceIPA]' sein (siehe " + IPA_URL + ")",
    ),
    "ipa_code": (
        "{f} must be a valid Italian Public Administration Code (iPA) (see " + IPA_URL + ")",
        "{f} muss ein gültiger Code der italienischen öffentlichen Verwaltung (iPA) sein "
        "(siehe " + IPA_URL + ")",
    ),
    "supports_id": (
        "{f} must be a known alias ('alias:<name>') or a valid URI (URL or URN)",
        "{f} muss ein bekannter Alias ('alias:<name>') oder eine gültige URI (URL oder URN) sein",
    ),
    "supports_alias": (
        "{f} contains an unknown alias (see " + ALIASES_URL + ")",
        "{f} enthält einen unbekannten Alias (siehe " + ALIASES_URL + ")",
    ),
    # deprecations and other extra checks
    "deprecated_drop": (
        "This key is DEPRECATED and will be removed in the future. It's safe to drop it",
        "Dieser Schlüssel ist VERALTET und wird künftig entfernt. Er kann gefahrlos "
        "gelöscht werden",
    ),
    "deprecated_logo": (
        "This key is DEPRECATED and will be removed in the future. Use 'logo' instead",
        "Dieser Schlüssel ist VERALTET und wird künftig entfernt. Verwenden Sie stattdessen 'logo'",
    ),
    "deprecated_repo_owner": (
        "This key is DEPRECATED and will be removed in the future. Use 'organisation.name' instead",
        "Dieser Schlüssel ist VERALTET und wird künftig entfernt. Verwenden Sie stattdessen "
        "'organisation.name'",
    ),
    "deprecated_codice_ipa": (
        "This key is DEPRECATED and will be removed in the future. Use 'organisation.uri' and "
        "set it to 'urn:x-italian-pa:{code}' instead",
        "Dieser Schlüssel ist VERALTET und wird künftig entfernt. Setzen Sie stattdessen "
        "'organisation.uri' auf 'urn:x-italian-pa:{code}'",
    ),
    "lowercase_country": (
        "Lowercase country codes are DEPRECATED. Use uppercase instead ('{upper}')",
        "Ländercodes in Kleinbuchstaben sind VERALTET. Verwenden Sie Großbuchstaben ('{upper}')",
    ),
    "lowercase_it": (
        "Lowercase country codes are DEPRECATED and will be removed in the future. "
        "Use 'IT' instead",
        "Ländercodes in Kleinbuchstaben sind VERALTET und werden künftig entfernt. "
        "Verwenden Sie 'IT'",
    ),
    "it_duplicated": (
        "'IT' key already present. Remove this key",
        "Der Schlüssel 'IT' ist bereits vorhanden. Entfernen Sie diesen Schlüssel",
    ),
    # files
    "absolute_path": (
        "is an absolute path. Only relative paths or HTTP(s) URLs allowed",
        "ist ein absoluter Pfad. Erlaubt sind nur relative Pfade oder HTTP(S)-URLs",
    ),
    "file_url": (
        "is a file:// URL. Only relative paths or HTTP(s) URLs allowed",
        "ist eine file://-URL. Erlaubt sind nur relative Pfade oder HTTP(S)-URLs",
    ),
    "outside_repo": (
        "'{value}' points outside the repository",
        "'{value}' zeigt auf eine Datei außerhalb des Repositorys",
    ),
    "bad_extension": (
        "invalid file extension for: {path}",
        "Ungültige Dateiendung für: {path}",
    ),
    "no_such_file": ("no such file: {path}", "Datei nicht gefunden: {path}"),
    "image_unknown_format": ("image: unknown format", "Bild: unbekanntes Format"),
    "png_invalid": ("png: invalid format: {reason}", "PNG: ungültiges Format: {reason}"),
    "not_an_image": (
        "'{value}' is not an image: {reason}",
        "'{value}' ist kein Bild: {reason_de}",
    ),
    "authors_missing": (
        "'{path}' does not exist: no such file: {path}",
        "'{path}' existiert nicht: Datei nicht gefunden: {path}",
    ),
    "video_oembed": (
        "'{value}' is not a valid video URL supporting oEmbed: invalid oEmbed link: {value}",
        "'{value}' ist keine gültige Video-URL mit oEmbed-Unterstützung",
    ),
    # network
    "not_reachable": (
        "'{value}' not reachable: {reason}",
        "'{value}' ist nicht erreichbar: {reason}",
    ),
    "remote_failed": ("{reason}", "Abruf fehlgeschlagen: {reason}"),
    "not_repository": ("is not a valid code repository", "ist kein gültiges Code-Repository"),
    "http_failed": (
        "HTTP GET failed for {url}: {reason}",
        "HTTP-GET fehlgeschlagen für {url}: {reason}",
    ),
}


def describe(code: str, params: dict[str, Any]) -> str:
    """English description for a message code."""
    return MESSAGES[code][0].format(**params)


def describe_de(code: str, params: dict[str, Any]) -> str:
    """German description for a message code (falls back to English for unknown codes)."""
    entry = MESSAGES.get(code)
    if entry is None:
        return str(params.get("description", code))
    values = dict(params)
    values.setdefault("reason_de", values.get("reason", ""))
    values.setdefault("choices_de", values.get("choices", ""))
    return entry[1].format(**values)


def oneof_choices(values: list[str]) -> tuple[str, str]:
    """``"a", "b" or "c"`` in English and ``"a", "b" oder "c"`` in German."""
    quoted = [f'"{v}"' for v in values]
    if len(quoted) == 1:
        return quoted[0], quoted[0]
    head = ", ".join(quoted[:-1])
    return f"{head} or {quoted[-1]}", f"{head} oder {quoted[-1]}"


@dataclass(slots=True)
class Result:
    """One error or warning, shaped like the reference parser's results."""

    type: str  # "error" | "warning"
    key: str
    description: str
    line: int = 0
    column: int = 0
    code: str = ""
    params: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_error(self) -> bool:
        return self.type == "error"

    @property
    def description_de(self) -> str:
        if not self.code:
            return self.description
        return describe_de(self.code, self.params)

    def to_dict(self, *, german: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "type": self.type,
            "key": self.key,
            "description": self.description,
            "line": self.line,
            "column": self.column,
        }
        if german:
            data["description_de"] = self.description_de
        return data


@dataclass(slots=True)
class ValidationResult:
    """Outcome of :func:`stadtnetz.publiccode.validate`.

    ``valid`` is true when there is no error (warnings are allowed); ``document`` is the parsed
    publiccode.yml as plain Python data (only the keys that decoded without a type error), or
    ``None`` when the document could not be parsed at all.
    """

    results: list[Result]
    document: dict[str, Any] | None = None
    version: str | None = None

    @property
    def valid(self) -> bool:
        return not any(r.type == "error" for r in self.results)

    @property
    def errors(self) -> list[Result]:
        return [r for r in self.results if r.type == "error"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.type == "warning"]

    def to_list(self, *, german: bool = False) -> list[dict[str, Any]]:
        return [r.to_dict(german=german) for r in self.results]
