# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Stadtnetzwerk: organisations linked by cooperations, shared solutions and confirmed reuses.

One graph for the SVG, the table, CSV and GraphML. A cooperation links to each member; a solution
of the catalog is a node of its own, linked to the organisation that publishes it and to every
organisation that declares it runs or pilots it (a current, not withdrawn, confirmed reuse), so
organisations that share a solution meet at its node. Reuses evaluated and dropped are no link.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # builds GraphML; nothing here parses XML
from dataclasses import dataclass, field

from django.db.models import Avg
from django.utils.translation import gettext as _

from stadtnetz.core import exports
from stadtnetz.municipalities.models import Municipality
from stadtnetz.organisations.models import CooperationMember, OrganisationKind

from .geo import project as to_xy
from .models import ModelProject

RELATION_COOPERATION = "cooperation_member"
RELATION_PUBLISHES = "publishes_solution"
RELATION_REUSES = "reuses_solution"
# A transfer a public source documents (projects.DocumentedTransfer), not confirmed on the platform.
RELATION_DOCUMENTED = "documented_transfer"


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
    status: str = ""  # of a reuse: production or piloting
    transfer_kind: str = ""  # of a documented transfer: reuse, pilot or cooperation
    solution: str = ""  # of a documented transfer: the solution's name as the source gives it
    evidence: str = ""  # of a documented transfer: the source URL


@dataclass
class Graph:
    nodes: dict[str, Node]
    edges: list[Edge]
    # Pairs of node ids drawn on the map: a reusing organisation and the publisher it reuses from.
    map_links: list[tuple[str, str]] = field(default_factory=list)


def _municipality_node(municipality) -> Node:
    node = Node(id=f"ags:{municipality.ags}", name=municipality.name,
                kind=OrganisationKind.MUNICIPALITY, key=municipality.ags,
                url=f"/kommunen/{municipality.ags}/")  # fmt: skip
    if municipality.latitude is not None:
        node.x, node.y = to_xy(municipality.latitude, municipality.longitude)
    return node


def _county_node(county, point=(None, None)) -> Node:
    node = Node(id=f"county:{county.key}", name=county.name, kind=OrganisationKind.COUNTY,
                key=county.key, url=f"/kreise/{county.key}/")  # fmt: skip
    if point[0] is not None:
        node.x, node.y = to_xy(point[0], point[1])
    return node


def _organisation_node(organisation) -> Node:
    """The node of an organisation: registry entries by their official key, others by slug."""
    municipality, county = organisation.municipality, organisation.county
    if organisation.kind == OrganisationKind.MUNICIPALITY and municipality is not None:
        return _municipality_node(municipality)
    if organisation.kind == OrganisationKind.COUNTY and county is not None:
        return _county_node(county)
    return Node(id=f"org:{organisation.slug}", name=organisation.name, kind=organisation.kind,
                key=organisation.slug, url=organisation.get_absolute_url())  # fmt: skip


def _add_solution_links(nodes: dict[str, Node], edges: list[Edge], links: list) -> None:
    from stadtnetz.solutions.models import Reuse, ReuseStatus

    reuses = (
        Reuse.objects.filter(withdrawn_at=None, solution__merged_into=None)
        .exclude(status=ReuseStatus.DROPPED)
        .select_related(
            "solution", "solution__organisation__municipality", "solution__organisation__county",
            "organisation__municipality", "organisation__county",
        )
        .order_by("solution__name", "solution_id", "organisation__name", "pk")
    )  # fmt: skip
    published: set[int] = set()
    for reuse in reuses:
        solution = reuse.solution
        solution_id = f"solution:{solution.pk}"
        nodes.setdefault(solution_id, Node(
            id=solution_id, name=solution.name, kind="solution", key=solution.repository_url,
            url=solution.get_absolute_url(),
        ))  # fmt: skip
        publisher = None
        if solution.organisation is not None:
            publisher = _organisation_node(solution.organisation)
            nodes.setdefault(publisher.id, publisher)
            if solution.pk not in published:
                published.add(solution.pk)
                edges.append(Edge(source=publisher.id, target=solution_id,
                                  relation=RELATION_PUBLISHES, lead=False, project="",
                                  project_url=""))  # fmt: skip
        user = _organisation_node(reuse.organisation)
        nodes.setdefault(user.id, user)
        edges.append(Edge(source=user.id, target=solution_id, relation=RELATION_REUSES,
                          lead=False, project="", project_url="", status=reuse.status))  # fmt: skip
        if publisher is not None and publisher.id != user.id:
            links.append((user.id, publisher.id))


