"""What the page's animated network needs beyond the records: each line's path of
hops, when a host was down, and where a router dropped a SYN (OP25B).

Paths: a unit crosses the lowest-latency path between its two hosts, hop by hop,
store and forward (:mod:`mailsim.views.routes` works it out from the header's links,
as the simulator's link table does).

Outages: a trace records no fault plan either, only what the faults did — units
sent to a host that never arrive, and a ``connection_failed`` naming it. A host
is shown down from the first unit lost on its way to it until the next sign of
life (a unit that reaches it, or one it sends), when two or more units were lost
in between or a connection to it failed; one lost unit that TCP then sends again
is packet loss, not an outage. A cut link shows in the times alone: a new
connection's SYN or a datagram that starts while it is down goes the long way
round (sessions already open carry on over it, as sim/outages.py says). The
lanes are replayed in trace order, store and forward as sim/links.py does; a
unit whose arrival the lowest-latency path cannot give, but another path gives
to the microsecond, took that detour, and the links it avoided are shown down
at that step.
"""

from __future__ import annotations

import itertools
from typing import Any

from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.views.drops import dropped_syns
from mailsim.views.routes import unit_paths

NAME = "network"
MICROS = 1_000_000
ALTERNATIVES = 6  # the other paths tried, by latency, for a unit its shortest path cannot explain


def paths(trace: Trace) -> dict[str, list[str]]:
    """``"src>dst"`` -> the hosts a unit from src to dst crosses, both ends included."""
    return {f"{src}>{dst}": hops for (src, dst), hops in unit_paths(trace).items()}


def detours(trace: Trace, shortest: dict[str, list[str]]) -> dict[int, list[str]]:
    """Position -> hosts, for the units that went round a cut link (see the module's text)."""
    import networkx as nx

    graph = nx.Graph()
    lanes: dict[tuple[str, str], tuple[int, float]] = {}
    for a, b, latency, bandwidth in trace.header.links:
        graph.add_edge(a, b, latency=latency)
        lanes[a, b] = lanes[b, a] = (round(latency * MICROS), bandwidth)
    busy: dict[tuple[str, str], int] = {}
    last: dict[tuple[str | None, str, str], int] = {}  # TCP delivers in order (not_before)

    def arrival(hops: list[str], sent: int, size: int, commit: bool) -> int:
        t = sent
        for hop in itertools.pairwise(hops):
            latency, bandwidth = lanes[hop]
            end = max(t, busy.get(hop, 0)) + round(size * 8 * MICROS / bandwidth)
            if commit:
                busy[hop] = end
            t = end + latency
        return t

    found: dict[int, list[str]] = {}
    for position, e in enumerate(trace):
        if not isinstance(e, MessageEvent) or e.t_arrived is None:
            continue
        hops = shortest.get(f"{e.src}>{e.dst}", [])
        if any(hop not in lanes for hop in itertools.pairwise(hops)):
            continue
        sent, actual = round(e.t_sent * MICROS), round(e.t_arrived * MICROS)
        held = last.get((e.conn, e.src, e.dst))
        last[e.conn, e.src, e.dst] = actual
        expected = arrival(hops, sent, e.size, commit=False)
        if abs(expected - actual) <= 1 or (expected < actual and held is not None
                                           and abs(held - actual) <= 1):
            arrival(hops, sent, e.size, commit=True)
            continue
        others = itertools.islice(nx.shortest_simple_paths(graph, e.src, e.dst, weight="latency"),
                                  1, 1 + ALTERNATIVES)
        way = next((list(p) for p in others if abs(arrival(list(p), sent, e.size, False) - actual) <= 1),
                   None)
        if way is not None:
            found[position] = way
        arrival(way or hops, sent, e.size, commit=True)
    return found


def blocked(trace: Trace, shortest: dict[str, list[str]]) -> dict[int, list[str]]:
    """Position -> the hops up to the router, for each SYN a router dropped (OP25B)."""
    found: dict[int, list[str]] = {}
    drops = dropped_syns(trace)
    syns = {e.seq: e for e in trace.messages() if e.seq in drops}
    for position, router in drops.items():
        event = syns[position]
        hops = shortest.get(f"{event.src}>{event.dst}", [])
        if router in hops:
            found[position] = hops[: hops.index(router) + 1]
    return found


def outages(trace: Trace, shortest: dict[str, list[str]] | None = None,
            detoured: dict[int, list[str]] | None = None,
            dropped: dict[int, list[str]] | None = None) -> list[list[Any]]:
    """``["host", name, first position, position it is back (None: never)]`` for each host
    outage and ``["link", [a, b], position, position + 1]`` for each unit's detour."""
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
            if dropped is None or position not in dropped:  # a router's drop: the host is up
                lost.setdefault(event.dst, []).append(position)
        else:
            _alive(event.dst, position, lost, failed, found)
        _alive(event.src, position, lost, failed, found)
    for host, positions in lost.items():
        if len(positions) > 1 or host in failed:
            found.append(["host", host, positions[0], None])
    shortest = shortest or paths(trace)
    for position, way in (detours(trace, shortest) if detoured is None else detoured).items():
        e = trace[position]
        assert isinstance(e, MessageEvent)
        used = {frozenset(hop) for hop in itertools.pairwise(way)}
        found.extend(["link", sorted(hop), position, position + 1]
                     for hop in itertools.pairwise(shortest[f"{e.src}>{e.dst}"])
                     if frozenset(hop) not in used)
    return sorted(found, key=lambda row: (row[2], str(row[1])))


def _alive(host: str, position: int, lost: dict[str, list[int]], failed: set[str],
           found: list[list[Any]]) -> None:
    """``host`` showed a sign of life at ``position``: close its outage, if it had one."""
    positions = lost.pop(host, None)
    if positions and (len(positions) > 1 or host in failed):
        found.append(["host", host, positions[0], position])
    failed.discard(host)


def build(trace: Trace) -> dict[str, Any]:
    """The paths of the pairs that talk, the detours and the outages, for ``assets/network.js``."""
    shortest = paths(trace)
    detoured = detours(trace, shortest)
    dropped = blocked(trace, shortest)
    return {"paths": shortest, "detours": {str(k): v for k, v in detoured.items()},
            "blocked": {str(k): v for k, v in dropped.items()},
            "outages": outages(trace, shortest, detoured, dropped)}
