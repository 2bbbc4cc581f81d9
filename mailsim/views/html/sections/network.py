"""What the page's animated network needs beyond the records: each line's path of
hops, and when a host was down.

Paths: a unit crosses the lowest-latency path between its two hosts, hop by hop,
store and forward (what the simulator's link table does with networkx on the same
links). A trace records the links but not the path, so it is worked out here from
the header's links, once per pair of hosts that talk.

Outages: a trace records no fault plan either, only what the faults did — units
sent to a host that never arrive, and a ``connection_failed`` naming it. A host
is shown down from the first unit lost on its way to it until the next sign of
life (a unit that reaches it, or one it sends), when two or more units were lost
in between or a connection to it failed; one lost unit that TCP then sends again
is packet loss, not an outage.
"""

from __future__ import annotations

from typing import Any

from mailsim.trace import MessageEvent, StateEvent, Trace

NAME = "network"


def paths(trace: Trace) -> dict[str, list[str]]:
    """``"src>dst"`` -> the hosts a unit from src to dst crosses, both ends included."""
    import networkx as nx  # only when a page is built: the CLI starts without it

    graph = nx.Graph()
    graph.add_nodes_from(name for name, _ in trace.header.hosts)
    for a, b, latency, _bandwidth in trace.header.links:
        graph.add_edge(a, b, latency=latency)
    found: dict[str, list[str]] = {}
    for event in trace.messages():
        key = f"{event.src}>{event.dst}"
        if key in found:
            continue
        try:
            found[key] = list(nx.shortest_path(graph, event.src, event.dst, weight="latency"))
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            found[key] = [event.src, event.dst]  # no link known: drawn straight across
    return found


def outages(trace: Trace) -> list[list[Any]]:
    """``[host, first position, position it is back (None: never)]`` for each outage."""
    found: list[list[Any]] = []
    lost: dict[str, list[int]] = {}      # host -> positions of units lost on the way to it
    failed: set[str] = set()             # hosts a connection to failed since their last sign
    for position, event in enumerate(trace):
        if isinstance(event, StateEvent):
            host = event.data.get("host") if event.action == "connection_failed" else None
            if isinstance(host, str):
                failed.add(host)
            continue
        assert isinstance(event, MessageEvent)
        if event.t_arrived is None:
            lost.setdefault(event.dst, []).append(position)
        else:
            _alive(event.dst, position, lost, failed, found)
        _alive(event.src, position, lost, failed, found)
    for host, positions in lost.items():
        if len(positions) > 1 or host in failed:
            found.append([host, positions[0], None])
    return sorted(found, key=lambda row: (row[1], row[0]))


def _alive(host: str, position: int, lost: dict[str, list[int]], failed: set[str],
           found: list[list[Any]]) -> None:
    """``host`` showed a sign of life at ``position``: close its outage, if it had one."""
    positions = lost.pop(host, None)
    if positions and (len(positions) > 1 or host in failed):
        found.append([host, positions[0], position])
    failed.discard(host)


def build(trace: Trace) -> dict[str, Any]:
    """The paths of the pairs that talk and the outages, for ``assets/network.js``."""
    return {"paths": paths(trace), "outages": outages(trace)}