def _add_documented_transfers(nodes: dict[str, Node], edges: list[Edge]) -> None:
    from .models import DocumentedTransfer

    transfers = DocumentedTransfer.objects.select_related(
        "origin__organisation__municipality", "origin__organisation__county",
        "adopter_municipality", "adopter_county", "adopter_state",
    ).order_by("origin__round_year", "origin__name", "solution_name", "adopter_name", "pk")  # fmt: skip
    for transfer in transfers:
        origin = transfer.origin
        source = _organisation_node(origin.organisation)
        if source.x is None and origin.latitude is not None:
            source.x, source.y = to_xy(origin.latitude, origin.longitude)
        source = nodes.setdefault(source.id, source)
        if transfer.adopter_municipality is not None:
            target = _municipality_node(transfer.adopter_municipality)
        elif transfer.adopter_county is not None:
            target = _county_node(transfer.adopter_county)
        else:
            state = transfer.adopter_state.code
            target = Node(id=f"unresolved:{state}:{transfer.adopter_name}",
                          name=f"{transfer.adopter_name} ({state})", kind="unresolved", key="",
                          url=origin.get_absolute_url())  # fmt: skip
        target = nodes.setdefault(target.id, target)
        edges.append(Edge(source=source.id, target=target.id, relation=RELATION_DOCUMENTED,
                          lead=False, project=str(origin), project_url=origin.get_absolute_url(),
                          transfer_kind=transfer.kind, solution=transfer.solution_name,
                          evidence=transfer.source_url))  # fmt: skip


def counts(graph: Graph) -> dict[str, int]:
    """Links per relation; the page shows them and they equal the rows of the downloads."""
    result = {RELATION_COOPERATION: 0, RELATION_DOCUMENTED: 0, RELATION_REUSES: 0,
              RELATION_PUBLISHES: 0}  # fmt: skip
    for edge in graph.edges:
        result[edge.relation] += 1
    return result


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
            node = _municipality_node(member.municipality)
        else:
            node = _county_node(member.county, county_points.get(member.county_id, (None, None)))
        target_id = node.id
        nodes.setdefault(target_id, node)
        edges.append(Edge(source=source_id, target=target_id, relation=RELATION_COOPERATION,
                          lead=member.is_lead, project=str(project),
                          project_url=project.get_absolute_url()))  # fmt: skip
    links: list[tuple[str, str]] = []
    _add_documented_transfers(nodes, edges)
    _add_solution_links(nodes, edges, links)
    return Graph(nodes=nodes, edges=edges, map_links=links)


EDGE_COLUMNS = ["source_id", "source_name", "target_id", "target_name", "relation", "lead", "project",
                "reuse_status", "solution", "transfer_kind", "evidence_url"]  # fmt: skip


