# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The GraphML export is valid GraphML whatever the names hold (built with ElementTree)."""

import xml.etree.ElementTree as ET

from stadtnetz.projects import network

NS = {"g": network.GRAPHML_NS}


def _graph(name='Stadt <Beispiel> & "Söhne"', project="Smart ✓ Region"):
    nodes = {
        "org:a": network.Node(id="org:a", name=name, kind="cooperation", key="", url="/a/"),
        "ags:05122000": network.Node(
            id="ags:05122000",
            name="Solingen",
            kind="municipality",
            key="05122000",
            url="/kommunen/05122000/",
        ),  # fmt: skip
    }
    edges = [
        network.Edge(
            source="org:a",
            target="ags:05122000",
            relation=network.RELATION_COOPERATION,
            lead=True,
            project=project,
            project_url="/p/",
        ),  # fmt: skip
        network.Edge(
            source="ags:05122000",
            target="org:a",
            relation=network.RELATION_DOCUMENTED,
            lead=False,
            project="",
            project_url="",
            transfer_kind="reuse",
            solution="App",
            evidence="https://example.org/?a=1&b=2",
        ),  # fmt: skip
    ]
    return network.Graph(nodes=nodes, edges=edges)


def _data(element):
    return {d.get("key"): d.text or "" for d in element.findall("g:data", NS)}


def test_graphml_declares_its_keys_and_keeps_every_value():
    text = network.graphml(_graph())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns=')
    root = ET.fromstring(text.encode())
    assert root.tag == f"{{{network.GRAPHML_NS}}}graphml"
    keys = {k.get("id"): (k.get("for"), k.get("attr.type")) for k in root.findall("g:key", NS)}
    assert keys["lead"] == ("edge", "boolean") and keys["name"] == ("node", "string")
    (graph,) = root.findall("g:graph", NS)
    assert graph.get("edgedefault") == "undirected"
    nodes = {n.get("id"): _data(n) for n in graph.findall("g:node", NS)}
    assert nodes["org:a"] == {
        "name": 'Stadt <Beispiel> & "Söhne"',
        "kind": "cooperation",
        "key": "",
    }
    edges = graph.findall("g:edge", NS)
    assert [(e.get("source"), e.get("target")) for e in edges] == [
        ("org:a", "ags:05122000"), ("ags:05122000", "org:a")
    ]  # fmt: skip
    assert _data(edges[0]) == {"relation": "cooperation_member", "lead": "true",
                               "project": "Smart ✓ Region"}  # fmt: skip
    assert _data(edges[1])["evidence"] == "https://example.org/?a=1&b=2"
    assert "status" not in _data(edges[1])  # optional values are left out when empty
    used = {d.get("key") for d in root.iter(f"{{{network.GRAPHML_NS}}}data")}
    assert used <= set(keys)


def test_control_characters_in_names_do_not_break_the_xml():
    """XML 1.0 cannot carry U+0001 even escaped; the string-built export wrote it through."""
    text = network.graphml(_graph(name="Kreis\x01 Nord\x0b", project="Projekt\x1f"))
    root = ET.fromstring(text.encode())
    names = [d.text for d in root.iter(f"{{{network.GRAPHML_NS}}}data") if d.get("key") == "name"]
    assert "Kreis Nord" in names
