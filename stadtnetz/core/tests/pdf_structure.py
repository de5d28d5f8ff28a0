# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Read the table cells of a tagged PDF's structure tree with pikepdf, for the PDF/UA tests."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf


@dataclass
class Cell:
    tag: str  # "TH" or "TD"
    text_mcids: int  # marked-content pieces below the cell (0 for an empty cell)
    scope: str | None
    id: str | None
    headers: list[str]


def _attributes(element) -> list:
    attributes = element.get("/A")
    if attributes is None:
        return []
    return list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]


def _count_mcids(node) -> int:
    if isinstance(node, int):
        return 1
    if isinstance(node, pikepdf.Array):
        return sum(_count_mcids(kid) for kid in node)
    if isinstance(node, pikepdf.Dictionary):
        kids = node.get("/K")
        return 0 if kids is None else _count_mcids(kids)
    return 0


def tables(data: bytes) -> list[list[Cell]]:
    """Every /Table of the structure tree, each as the list of its TH and TD cells."""
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    assert bool(root.MarkInfo.Marked), "not a tagged PDF"
    found: list[list[Cell]] = []

    def walk(node, table):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid, table)
            return
        if not isinstance(node, pikepdf.Dictionary):
            return
        tag = str(node.get("/S", ""))
        if tag == "/Table":
            table = []
            found.append(table)
        elif tag in ("/TH", "/TD") and table is not None:
            scope, headers = None, []
            for attribute in _attributes(node):
                if "/Scope" in attribute:
                    scope = str(attribute.Scope)[1:]
                if "/Headers" in attribute:
                    headers = [str(h) for h in attribute.Headers]
            ident = str(node.ID) if "/ID" in node else None
            table.append(Cell(tag[1:], _count_mcids(node), scope, ident, headers))
        kids = node.get("/K")
        if kids is not None:
            walk(kids, table)

    walk(root.StructTreeRoot, None)
    return found


def assert_accessible_tables(data: bytes) -> list[list[Cell]]:
    """Every header has a scope and an id; every data cell names at least one header."""
    found = tables(data)
    assert found, "no table in the structure tree"
    for table in found:
        ids = {cell.id for cell in table if cell.tag == "TH"}
        for cell in table:
            if cell.tag == "TH":
                assert cell.scope in ("Row", "Column", "Both"), f"header without scope: {cell}"
                assert cell.id, f"header without ID: {cell}"
            else:
                assert cell.headers, f"data cell without headers: {cell}"
                assert set(cell.headers) <= ids, f"data cell names unknown headers: {cell}"
    return found
