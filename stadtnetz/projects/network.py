# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Stadtnetzwerk: organisations linked by cooperations (and, once the solutions app records
them, by shared solutions and confirmed reuses). One graph for the SVG, the table, CSV and GraphML.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from django.db.models import Avg

from stadtnetz.municipalities.models import Municipality
from stadtnetz.organisations.models import CooperationMember, OrganisationKind

from .geo import project as to_xy
from .models import ModelProject

RELATION_COOPERATION = "cooperation_member"


@dataclass
class Node:
    id: str
    name: str
    kind: str
    key: str
    url: str
    x: float | None = None
    y: float | None = None


@dataclass
class Edge:
    source: str
    target: str
    relation: str
    lead: bool
    project: str
    project_url: str


@dataclass
class Graph:
    nodes: dict[str, Node]
    edges: list[Edge]


def build_graph() -> Graph:
    """Nodes and edges in a fixed order; a constant number of queries."""
    projects = {
        p.organisation_id: p
        for p in ModelProject.objects.filter(organisation__kind=OrganisationKind.COOPERATION)
        .select_related("organisation")
        .order_by("round_year", "name")
    }
    members = (
        CooperationMember.objects.filter(cooperation__in=projects)
        .select_related("cooperation", "municipality", "county")
        .order_by("cooperation__name", "-is_lead", "pk")
    )
    county_points = {
        row["county_id"]: (row["lat"], row["lon"])
        for row in Municipality.objects.filter(
            county_id__in=[m.county_id for m in members if m.county_id], dissolved_at=None
        )
        .values("county_id")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"))
    }
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    for member in members:
        project = projects[member.cooperation_id]
        source_id = f"org:{member.cooperation.slug}"
        if source_id not in nodes:
            x = y = None
            if project.latitude is not None:
                x, y = to_xy(project.latitude, project.longitude)
            nodes[source_id] = Node(
                id=source_id, name=member.cooperation.name, kind=OrganisationKind.COOPERATION,
                key=member.cooperation.slug, url=project.get_absolute_url(), x=x, y=y,
            )  # fmt: skip
        if member.municipality:
            target_id = f"ags:{member.municipality.ags}"
            point = (member.municipality.latitude, member.municipality.longitude)
            node = Node(id=target_id, name=member.municipality.name,
                        kind=OrganisationKind.MUNICIPALITY, key=member.municipality.ags,
                        url=f"/kommunen/{member.municipality.ags}/")  # fmt: skip
        else:
            target_id = f"county:{member.county.key}"
            point = county_points.get(member.county_id, (None, None))
            node = Node(id=target_id, name=member.county.name, kind=OrganisationKind.COUNTY,
                        key=member.county.key, url=f"/kreise/{member.county.key}/")  # fmt: skip
        if point[0] is not None:
            node.x, node.y = to_xy(point[0], point[1])
        nodes.setdefault(target_id, node)
        edges.append(Edge(source=source_id, target=target_id, relation=RELATION_COOPERATION,
                          lead=member.is_lead, project=str(project),
                          project_url=project.get_absolute_url()))  # fmt: skip
    return Graph(nodes=nodes, edges=edges)


def edges_csv(graph: Graph) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source_id", "source_name", "target_id", "target_name", "relation", "lead",
                     "project"])  # fmt: skip
    for edge in graph.edges:
        writer.writerow([
            edge.source, graph.nodes[edge.source].name, edge.target, graph.nodes[edge.target].name,
            edge.relation, "yes" if edge.lead else "no", edge.project,
        ])  # fmt: skip
    return out.getvalue()


def graphml(graph: Graph) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
        '  <key id="name" for="node" attr.name="name" attr.type="string"/>',
        '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
        '  <key id="key" for="node" attr.name="official_key" attr.type="string"/>',
        '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
        '  <key id="lead" for="edge" attr.name="lead" attr.type="boolean"/>',
        '  <key id="project" for="edge" attr.name="project" attr.type="string"/>',
        '  <graph id="stadtnetzwerk" edgedefault="undirected">',
    ]
    for node in graph.nodes.values():
        lines.append(f"    <node id={quoteattr(node.id)}>")
        for name in ("name", "kind", "key"):
            lines.append(f'      <data key="{name}">{_text(getattr(node, name))}</data>')
        lines.append("    </node>")
    for index, edge in enumerate(graph.edges, start=1):
        lines.append(
            f'    <edge id="e{index}" source={quoteattr(edge.source)} target={quoteattr(edge.target)}>'
        )
        lines.append(f'      <data key="relation">{edge.relation}</data>')
        lines.append(f'      <data key="lead">{"true" if edge.lead else "false"}</data>')
        lines.append(f'      <data key="project">{_text(edge.project)}</data>')
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return quoteattr(value)[1:-1]
