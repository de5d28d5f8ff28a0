# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""SPDX licence expressions: the grammar from ``license-expression``, the vocabulary from
``data/spdx.json`` (the SPDX list the reference parser checks against, see ``data/SOURCE.md``).

``license-expression`` (AboutCode, also used by ScanCode) tokenises and parses ``AND``, ``OR``,
``WITH`` and parentheses with their SPDX precedence, case-insensitively. It is run without a
symbol table, so it never guesses: every identifier comes back as written, and this module checks
it against the list (current and deprecated ids, ``+`` for "or later", ``LicenseRef-…`` and
``AdditionRef-…`` references). Pure Python, no Django: ``solutions`` judges the same trees.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from boolean import ParseError
from boolean.boolean import TOKEN_LPAR, TOKEN_RPAR
from license_expression import (
    ExpressionError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
    Licensing,
)

MAX_LENGTH = 2000
MAX_DEPTH = 50

_LICENSING = Licensing()
_LICENSE_REF_RE = re.compile(
    r"(?:DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+\Z", re.IGNORECASE
)
_ADDITION_REF_RE = re.compile(
    r"(?:DocumentRef-[A-Za-z0-9.\-]+:)?AdditionRef-[A-Za-z0-9.\-]+\Z", re.IGNORECASE
)
# license-expression 30.4 raises IndexError or AssertionError on a few malformed inputs
# ("( )", "( OR + )") instead of its own ExpressionError; all of them mean "not an expression".
_PARSE_ERRORS = (ExpressionError, ParseError, IndexError, AssertionError)
_SYMBOLS = (LicenseSymbol, LicenseWithExceptionSymbol)

T = TypeVar("T")


@cache
def _data() -> dict[str, Any]:
    path = resources.files(__package__).joinpath("data", "spdx.json")
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def licence_ids() -> frozenset[str]:
    """SPDX licence ids as listed (current and deprecated), in their canonical spelling."""
    data = _data()
    return frozenset(data["licenses"] + data["deprecated_licenses"])


@cache
def _licences_folded() -> frozenset[str]:
    return frozenset(x.lower() for x in licence_ids())


@cache
def _exceptions_folded() -> frozenset[str]:
    return frozenset(x.lower() for x in _data()["exceptions"])


def parse(value: str | None) -> Any | None:
    """The expression tree of ``value`` (license-expression objects), or None when the text is
    empty, longer than ``MAX_LENGTH``, nested deeper than ``MAX_DEPTH`` or not an expression.
    Identifiers are not checked here (see :func:`is_expression`)."""
    if not value or not value.strip() or len(value) > MAX_LENGTH or _depth(value) > MAX_DEPTH:
        return None
    try:
        tokens = list(_LICENSING.tokenize(value, simple=True))
        tree = _LICENSING.parse(value, simple=True)
    except _PARSE_ERRORS:
        return None
    # license-expression 30.4 also accepts a few malformed texts by dropping or merging tokens:
    # a dangling operator ("MIT OR GPL-3.0 OR"), an identifier right after a closing
    # parenthesis ("(MIT) GPL-3.0 OR BSD-3-Clause"). It balances the parentheses; what it misses
    # is that an identifier or "(" never follows an identifier or ")", and an operator or ")"
    # always does.
    after_operand = False
    for token, _text, _pos in tokens:
        symbol = isinstance(token, _SYMBOLS)
        if (symbol or token == TOKEN_LPAR) == after_operand:
            return None
        after_operand = symbol or token == TOKEN_RPAR
    if not after_operand:
        return None
    return tree


def _depth(value: str) -> int:
    depth = deepest = 0
    for ch in value:
        if ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth -= 1
    return deepest


def symbols(tree: Any) -> Iterator[LicenseSymbol | LicenseWithExceptionSymbol]:
    """The leaves of a parsed expression, left to right (a ``WITH`` pair is one leaf)."""
    if isinstance(tree, _SYMBOLS):
        yield tree
        return
    for arg in tree.args:
        yield from symbols(arg)


def fold(
    tree: Any,
    leaf: Callable[[LicenseSymbol | LicenseWithExceptionSymbol], T],
    both: Callable[[T, T], T],
    either: Callable[[T, T], T],
) -> T:
    """Evaluate a parsed expression: ``leaf`` for each identifier, ``both`` for ``AND``,
    ``either`` for ``OR``."""
    if isinstance(tree, _SYMBOLS):
        return leaf(tree)
    values = [fold(arg, leaf, both, either) for arg in tree.args]
    combine = both if isinstance(tree, _LICENSING.AND) else either
    result = values[0]
    for value in values[1:]:
        result = combine(result, value)
    return result


def is_licence(key: str) -> bool:
    """A listed licence id (case-insensitive), with an optional ``+``, or a ``LicenseRef-``."""
    if _LICENSE_REF_RE.match(key):
        return True
    return key.removesuffix("+").lower() in _licences_folded()


def is_exception(key: str) -> bool:
    return key.lower() in _exceptions_folded() or bool(_ADDITION_REF_RE.match(key))


def _leaf_ok(symbol: LicenseSymbol | LicenseWithExceptionSymbol) -> bool:
    if isinstance(symbol, LicenseWithExceptionSymbol):
        return is_licence(symbol.license_symbol.key) and is_exception(symbol.exception_symbol.key)
    return is_licence(symbol.key)


def is_expression(value: str) -> bool:
    """A valid SPDX licence expression made of listed identifiers."""
    tree = parse(value)
    return tree is not None and all(_leaf_ok(symbol) for symbol in symbols(tree))
