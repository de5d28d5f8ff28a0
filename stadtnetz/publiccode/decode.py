# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Stage B: decoding the node tree against the schema (unknown keys, wrong types, merges).

Like the reference only the *first* decoding problem is reported, and the section that contains
it is dropped.
"""

from __future__ import annotations

from typing import Any

import yaml

from .context import Context
from .limits import MAX_NODES, Abort
from .nodes import (
    BOOLS,
    MERGE_TAG,
    Mapping,
    Scalar,
    Sequence,
    find_key_at_line,
    pos,
    scalar_kind,
)
from .schema import BOOL, STR, STR_OR_LIST

ABSENT: Any = object()


class DecodeError(Exception):
    def __init__(self, line: int, code: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.line = line
        self.code = code
        self.params = params or {}


class Decoder(Context):
    """Stage B: node tree to plain data following :data:`.schema.SCHEMA`."""

    def decode(self, node: yaml.Node, spec: Any) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise Abort("too_complex", {"limit": MAX_NODES})
        if isinstance(node, Scalar):
            kind = scalar_kind(node)
            if kind == "null":
                return ABSENT
            if spec == STR:
                return node.value
            if spec == BOOL:
                if kind == "bool":
                    return BOOLS[node.value]
                raise DecodeError(node.start_mark.line + 1, "wrong_type")
            if spec == STR_OR_LIST:
                return [node.value]
            raise DecodeError(node.start_mark.line + 1, "wrong_type")
        if spec == STR or spec == BOOL:
            raise DecodeError(node.start_mark.line + 1, "wrong_type")
        tag = spec[0] if isinstance(spec, tuple) else "l"
        if tag == "l":
            item_spec = STR if spec == STR_OR_LIST else spec[1]
            if not isinstance(node, Sequence):
                raise DecodeError(node.start_mark.line + 1, "wrong_type")
            return self._decode_list(node, item_spec)
        if not isinstance(node, Mapping):
            raise DecodeError(node.start_mark.line + 1, "wrong_type")
        if tag == "m":
            return self._decode_map(node, spec[1])
        return self._decode_struct(node, spec[1], top=False)

    def _decode_list(self, node: yaml.SequenceNode, item_spec: Any) -> list[Any]:
        out: list[Any] = []
        first: DecodeError | None = None
        for item in node.value:
            try:
                value = self.decode(item, item_spec)
            except DecodeError as exc:
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
        if not any(k.tag == MERGE_TAG for k, _ in pairs):
            return pairs
        explicit = [(k, v) for k, v in pairs if k.tag != MERGE_TAG]
        names = {k.value for k, _ in explicit if isinstance(k, Scalar)}
        merged = list(explicit)
        for k, v in pairs:
            if k.tag != MERGE_TAG or depth > 20:
                continue
            sources = v.value if isinstance(v, Sequence) else [v]
            for source in sources:
                self.budget -= 1
                if self.budget < 0:
                    raise Abort("too_complex", {"limit": MAX_NODES})
                if not isinstance(source, Mapping):
                    raise DecodeError(source.start_mark.line + 1, "wrong_type")
                for sk, sv in self._entries(source, depth + 1):
                    if isinstance(sk, Scalar) and sk.value not in names:
                        names.add(sk.value)
                        merged.append((sk, sv))
        return merged

    def _keyed(self, node: yaml.MappingNode) -> dict[str, tuple[Any, Any]]:
        keyed: dict[str, tuple[Any, Any]] = {}
        for key_node, value_node in self._entries(node):
            if not isinstance(key_node, Scalar):
                raise DecodeError(key_node.start_mark.line + 1, "wrong_type")
            name = key_node.value
            if name in keyed:  # reported once per key node; the first value is kept
                if id(key_node) not in self.duplicates_seen:
                    self.duplicates_seen.add(id(key_node))
                    line, column = pos(keyed[name][0])
                    self.add(
                        "error",
                        find_key_at_line(self.root, key_node.start_mark.line + 1),
                        "duplicate_key",
                        {"name": name, "line": line, "column": column},
                        position=pos(key_node),
                    )
                continue
            keyed[name] = (key_node, value_node)
        return keyed

    def _decode_map(self, node: yaml.MappingNode, value_spec: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: DecodeError | None = None
        for name, (_key_node, value_node) in self._keyed(node).items():
            try:
                value = self.decode(value_node, value_spec)
            except DecodeError as exc:
                first = first or exc
                continue
            out[name] = {} if value is ABSENT else value
        if first is not None:
            raise first
        return out

    def _decode_struct(self, node: yaml.MappingNode, fields: dict[str, Any], *, top: bool):
        keyed = self._keyed(node)
        out: dict[str, Any] = {}
        first: DecodeError | None = None
        for name, spec in fields.items():
            entry = keyed.get(name)
            if entry is None:
                continue
            try:
                value = self.decode(entry[1], spec)
            except DecodeError as exc:
                first = first or exc
                continue
            if value is not ABSENT:
                out[name] = value
        if first is None:
            for name, (key_node, _value) in keyed.items():
                if name not in fields:
                    first = DecodeError(
                        key_node.start_mark.line + 1, "unknown_field", {"name": name}
                    )
                    break
        if first is not None:
            if top:
                return out, first
            raise first
        return (out, None) if top else out
