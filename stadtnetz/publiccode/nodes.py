# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The YAML node tree: loader, scalar typing (YAML 1.2 core schema) and result positions."""

from __future__ import annotations

import re

import yaml

from .limits import MAX_NODES

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Scalar = yaml.ScalarNode
Sequence = yaml.SequenceNode
Mapping = yaml.MappingNode
MERGE_TAG = "tag:yaml.org,2002:merge"

# ---------------------------------------------------------------------------------------------
# Scalars are typed with the YAML 1.2 core schema (``yes``/``no``/``on``/``off`` are strings).

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
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
    if value in BOOLS:
        return "bool"
    if value[0] in _NUMBER_START and _NUMBER_RE.fullmatch(value):
        return "number"
    return "str"


# ---------------------------------------------------------------------------------------------
# Positions (same lookup rules as the reference: key node of a mapping entry, item node of a
# sequence; for a missing key the enclosing flow mapping or the first key of the block mapping)


def pos(node: yaml.Node) -> tuple[int, int]:
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
        if isinstance(node, Mapping):
            for key_node, value_node in node.value:
                if not isinstance(key_node, Scalar) or key_node.value != base:
                    continue
                if index is not None:
                    if not isinstance(value_node, Sequence) or index >= len(value_node.value):
                        return pos(key_node)
                    element = value_node.value[index]
                    if len(parts) == 1:
                        return pos(element)
                    node, parts = element, parts[1:]
                    break
                if string_key is not None:
                    node, parts = value_node, [string_key, *parts[1:]]
                    break
                if len(parts) == 1:
                    return pos(key_node)
                node, parts = value_node, parts[1:]
                break
            else:
                if node.flow_style:
                    return pos(node)
                if len(parts) == 1 and node.value:
                    return pos(node.value[0][0])
                return 0, 0
        else:
            return pos(node)
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
        if isinstance(child, (Mapping, Sequence)) and id(child) not in seen:
            seen.add(id(child))
            stack.append(_walk_children(child, path))
    return ""


def _walk_children(node: yaml.Node, prefix: str):
    if isinstance(node, Mapping):
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, Scalar) else ""
            path = f"{prefix}.{name}" if prefix else name
            yield value_node, path, key_node.start_mark.line + 1
    elif isinstance(node, Sequence):
        for i, item in enumerate(node.value):
            yield item, f"{prefix}[{i}]", item.start_mark.line + 1
