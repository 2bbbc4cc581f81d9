"""Issue 10, "untangled nodes": nodes/ and sim/ hold no import cycle, not even for type names,
and no node reaches into the other end of a connection."""

from __future__ import annotations

import ast

import networkx as nx

from tests.design.import_graph import PACKAGE_ROOT, imports

UNTANGLED = ("mailsim.nodes", "mailsim.sim")


def test_nodes_and_sim_have_no_cycle_even_behind_type_checking() -> None:
    graph = nx.DiGraph()
    graph.add_edges_from((e.importer, e.imported) for e in imports()
                         if e.importer.startswith(UNTANGLED) and e.imported.startswith(UNTANGLED))
    assert graph.number_of_edges() > 0  # the scanner saw these packages at all
    assert sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1) == []


def test_no_node_touches_a_connection_ends_handler_or_peer() -> None:
    """The connection tells both ends of a TLS upgrade; a node only uses its own end."""
    found = []
    for path in sorted((PACKAGE_ROOT / "nodes").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"handler", "peer", "start_tls"}:
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert found == []
