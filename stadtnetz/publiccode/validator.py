# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""publiccode.yml parser and validator (pure Python, no Django).

Stages, in the order of the reference parser (italia/publiccode-parser-go v5):

A. document: size limit, UTF-8, YAML syntax, one document only, ``publiccodeYmlVersion``
   present, a string, supported; a warning when it is not ``"0"`` or 0.7.
B. decoding against the schema: unknown keys and wrong types. Like the reference only the
   *first* decoding problem is reported, and the section that contains it is dropped, so the
   field rules below may report follow-up errors (``name`` wrong type → ``name`` required).
C. field rules: mandatory keys, enums, vocabularies, SPDX, BCP 47, dates, URLs, e-mail,
   lengths in grapheme clusters, maintenance conditions.
D. extra checks: deprecations, lowercase country codes, the ``it``/``IT`` section, logo,
   screenshots and authorsFile relative to ``base_path``, oEmbed video URLs; with
   ``network=True`` also URL reachability and remote files.

Every ``0.x`` version is checked with the rules of 0.7, as the reference does.

Limits on hostile input (all produce a clear error, never an exception):

* ``max_bytes`` (default 512 KiB) — larger input is refused before parsing;
* invalid UTF-8 is refused before parsing;
* input above 64 KiB whose YAML indicators (``:``, ``,``, ``[``, ``{``, ``?``, ``- ``) could
  make more than ``2 * MAX_INDICATORS`` (100,000) nodes is refused before parsing, which bounds
  the memory of the node tree (about 40 MB in the worst case);
* nesting deeper than libyaml's limit (1000 levels) is a YAML error;
* aliases are never expanded into copies; the schema walk visits at most ``MAX_NODES``
  (200,000) nodes, so an alias bomb ends with "document too complex";
* at most ``MAX_RESULTS`` (1,000) results are reported.

Measured worst cases at the default limits are in docs/publiccode-validator.md.
"""

from __future__ import annotations

import os
import re
from typing import Any

import yaml

from . import files, formats, network
from .messages import MESSAGES, Result, ValidationResult, describe, oneof_choices

DEFAULT_MAX_BYTES = 512 * 1024
MAX_NODES = 200_000
MAX_INDICATORS = 50_000
_PRECHECK_BYTES = 64 * 1024
MAX_RESULTS = 1_000
DEFAULT_TIMEOUT = 10.0

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Scalar = yaml.ScalarNode
_Sequence = yaml.SequenceNode
_Mapping = yaml.MappingNode
_MERGE_TAG = "tag:yaml.org,2002:merge"

ABSENT: Any = object()

# ---------------------------------------------------------------------------------------------
# Scalars are typed with the YAML 1.2 core schema (``yes``/``no``/``on``/``off`` are strings).

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NUMBER_RE = re.compile(
    r"[-+]?(?:[0-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)"
    r"|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_NUMBER_START = frozenset("0123456789+-.")


def scalar_kind(node: yaml.ScalarNode) -> str:
    """``null``, ``bool``, ``number`` or ``str``."""
    if node.style:
        return "str"
    value = node.value
    if value in _NULLS:
        return "null"
    if value in _BOOLS:
        return "bool"
    if value[0] in _NUMBER_START and _NUMBER_RE.fullmatch(value):
        return "number"
    return "str"


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

_SUPPORTED_VERSIONS = (
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
_DEVELOPMENT_STATUS = ("concept", "development", "beta", "stable", "obsolete")
_SOFTWARE_TYPES = (
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
_MAINTENANCE_TYPES = ("internal", "contract", "community", "none")
_IT_EXTENSION_VERSIONS = ("0.2", "1.0")
_ALPHA_KEY_RE = re.compile(r"[A-Za-z]+\Z")


class _DecodeError(Exception):
    def __init__(self, line: int, code: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.line = line
        self.code = code
        self.params = params or {}


class _Abort(Exception):
    """Stop validating: the document exceeds a resource limit."""

    def __init__(self, code: str, params: dict[str, Any]) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# ---------------------------------------------------------------------------------------------
# Positions (same lookup rules as the reference: key node of a mapping entry, item node of a
# sequence; for a missing key the enclosing flow mapping or the first key of the block mapping)


def _pos(node: yaml.Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _split_part(part: str) -> tuple[str, int | None, str | None]:
    if part.endswith("]") and "[" in part:
        idx = part.rindex("[")
        inner = part[idx + 1 : -1]
        if inner.isdigit() and inner.isascii():
            return part[:idx], int(inner), None
        if inner:
            return part[:idx], None, inner
    return part, None, None


def find_key_position(root: yaml.Node | None, key: str) -> tuple[int, int]:
    """Line and column (1-based) for a result key such as ``maintenance.contacts[0].name``."""
    if root is None or not key:
        return 0, 0
    parts = key.split(".")
    node = root
    for _ in range(10_000):
        part = parts[0]
        base, index, string_key = _split_part(part)
        if isinstance(node, _Mapping):
            for key_node, value_node in node.value:
                if not isinstance(key_node, _Scalar) or key_node.value != base:
                    continue
                if index is not None:
                    if not isinstance(value_node, _Sequence) or index >= len(value_node.value):
                        return _pos(key_node)
                    element = value_node.value[index]
                    if len(parts) == 1:
                        return _pos(element)
                    node, parts = element, parts[1:]
                    break
                if string_key is not None:
                    node, parts = value_node, [string_key, *parts[1:]]
                    break
                if len(parts) == 1:
                    return _pos(key_node)
                node, parts = value_node, parts[1:]
                break
            else:
                if node.flow_style:
                    return _pos(node)
                if len(parts) == 1 and node.value:
                    return _pos(node.value[0][0])
                return 0, 0
        else:
            return _pos(node)
    return 0, 0


def find_key_at_line(root: yaml.Node | None, line: int) -> str:
    """Key path of the first mapping key or sequence item that starts on ``line``."""
    if root is None:
        return ""
    seen: set[int] = set()
    stack = [_walk_children(root, "")]
    steps = 0
    while stack and steps < MAX_NODES:
        steps += 1
        try:
            child, path, hit = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        if hit == line:
            return path
        if isinstance(child, (_Mapping, _Sequence)) and id(child) not in seen:
            seen.add(id(child))
            stack.append(_walk_children(child, path))
    return ""


def _walk_children(node: yaml.Node, prefix: str):
    if isinstance(node, _Mapping):
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, _Scalar) else ""
            path = f"{prefix}.{name}" if prefix else name
            yield value_node, path, key_node.start_mark.line + 1
    elif isinstance(node, _Sequence):
        for i, item in enumerate(node.value):
            yield item, f"{prefix}[{i}]", item.start_mark.line + 1


# ---------------------------------------------------------------------------------------------


def _last_segment(key: str) -> str:
    return key.rsplit(".", 1)[-1]


def _desc_key(lang: str) -> str:
    return f"description.{lang}" if _ALPHA_KEY_RE.match(lang) else f"description[{lang}]"


class _Run:
    def __init__(self, *, base_path: str | None, network: bool, timeout: float) -> None:
        self.base_path = base_path
        self.network = network
        self.timeout = timeout
        self.root: yaml.Node | None = None
        self.results: list[Result] = []
        self.budget = MAX_NODES
        self.duplicates_seen: set[int] = set()

    # -- results --------------------------------------------------------------------------

    def add(
        self,
        kind: str,
        key: str,
        code: str,
        params: dict[str, Any] | None = None,
        position: tuple[int, int] | None = None,
    ) -> None:
        if len(self.results) >= MAX_RESULTS:
            raise _Abort("too_many_results", {"limit": MAX_RESULTS})
        params = params or {}
        if "f" not in params and "{f}" in MESSAGES[code][0]:
            params["f"] = _last_segment(key)
        line, column = position if position is not None else find_key_position(self.root, key)
        self.results.append(Result(kind, key, describe(code, params), line, column, code, params))

    def error(self, key: str, code: str, /, **params: Any) -> None:
        self.add("error", key, code, params)

    def warning(self, key: str, code: str, /, **params: Any) -> None:
        self.add("warning", key, code, params)

    # -- stage B: decoding ----------------------------------------------------------------

    def decode(self, node: yaml.Node, spec: Any) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _Abort("too_complex", {"limit": MAX_NODES})
        if isinstance(node, _Scalar):
            kind = scalar_kind(node)
            if kind == "null":
                return ABSENT
            if spec == STR:
                return node.value
            if spec == BOOL:
                if kind == "bool":
                    return _BOOLS[node.value]
                raise _DecodeError(node.start_mark.line + 1, "wrong_type")
            if spec == STR_OR_LIST:
                return [node.value]
            raise _DecodeError(node.start_mark.line + 1, "wrong_type")
        if spec == STR or spec == BOOL:
            raise _DecodeError(node.start_mark.line + 1, "wrong_type")
        tag = spec[0] if isinstance(spec, tuple) else "l"
        if tag == "l":
            item_spec = STR if spec == STR_OR_LIST else spec[1]
            if not isinstance(node, _Sequence):
                raise _DecodeError(node.start_mark.line + 1, "wrong_type")
            return self._decode_list(node, item_spec)
        if not isinstance(node, _Mapping):
            raise _DecodeError(node.start_mark.line + 1, "wrong_type")
        if tag == "m":
            return self._decode_map(node, spec[1])
        return self._decode_struct(node, spec[1], top=False)

    def _decode_list(self, node: yaml.SequenceNode, item_spec: Any) -> list[Any]:
        out: list[Any] = []
        first: _DecodeError | None = None
        for item in node.value:
            try:
                value = self.decode(item, item_spec)
            except _DecodeError as exc:
                first = first or exc
                continue
            if value is ABSENT:
                value = "" if item_spec == STR else ({} if isinstance(item_spec, tuple) else None)
            out.append(value)
        if first is not None:
            raise first
        return out

    def _entries(self, node: yaml.MappingNode, depth: int = 0) -> list[tuple[Any, Any]]:
        pairs = node.value
        if not any(k.tag == _MERGE_TAG for k, _ in pairs):
            return pairs
        explicit = [(k, v) for k, v in pairs if k.tag != _MERGE_TAG]
        names = {k.value for k, _ in explicit if isinstance(k, _Scalar)}
        merged = list(explicit)
        for k, v in pairs:
            if k.tag != _MERGE_TAG or depth > 20:
                continue
            sources = v.value if isinstance(v, _Sequence) else [v]
            for source in sources:
                self.budget -= 1
                if self.budget < 0:
                    raise _Abort("too_complex", {"limit": MAX_NODES})
                if not isinstance(source, _Mapping):
                    raise _DecodeError(source.start_mark.line + 1, "wrong_type")
                for sk, sv in self._entries(source, depth + 1):
                    if isinstance(sk, _Scalar) and sk.value not in names:
                        names.add(sk.value)
                        merged.append((sk, sv))
        return merged

    def _keyed(self, node: yaml.MappingNode) -> dict[str, tuple[Any, Any]]:
        keyed: dict[str, tuple[Any, Any]] = {}
        for key_node, value_node in self._entries(node):
            if not isinstance(key_node, _Scalar):
                raise _DecodeError(key_node.start_mark.line + 1, "wrong_type")
            name = key_node.value
            if name in keyed:  # reported once per key node; the first value is kept
                if id(key_node) not in self.duplicates_seen:
                    self.duplicates_seen.add(id(key_node))
                    line, column = _pos(keyed[name][0])
                    self.add(
                        "error",
                        find_key_at_line(self.root, key_node.start_mark.line + 1),
                        "duplicate_key",
                        {"name": name, "line": line, "column": column},
                        position=_pos(key_node),
                    )
                continue
            keyed[name] = (key_node, value_node)
        return keyed

    def _decode_map(self, node: yaml.MappingNode, value_spec: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: _DecodeError | None = None
        for name, (_key_node, value_node) in self._keyed(node).items():
            try:
                value = self.decode(value_node, value_spec)
            except _DecodeError as exc:
                first = first or exc
                continue
            out[name] = {} if value is ABSENT else value
        if first is not None:
            raise first
        return out

    def _decode_struct(self, node: yaml.MappingNode, fields: dict[str, Any], *, top: bool):
        keyed = self._keyed(node)
        out: dict[str, Any] = {}
        first: _DecodeError | None = None
        for name, spec in fields.items():
            entry = keyed.get(name)
            if entry is None:
                continue
            try:
                value = self.decode(entry[1], spec)
            except _DecodeError as exc:
                first = first or exc
                continue
            if value is not ABSENT:
                out[name] = value
        if first is None:
            for name, (key_node, _value) in keyed.items():
                if name not in fields:
                    first = _DecodeError(
                        key_node.start_mark.line + 1, "unknown_field", {"name": name}
                    )
                    break
        if first is not None:
            if top:
                return out, first
            raise first
        return (out, None) if top else out

    # -- stage C: field rules -------------------------------------------------------------

    def rules(self, doc: dict[str, Any]) -> None:
        if not doc.get("name"):
            self.error("name", "required")
        url = doc.get("url")
        if url is None:
            self.error("url", "required")
        elif not formats.is_url(url):
            self.error("url", "url")
        elif not formats.is_http_url(url):
            # javascript:, data:, file: … would become links in catalogs (issue 14 item 14)
            self.error("url", "http_url")
        self._http_url(doc, "landingURL", "landingURL")
        for i, value in enumerate(doc.get("isBasedOn") or ()):
            if not formats.is_url(value):
                self.error(f"isBasedOn[{i}]", "url")
            elif not formats.is_http_url(value):
                self.error(f"isBasedOn[{i}]", "http_url")
        if "releaseDate" in doc and not formats.is_date(doc["releaseDate"]):
            self.error("releaseDate", "date")
        if "organisation" in doc:
            self._organisation(doc["organisation"], "organisation")
        for field in ("inputTypes", "outputTypes"):
            for i, value in enumerate(doc.get(field) or ()):
                if not formats.is_mime(value):
                    self.error(f"{field}[{i}]", "mime")
        if not doc.get("platforms"):
            self.error("platforms", "gt0")
        categories = formats.vocabularies()["categories_set"]
        for i, value in enumerate(doc.get("categories") or ()):
            if value not in categories:
                self.error(f"categories[{i}]", "category")
        for i, organisation in enumerate(doc.get("fundedBy") or ()):
            self._organisation(organisation, f"fundedBy[{i}]")
        self._http_url(doc, "roadmap", "roadmap")
        self._enum(doc, "developmentStatus", "developmentStatus", _DEVELOPMENT_STATUS)
        self._enum(doc, "softwareType", "softwareType", _SOFTWARE_TYPES)
        for i, item in enumerate(doc.get("supports") or ()):
            value = item.get("id")
            if not value:
                self.error(f"supports[{i}].id", "required")
            else:
                problem = formats.supports_id_problem(value)
                if problem:
                    self.error(f"supports[{i}].id", problem)
        audience = doc.get("intendedAudience")
        if audience:
            scopes = formats.vocabularies()["scopes_set"]
            for i, value in enumerate(audience.get("scope") or ()):
                if value not in scopes:
                    self.error(f"intendedAudience.scope[{i}]", "scope")
            for field in ("countries", "unsupportedCountries"):
                for i, value in enumerate(audience.get(field) or ()):
                    if not formats.is_country(value):
                        self.error(f"intendedAudience.{field}[{i}]", "country")
        self._description(doc.get("description") or {})
        license_ = (doc.get("legal") or {}).get("license")
        if not license_:
            self.error("legal.license", "required")
        elif not formats.is_spdx_expression(license_):
            self.error("legal.license", "license")
        self._maintenance(doc.get("maintenance") or {})
        localisation = doc.get("localisation") or {}
        if "localisationReady" not in localisation:
            self.error("localisation.localisationReady", "required")
        languages = localisation.get("availableLanguages")
        if languages is None:
            self.error("localisation.availableLanguages", "required")
        elif not languages:
            self.error("localisation.availableLanguages", "gt0")
        else:
            for i, value in enumerate(languages):
                if not formats.is_bcp47(value):
                    self.error(f"localisation.availableLanguages[{i}]", "bcp47")
                    break
        depends = doc.get("dependsOn") or {}
        for field in ("open", "proprietary", "hardware"):
            for i, dependency in enumerate(depends.get(field) or ()):
                if not dependency.get("name"):
                    self.error(f"dependsOn.{field}[{i}].name", "required")
        for section in ("IT", "it"):
            it = doc.get(section)
            if it is None:
                continue
            version = it.get("countryExtensionVersion")
            if version is not None and version not in _IT_EXTENSION_VERSIONS:
                self._oneof_error(f"{section}.countryExtensionVersion", _IT_EXTENSION_VERSIONS)
            code = (it.get("riuso") or {}).get("codiceIPA")
            if code and code.lower() not in formats.ipa_codes():
                self.error(f"{section}.riuso.codiceIPA", "ipa_code")

    def _http_url(self, data: dict[str, Any], field: str, key: str) -> None:
        if field in data and not formats.is_http_url(data[field]):
            self.error(key, "http_url")

    def _oneof_error(self, key: str, choices: tuple[str, ...]) -> None:
        english, german = oneof_choices(list(choices))
        self.error(key, "oneof", choices=english, choices_de=german)

    def _enum(self, data: dict[str, Any], field: str, key: str, choices: tuple[str, ...]) -> None:
        value = data.get(field)
        if not value:
            self.error(key, "required")
        elif value not in choices:
            self._oneof_error(key, choices)

    def _organisation(self, organisation: dict[str, Any], prefix: str) -> None:
        uri = organisation.get("uri")
        if not uri:
            self.error(f"{prefix}.uri", "required")
            return
        problem = formats.organisation_uri_problem(uri)
        if problem:
            self.error(f"{prefix}.uri", problem)

    def _length(self, key: str, value: str, minimum: int, maximum: int) -> None:
        n = len(value)
        if n < minimum:  # graphemes never outnumber code points
            self.error(key, "min_len", n=minimum)
            return
        if n <= maximum and value.isascii() and "\r" not in value:
            return
        n = formats.grapheme_len(value)
        if n < minimum:
            self.error(key, "min_len", n=minimum)
        elif n > maximum:
            self.error(key, "max_len", n=maximum)

    def _description(self, description: dict[str, Any]) -> None:
        if not description:
            self.error("description", "gt0")
            return
        for lang in description:
            if not formats.is_bcp47(lang):
                self.error("description", "bcp47")
                return
        for lang, desc in description.items():
            prefix = _desc_key(lang)
            if "genericName" in desc:
                self._length(f"{prefix}.genericName", desc["genericName"], 0, 35)
            short = desc.get("shortDescription")
            if not short:
                self.error(f"{prefix}.shortDescription", "required")
            else:
                self._length(f"{prefix}.shortDescription", short, 0, 150)
            long_ = desc.get("longDescription")
            if not long_:
                self.error(f"{prefix}.longDescription", "required")
            else:
                self._length(f"{prefix}.longDescription", long_, 150, 10_000)
            self._http_url(desc, "documentation", f"{prefix}.documentation")
            self._http_url(desc, "apiDocumentation", f"{prefix}.apiDocumentation")
            if not desc.get("features"):
                self.error(f"{prefix}.features", "gt0")
            for i, video in enumerate(desc.get("videos") or ()):
                if video and not formats.is_http_url(video):
                    self.error(f"{prefix}.videos[{i}]", "http_url")

    def _maintenance(self, maintenance: dict[str, Any]) -> None:
        kind = maintenance.get("type")
        if not kind:
            self.error("maintenance.type", "required")
        elif kind not in _MAINTENANCE_TYPES:
            self._oneof_error("maintenance.type", _MAINTENANCE_TYPES)
        contractors = maintenance.get("contractors")
        if kind == "contract" and contractors is None:
            self.error("maintenance.contractors", "required_if", value="contract")
        elif kind != "contract" and contractors is not None:
            self.error("maintenance.contractors", "excluded_unless")
        else:
            for i, contractor in enumerate(contractors or ()):
                prefix = f"maintenance.contractors[{i}]"
                if not contractor.get("name"):
                    self.error(f"{prefix}.name", "required")
                email = contractor.get("email")
                if email and not formats.is_email(email):
                    self.error(f"{prefix}.email", "email")
                self._http_url(contractor, "website", f"{prefix}.website")
                until = contractor.get("until")
                if not until:
                    self.error(f"{prefix}.until", "required")
                elif not formats.is_date(until):
                    self.error(f"{prefix}.until", "date")
        contacts = maintenance.get("contacts")
        if kind in ("community", "internal") and contacts is None:
            self.error("maintenance.contacts", "required_if", value=kind)
        else:
            for i, contact in enumerate(contacts or ()):
                prefix = f"maintenance.contacts[{i}]"
                if not contact.get("name"):
                    self.error(f"{prefix}.name", "required")
                email = contact.get("email")
                if email and not formats.is_email(email):
                    self.error(f"{prefix}.email", "email")

    # -- stage D: extra checks ------------------------------------------------------------

    def extra_checks(self, doc: dict[str, Any]) -> None:
        if self.network:
            self._network_urls(doc)
        logo = doc.get("logo")
        if logo:
            self._logo("logo", logo)
        mono = doc.get("monochromeLogo")
        if mono:
            self.warning("monochromeLogo", "deprecated_logo")
            self._logo("monochromeLogo", mono)
        audience = doc.get("intendedAudience") or {}
        for field in ("countries", "unsupportedCountries"):
            for i, value in enumerate(audience.get(field) or ()):
                if formats.is_country(value) and value.islower():
                    self.warning(
                        f"intendedAudience.{field}[{i}]", "lowercase_country", upper=value.upper()
                    )
        legal = doc.get("legal") or {}
        if "authorsFile" in legal:
            self.warning("legal.authorsFile", "deprecated_drop")
            self._local_file("legal.authorsFile", legal["authorsFile"], files.authors_file_problem)
        if "repoOwner" in legal:
            self.warning("legal.repoOwner", "deprecated_repo_owner")
        for field in ("inputTypes", "outputTypes"):
            if field in doc:
                self.warning(field, "deprecated_drop")
        for lang, desc in (doc.get("description") or {}).items():
            prefix = f"description.{lang}"
            if desc.get("genericName"):
                self.warning(f"{prefix}.genericName", "deprecated_drop")
            if self.network:
                for field in ("documentation", "apiDocumentation"):
                    if field in desc:
                        self._reachable(f"{prefix}.{field}", desc[field])
            for i, shot in enumerate(desc.get("screenshots") or ()):
                self._screenshot(f"{prefix}.screenshots[{i}]", shot)
            for i, video in enumerate(desc.get("videos") or ()):
                if video and not formats.is_oembed_video(video):
                    self.error(f"{prefix}.videos[{i}]", "video_oembed", value=video)
        it = doc.get("IT")
        if "it" in doc:
            self.warning("it", "lowercase_it")
            if it is None:
                it = doc["it"]
            else:
                self.error("it", "it_duplicated")
        if it is not None:
            if "conforme" in it:
                self.warning("IT.conforme", "deprecated_drop")
            code = (it.get("riuso") or {}).get("codiceIPA")
            if code and code.lower() in formats.ipa_codes():
                self.warning("IT.riuso.codiceIPA", "deprecated_codice_ipa", code=code)

    def _logo(self, key: str, value: str) -> None:
        problem = files.path_problem(value)
        if problem:
            self.error(key, problem.code, **problem.params)
            return
        if files.is_absolute_url(value):
            if not formats.is_http_url(value):
                self.error(key, "http_url")
                return
            if self.network:
                self._remote_image(key, value, files.logo_problem, logo=True)
            return
        if self.base_path is not None:
            problem = files.logo_problem(value, self.base_path)
            if problem:
                self.error(key, problem.code, **problem.params)

    def _screenshot(self, key: str, value: str) -> None:
        problem = files.path_problem(value)
        if problem:
            self.error(key, problem.code, **problem.params)
            return
        if files.is_absolute_url(value):
            if not formats.is_http_url(value):
                self.error(key, "http_url")
                return
            if self.network:
                self._remote_image(key, value, files.screenshot_problem, logo=False)
            return
        if self.base_path is not None:
            problem = files.screenshot_problem(value, self.base_path)
            if problem:
                self.error(key, problem.code, **problem.params)

    def _local_file(self, key: str, value: str, check) -> None:
        problem = files.path_problem(value)
        if problem:
            self.error(key, problem.code, **problem.params)
            return
        if files.is_absolute_url(value):
            if not formats.is_http_url(value):
                self.error(key, "http_url")
                return
            if self.network:
                self._reachable(key, value)
            return
        if self.base_path is not None:
            problem = check(value, self.base_path)
            if problem:
                self.error(key, problem.code, **problem.params)

    # -- network (only with network=True) -------------------------------------------------

    def _network_urls(self, doc: dict[str, Any]) -> None:
        url = doc.get("url")
        if url is not None:
            self._reachable("url", url)
            if not network.is_code_repository(url, timeout=self.timeout):
                self.error("url", "not_repository")
        for field in ("landingURL", "roadmap"):
            if field in doc:
                self._reachable(field, doc[field])

    def _reachable(self, key: str, url: str) -> None:
        reason = network.reachable_problem(url, timeout=self.timeout)
        if reason:
            self.error(key, "not_reachable", value=url, reason=reason)

    def _remote_image(self, key: str, url: str, local_check, *, logo: bool) -> None:
        import tempfile

        extension = files.extension(url.split("?", 1)[0].split("#", 1)[0])
        allowed = (".svg", ".svgz", ".png") if logo else (".jpg", ".png")
        if extension not in allowed:
            if logo:
                self.error(key, "bad_extension", path=url)
            else:
                reason = f"invalid file extension for: {url}"
                self.error(key, "not_an_image", value=url, reason=reason)
            return
        try:
            body = network.fetch(url, timeout=self.timeout)
        except network.NetworkError as exc:
            if logo:
                self.error(key, "remote_failed", reason=str(exc))
            else:
                self.error(key, "not_an_image", value=url, reason=str(exc))
            return
        with tempfile.TemporaryDirectory() as tmp:
            name = "remote" + extension
            with open(os.path.join(tmp, name), "wb") as fh:
                fh.write(body)
            problem = local_check(name, tmp)
        if problem:
            self.error(key, problem.code, **problem.params)


def _yaml_error(exc: yaml.YAMLError, text: bytes) -> Result:
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or str(exc)
    if getattr(exc, "context", None):
        reason = f"{exc.context}: {reason}"
    line = mark.line + 1 if mark is not None else 0
    if mark is None and hasattr(exc, "position"):
        position = exc.position
        line = text.count(b"\n", 0, position) + 1 if isinstance(position, int) else 0
        reason = f"{exc.reason}: character {exc.character!r}"
    params = {"reason": reason}
    return Result("error", "", describe("yaml_syntax", params), line, 1, "yaml_syntax", params)


def _document_error(code: str, key: str = "", **params: Any) -> ValidationResult:
    result = Result("error", key, describe(code, params), 0, 0, code, params)
    return ValidationResult([result])


def validate(
    data: bytes | str,
    *,
    base_path: str | os.PathLike[str] | None = None,
    network: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> ValidationResult:
    """Validate a publiccode.yml given as bytes or text.

    ``base_path`` is the directory that relative paths (logo, screenshots, authorsFile) are
    resolved against; without it those files are not checked. ``network=True`` enables URL
    reachability and remote file checks. Never raises on bad input.
    """
    if isinstance(data, str):
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError:
            return _document_error("invalid_utf8")
    elif isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
    else:
        raise TypeError("data must be bytes or str")
    if len(raw) > max_bytes:
        return _document_error("too_large", size=len(raw), limit=max_bytes)
    if not raw.isascii():
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return _document_error("invalid_utf8")

    if len(raw) > _PRECHECK_BYTES and _indicator_count(raw) > MAX_INDICATORS:
        return _document_error("too_complex", limit=MAX_NODES)

    run = _Run(
        base_path=os.fspath(base_path) if base_path is not None else None,
        network=network,
        timeout=timeout,
    )
    loader = _Loader(raw)
    try:
        if not loader.check_node():
            return _document_error("required", "publiccodeYmlVersion", f="publiccodeYmlVersion")
        root = loader.get_node()
        if loader.check_node():
            return _document_error("multiple_docs")
    except yaml.YAMLError as exc:
        return ValidationResult([_yaml_error(exc, raw)])
    except (RecursionError, MemoryError):
        return _document_error("too_complex", limit=MAX_NODES)
    finally:
        loader.dispose()
    run.root = root

    version_node = None
    if isinstance(root, _Mapping):
        for key_node, value_node in root.value:
            if isinstance(key_node, _Scalar) and key_node.value == "publiccodeYmlVersion":
                version_node = value_node
                break
    if version_node is None:
        return _document_error("required", "publiccodeYmlVersion", f="publiccodeYmlVersion")
    if (
        not isinstance(version_node, _Scalar)
        or version_node.style in ("|", ">")
        or scalar_kind(version_node) != "str"
    ):
        position = find_key_position(root, "publiccodeYmlVersion")
        result = Result(
            "error", "publiccodeYmlVersion", describe("wrong_type", {}), *position, "wrong_type"
        )
        return ValidationResult([result])
    version = version_node.value
    if version not in _SUPPORTED_VERSIONS:
        return _document_error(
            "unsupported_version",
            "publiccodeYmlVersion",
            version=version,
            supported=", ".join(_SUPPORTED_VERSIONS),
        )

    document: dict[str, Any] | None = None
    try:
        if version != "0" and not version.startswith("0.7"):
            run.warning("publiccodeYmlVersion", "old_version", version=version)
        try:
            document, problem = run._decode_struct(root, SCHEMA[1], top=True)
        except _DecodeError as exc:  # a problem in the root mapping itself (bad merge key)
            document, problem = {}, exc
        if problem is not None:
            run.add(
                "error",
                find_key_at_line(root, problem.line),
                problem.code,
                problem.params,
                position=(problem.line, 1),
            )
        run.rules(document)
        run.extra_checks(document)
    except _Abort as exc:
        run.results.append(
            Result("error", "", describe(exc.code, exc.params), 0, 0, exc.code, exc.params)
        )
    if document is not None:
        _normalise(document)
    return ValidationResult(run.results, document, version)


def _indicator_count(raw: bytes) -> int:
    """Upper bound, divided by two, of the number of YAML nodes ``raw`` can produce."""
    return (
        raw.count(b":")
        + raw.count(b",")
        + raw.count(b"[")
        + raw.count(b"{")
        + raw.count(b"?")
        + raw.count(b"- ")
        + raw.count(b"-\n")
        + raw.count(b"-\t")
    )


def _normalise(document: dict[str, Any]) -> None:
    """Copy deprecated data to the canonical keys, as the reference does after validation."""
    if "it" in document and "IT" not in document:
        document["IT"] = document["it"]
    code = ((document.get("IT") or {}).get("riuso") or {}).get("codiceIPA")
    if code and "organisation" not in document:
        organisation = {"uri": f"urn:x-italian-pa:{code}"}
        owner = (document.get("legal") or {}).get("repoOwner")
        if owner:
            organisation["name"] = owner
        document["organisation"] = organisation


def validate_file(
    path: str | os.PathLike[str],
    *,
    base_path: str | os.PathLike[str] | None = None,
    network: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> ValidationResult:
    """Validate a file; relative paths are resolved against its directory unless
    ``base_path`` is given. Reads at most ``max_bytes + 1`` bytes."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        return _document_error("read_error", reason=exc.strerror or str(exc))
    if len(raw) > max_bytes:
        size = os.path.getsize(path) if os.path.isfile(path) else len(raw)
        return _document_error("too_large", size=size, limit=max_bytes)
    if base_path is None:
        base_path = os.path.dirname(os.path.abspath(path))
    return validate(raw, base_path=base_path, network=network, max_bytes=max_bytes, timeout=timeout)
