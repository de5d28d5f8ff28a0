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

This module holds stage A and the entry points; the other stages live in their own modules,
which ``_Run`` combines: :mod:`.limits` (the limits above), :mod:`.nodes` (YAML node tree,
scalar typing, positions), :mod:`.schema` (schema and vocabularies), :mod:`.context` (results),
:mod:`.decode` (stage B), :mod:`.rules` (stage C), :mod:`.checks` (stage D, files and network).
Names other code imported from here before the split are re-exported.
"""

from __future__ import annotations

import os
from typing import Any

import yaml

from .checks import ExtraChecks
from .decode import ABSENT, DecodeError, Decoder
from .limits import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    MAX_INDICATORS,
    MAX_NODES,
    MAX_RESULTS,
    PRECHECK_BYTES,
    Abort,
)
from .messages import Result, ValidationResult, describe
from .nodes import Loader, Mapping, Scalar, find_key_at_line, find_key_position, scalar_kind
from .rules import FieldRules
from .schema import BOOL, SCHEMA, STR, STR_OR_LIST, SUPPORTED_VERSIONS

__all__ = [
    "ABSENT",
    "BOOL",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "MAX_INDICATORS",
    "MAX_NODES",
    "MAX_RESULTS",
    "SCHEMA",
    "STR",
    "STR_OR_LIST",
    "find_key_at_line",
    "find_key_position",
    "scalar_kind",
    "validate",
    "validate_file",
]


class _Run(Decoder, FieldRules, ExtraChecks):
    """One validation: decoding (stage B), field rules (C) and extra checks (D) on one state."""


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

    if len(raw) > PRECHECK_BYTES and _indicator_count(raw) > MAX_INDICATORS:
        return _document_error("too_complex", limit=MAX_NODES)

    run = _Run(
        base_path=os.fspath(base_path) if base_path is not None else None,
        network=network,
        timeout=timeout,
    )
    loader = Loader(raw)
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
    if isinstance(root, Mapping):
        for key_node, value_node in root.value:
            if isinstance(key_node, Scalar) and key_node.value == "publiccodeYmlVersion":
                version_node = value_node
                break
    if version_node is None:
        return _document_error("required", "publiccodeYmlVersion", f="publiccodeYmlVersion")
    if (
        not isinstance(version_node, Scalar)
        or version_node.style in ("|", ">")
        or scalar_kind(version_node) != "str"
    ):
        position = find_key_position(root, "publiccodeYmlVersion")
        result = Result(
            "error", "publiccodeYmlVersion", describe("wrong_type", {}), *position, "wrong_type"
        )
        return ValidationResult([result])
    version = version_node.value
    if version not in SUPPORTED_VERSIONS:
        return _document_error(
            "unsupported_version",
            "publiccodeYmlVersion",
            version=version,
            supported=", ".join(SUPPORTED_VERSIONS),
        )

    document: dict[str, Any] | None = None
    try:
        if version != "0" and not version.startswith("0.7"):
            run.warning("publiccodeYmlVersion", "old_version", version=version)
        try:
            document, problem = run._decode_struct(root, SCHEMA[1], top=True)
        except DecodeError as exc:  # a problem in the root mapping itself (bad merge key)
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
    except Abort as exc:
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
