# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""SPDX licence expressions judged against a small shipped table (data/licences.json).

An expression is open when the licence a reuser may choose is OSI approved or FSF free:
``A OR B`` takes the better of both, ``A AND B`` needs both, ``WITH`` exceptions do not change
the verdict, ``+`` means "or later". Unknown identifiers count as not approved. The expression is parsed by
``stadtnetz.publiccode.spdx`` (license-expression), the same parser that validates publiccode.yml.
"""

from __future__ import annotations

import json
import operator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from license_expression import LicenseWithExceptionSymbol

from stadtnetz.publiccode import spdx

DATA = Path(__file__).parent / "data" / "licences.json"


@cache
def table() -> dict[str, dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["licenses"]


@dataclass(frozen=True)
class Verdict:
    osi: bool = False
    fsf: bool = False
    eupl_compatible: bool = False

    @property
    def open(self) -> bool:
        return self.osi or self.fsf

    def __or__(self, other: Verdict) -> Verdict:
        return Verdict(self.osi or other.osi, self.fsf or other.fsf,
                       self.eupl_compatible or other.eupl_compatible)  # fmt: skip

    def __and__(self, other: Verdict) -> Verdict:
        return Verdict(self.osi and other.osi, self.fsf and other.fsf,
                       self.eupl_compatible and other.eupl_compatible)  # fmt: skip


def lookup(identifier: str) -> Verdict:
    ident = identifier.strip()
    data = table()
    entry = data.get(ident)
    if entry is None:
        folded = {key.lower(): value for key, value in data.items()}
        entry = folded.get(ident.lower()) or folded.get(ident.rstrip("+").lower())
    if entry is None:
        return Verdict()
    return Verdict(entry["osi"], entry["fsf"], entry["eupl_compatible"])


def judge(expression: str) -> Verdict:
    """The verdict for an SPDX expression; never raises (malformed text gives no approval)."""
    tree = spdx.parse(expression)
    if tree is None:
        return Verdict()
    return spdx.fold(tree, lambda symbol: lookup(_licence_key(symbol)), operator.and_, operator.or_)


def spdx_ids() -> frozenset[str]:
    return spdx.licence_ids()


def identifiers(expression: str) -> list[str]:
    """The SPDX identifiers named in an expression (for facets); ["other"] when none is."""
    named = [i for i in _named(expression) if i.removesuffix("+") in spdx_ids()]
    return named or (["other"] if (expression or "").strip() else [])


def _named(expression: str) -> list[str]:
    """The licences of an expression in order, without exceptions and repeats."""
    tree = spdx.parse(expression)
    found: list[str] = []
    for symbol in spdx.symbols(tree) if tree is not None else ():
        key = _licence_key(symbol)
        if key not in found:
            found.append(key)
    return found


def _licence_key(symbol) -> str:
    return (
        symbol.license_symbol.key if isinstance(symbol, LicenseWithExceptionSymbol) else symbol.key
    )
