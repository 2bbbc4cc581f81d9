"""The way each unit of a trace went: the lowest-latency path over the header's links.

A trace records the links but not the paths; the simulator's link table takes the
lowest-latency path (networkx, weight ``latency``), so the views work it out the same
way, once per pair of hosts that talk. A pair with no known path is drawn straight across.
"""

from __future__ import annotations

from mailsim.trace import Trace


def unit_paths(trace: Trace) -> dict[tuple[str, str], list[str]]:
    """``(src, dst)`` -> the hosts a unit from src to dst crosses, both ends included."""
    import networkx as nx  # only when a view needs it: the CLI starts without it

    graph = nx.Graph()
    graph.add_nodes_from(name for name, _ in trace.header.hosts)
    for a, b, latency, _bandwidth in trace.header.links:
        graph.add_edge(a, b, latency=latency)
    found: dict[tuple[str, str], list[str]] = {}
    for event in trace.messages():
        pair = (event.src, event.dst)
        if pair not in found:
            try:
                found[pair] = list(nx.shortest_path(graph, event.src, event.dst, weight="latency"))
            except (nx.NetworkXNoPath, nx.NodeNotFound):
                found[pair] = [event.src, event.dst]
    return found
