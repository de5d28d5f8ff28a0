# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""SPDX licence expressions judged against a small shipped table (data/licences.json).

An expression is open when the licence a reuser may choose is OSI approved or FSF free:
``A OR B`` takes the better of both, ``A AND B`` needs both, ``WITH`` exceptions do not change
the verdict, ``+`` means "or later". Unknown identifiers count as not approved.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "licences.json"
_TOKEN = re.compile(r"\(|\)|[A-Za-z0-9.+:-]+")


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
    tokens = _TOKEN.findall(expression or "")[:200]
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str | None:
        nonlocal position
        token = peek()
        position += 1
        return token

    def primary(depth: int) -> Verdict:
        token = take()
        if token is None or depth > 20:
            return Verdict()
        if token == "(":
            value = disjunction(depth + 1)
            if peek() == ")":
                take()
            return value
        value = lookup(token)
        if peek() and peek().upper() == "WITH":
            take()
            take()
        return value

    def conjunction(depth: int) -> Verdict:
        value = primary(depth)
        while peek() and peek().upper() == "AND":
            take()
            value = value & primary(depth)
        return value

    def disjunction(depth: int) -> Verdict:
        value = conjunction(depth)
        while peek() and peek().upper() == "OR":
            take()
            value = value | conjunction(depth)
        return value

    if not tokens:
        return Verdict()
    return disjunction(0)


@cache
def spdx_ids() -> frozenset[str]:
    path = Path(__file__).parent.parent / "publiccode" / "data" / "spdx.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset([*data["licenses"], *data["deprecated_licenses"]])


def identifiers(expression: str) -> list[str]:
    """The SPDX identifiers named in an expression (for facets); ["other"] when none is."""
    named = [i for i in _named(expression) if i.removesuffix("+") in spdx_ids()]
    return named or (["other"] if (expression or "").strip() else [])


def _named(expression: str) -> list[str]:
    skip = {"AND", "OR", "WITH", "(", ")"}
    found, after_with = [], False
    for token in _TOKEN.findall(expression or "")[:200]:
        if token.upper() == "WITH":
            after_with = True
            continue
        if token.upper() in skip or after_with:
            after_with = False
            continue
        if token not in found:
            found.append(token)
    return found