def edges_csv(graph: Graph) -> str:
    """Open data (plain CSV); names are user-entered, so the formula guard matters here."""
    rows = ([edge.source, graph.nodes[edge.source].name, edge.target, graph.nodes[edge.target].name,
             edge.relation, "yes" if edge.lead else "no", edge.project, edge.status,
             edge.solution, edge.transfer_kind, edge.evidence] for edge in graph.edges)  # fmt: skip
    return exports.csv_text(EDGE_COLUMNS, rows, exports.PLAIN)


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
# (id, for, attr.name): every attribute is a string but ``lead``
GRAPHML_KEYS = [
    ("name", "node", "name"), ("kind", "node", "kind"), ("key", "node", "official_key"),
    ("relation", "edge", "relation"), ("lead", "edge", "lead"), ("project", "edge", "project"),
    ("status", "edge", "reuse_status"), ("solution", "edge", "solution"),
    ("transfer", "edge", "transfer_kind"), ("evidence", "edge", "evidence_url"),
]  # fmt: skip
# Characters XML 1.0 cannot carry at all, not even escaped; user-entered names may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def graphml(graph: Graph) -> str:
    """The graph as GraphML 1.0 (http://graphml.graphdrawing.org/), built with ElementTree."""
    root = ET.Element("graphml", {
        "xmlns": GRAPHML_NS, "xmlns:xsi": _XSI_NS,
        "xsi:schemaLocation": f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd",
    })  # fmt: skip
    for key, domain, name in GRAPHML_KEYS:
        ET.SubElement(root, "key", {"id": key, "for": domain, "attr.name": name,
                                    "attr.type": "boolean" if key == "lead" else "string"})  # fmt: skip
    tree = ET.SubElement(root, "graph", id="stadtnetzwerk", edgedefault="undirected")
    for node in graph.nodes.values():
        element = ET.SubElement(tree, "node", id=_xml(node.id))
        _data(element, name=node.name, kind=node.kind, key=node.key)
    for index, edge in enumerate(graph.edges, start=1):
        element = ET.SubElement(tree, "edge", id=f"e{index}", source=_xml(edge.source),
                                target=_xml(edge.target))  # fmt: skip
        _data(element, relation=edge.relation, lead="true" if edge.lead else "false",
              project=edge.project, status=edge.status, solution=edge.solution,
              transfer=edge.transfer_kind, evidence=edge.evidence)  # fmt: skip
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _data(element: ET.Element, **values: str) -> None:
    """One <data> per key; empty optional values are left out, as GraphML allows."""
    for key, value in values.items():
        if value or key in ("name", "kind", "key", "relation", "lead", "project"):
            ET.SubElement(element, "data", key=key).text = _xml(str(value))


def _xml(value: str) -> str:
    return _NOT_XML.sub("", value)


def table_rows(graph: Graph) -> list[dict]:
    """The links as rows of the accessible table: who, with whom, which key, what kind, where."""
    labels = {
        RELATION_COOPERATION: _("member of the cooperation"),
        RELATION_PUBLISHES: _("publishes the solution"),
        RELATION_REUSES: _("reuses the solution"),
        RELATION_DOCUMENTED: _("documented transfer of"),
    }
    from .models import TransferKind

    transfer_kinds = dict(TransferKind.choices)
    statuses = {"production": _("in production"), "piloting": _("piloting")}
    rows = []
    for edge in graph.edges:
        source, target = graph.nodes[edge.source], graph.nodes[edge.target]
        kind = labels[edge.relation]
        if edge.lead:
            kind += " (" + _("lead") + ")"
        if edge.status:
            kind += " (" + statuses.get(edge.status, edge.status) + ")"
        if edge.relation == RELATION_DOCUMENTED:
            kind += f" {edge.solution} ({transfer_kinds.get(edge.transfer_kind, '')})"
        cooperation = edge.relation in (RELATION_COOPERATION, RELATION_DOCUMENTED)
        rows.append({
            "source": source.name, "source_url": "" if cooperation else source.url,
            "target": target.name, "target_url": target.url,
            "key": target.key if cooperation else source.key, "kind": kind,
            "project": edge.project, "project_url": edge.project_url,
            "evidence": edge.evidence, "relation": edge.relation,
            "unresolved": target.kind == "unresolved",
        })  # fmt: skip
    return rows
