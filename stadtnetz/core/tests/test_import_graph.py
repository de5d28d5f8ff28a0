# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The app import graph: `core` is the ground floor and no two apps import each other.

The graph is read with `ast` from the production modules of every app (stadtnetz/<app>/**/*.py
without tests/ and migrations/), with the imports at module level and inside functions alike: a
function-level import dodges import order, not the dependency. An edge A -> B means that some
module of A imports some module of B. Print today's graph (or the edges of the app map in
docs/architecture.md, with --mermaid) with

    python stadtnetz/core/tests/test_import_graph.py [--mermaid]
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # stadtnetz/
SKIPPED = {"tests", "migrations", "__pycache__"}

# Cycle edges that exist today and are still to be removed: (importer, imported) -> why. The list
# may only shrink: an edge that disappears from the code must leave this list too (see
# test_allowed_cycle_edges_still_exist), so nobody can lean on a stale exception.
ALLOWED_CYCLE_EDGES: dict[tuple[str, str], str] = {
    # Measures link catalog solutions (a foreign key), and the catalog links its model projects
    # (SolutionProjectLink) and lists documented transfers; the link model belongs in projects.
    ("solutions", "projects"): "function-level: documented transfers of a solution; the German "
    "catalog import links its model projects",
}


def apps(package: Path = PACKAGE) -> list[str]:
    """The apps of the project: every folder under stadtnetz/ with Python modules in it."""
    return sorted(
        folder.name
        for folder in package.iterdir()
        if folder.is_dir() and folder.name not in SKIPPED and (folder / "__init__.py").exists()
    )


def _module_parts(app: str, relative: Path) -> list[str]:
    parts = ["stadtnetz", app, *relative.parts[:-1]]
    if relative.name != "__init__.py":
        parts.append(relative.stem)
    return parts


def _imported_names(node: ast.Import | ast.ImportFrom, module: list[str], is_package: bool):
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not node.level:
        return [node.module or ""]
    base = module if is_package else module[:-1]
    base = base[: len(base) - (node.level - 1)]
    if node.module:
        return [".".join([*base, node.module])]
    return [".".join([*base, alias.name]) for alias in node.names]


def import_graph(package: Path = PACKAGE) -> dict[tuple[str, str], list[str]]:
    """(importer app, imported app) -> the places ("app/file.py:line") that import."""
    known = set(apps(package))
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for app in sorted(known):
        for path in sorted((package / app).rglob("*.py")):
            relative = path.relative_to(package / app)
            if SKIPPED & set(relative.parts[:-1]):
                continue
            module = _module_parts(app, relative)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                for name in _imported_names(node, module, relative.name == "__init__.py"):
                    parts = name.split(".")
                    if len(parts) > 1 and parts[0] == "stadtnetz" and parts[1] in known:
                        if parts[1] != app:
                            place = f"{app}/{relative.as_posix()}:{node.lineno}"
                            edges[(app, parts[1])].append(place)
    return dict(edges)


def cycles(edges) -> list[list[str]]:
    """The strongly connected components with more than one app (Tarjan), each sorted."""
    graph: dict[str, set[str]] = defaultdict(set)
    for importer, imported in edges:
        graph[importer].add(imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _describe(edges, members) -> str:
    lines = []
    for (importer, imported), places in sorted(edges.items()):
        if importer in members and imported in members:
            lines.append(f"  {importer} -> {imported}: {', '.join(places)}")
    return "\n".join(lines)


def test_core_imports_no_domain_app():
    edges = import_graph()
    upward = {edge: places for edge, places in edges.items() if edge[0] == "core"}
    assert not upward, "core is the ground floor and imports no other app:\n" + _describe(
        upward, {"core", *(imported for _core, imported in upward)}
    )


def test_search_depends_on_nobody():
    """The content apps declare their search providers (<app>/search.py); search imports only
    the ground floor."""
    edges = import_graph()
    found = {edge: places for edge, places in edges.items() if edge[0] == "search"}
    assert set(found) <= {("search", "core")}, _describe(found, {"search", *(b for _a, b in found)})


def test_no_app_import_cycles():
    edges = import_graph()
    remaining = {edge: places for edge, places in edges.items() if edge not in ALLOWED_CYCLE_EDGES}
    found = cycles(remaining)
    assert not found, "app import cycles:\n" + "\n".join(
        f"{' <-> '.join(members)}\n{_describe(remaining, set(members))}" for members in found
    )


def test_allowed_cycle_edges_still_exist():
    """The ratchet: an allowed cycle edge that is gone from the code leaves the list too."""
    edges = import_graph()
    gone = sorted(edge for edge in ALLOWED_CYCLE_EDGES if edge not in edges)
    assert not gone, f"remove from ALLOWED_CYCLE_EDGES, these imports are gone: {gone}"


def test_graph_reads_function_level_and_relative_imports(tmp_path):
    for app in ("low", "high"):
        (tmp_path / app / "tests").mkdir(parents=True)
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "high" / "views.py").write_text(
        "def view():\n    from stadtnetz.low.models import Thing\n    return Thing\n"
    )
    (tmp_path / "low" / "services.py").write_text("from ..high import views\n")
    (tmp_path / "low" / "tests" / "test_x.py").write_text("import stadtnetz.high\n")
    edges = import_graph(tmp_path)
    assert edges == {("high", "low"): ["high/views.py:2"], ("low", "high"): ["low/services.py:1"]}
    assert cycles(edges) == [["high", "low"]]


if __name__ == "__main__":
    # Today's graph, one edge a line; with --mermaid the edges of the app map in
    # docs/architecture.md (the edges to core, which every app has, left out).
    import sys

    for (importer, imported), places in sorted(import_graph().items()):
        if "--mermaid" not in sys.argv:
            print(f"{importer} -> {imported} ({len(places)})")
        elif imported != "core":
            dashed = (importer, imported) in ALLOWED_CYCLE_EDGES
            print(f"    {importer} {'-.->' if dashed else '-->'} {imported}")
