"""The link table: who is wired to whom, the lowest-latency paths, and when each link is free.

networkx answers "which path?" once per pair of hosts (and per set of links
that are down); the answer is kept as the tuple of :class:`Lane` objects the
unit crosses, so carrying a unit is a loop over a few plain objects, with no
graph lookup and no path search on the hot path.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import networkx as nx

MICROS = 1_000_000
Down = frozenset[frozenset[str]]


@dataclass(slots=True)
class LinkInfo:
    """What a link is, as the scenario says (and the trace header repeats)."""

    latency: int  # microseconds
    bandwidth: float  # bits per second


class Lane:
    """One direction of a link: its latency, its bandwidth and when it is free again."""

    __slots__ = ("bandwidth", "busy_until", "latency")

    def __init__(self, latency: int, bandwidth: float) -> None:
        self.latency = latency
        self.bandwidth = bandwidth
        self.busy_until = 0  # a link is reserved when a unit is sent (see network.py)


Route = tuple[Lane, ...]


class LinkTable:
    """The graph of hosts and links, with its paths and routes cached until it changes."""

    def __init__(self) -> None:
        self.graph = nx.Graph()
        self._lanes: dict[tuple[str, str], Lane] = {}
        self._paths: dict[tuple[str, str, Down], list[str] | None] = {}
        self._routes: dict[tuple[str, str, Down], Route | None] = {}
        # route(src, dst) with no link down, once found: the network's per-unit lookup
        self.up_routes: dict[tuple[str, str], Route] = {}

    def add_host(self, name: str) -> None:
        self.graph.add_node(name)

    def add_link(self, a: str, b: str, latency: int, bandwidth: float) -> None:
        self.graph.add_edge(a, b, info=LinkInfo(latency, bandwidth), latency=latency)
        self._lanes[a, b] = Lane(latency, bandwidth)
        self._lanes[b, a] = Lane(latency, bandwidth)
        self.forget()

    def forget(self) -> None:
        """Drop the cached paths: the graph (or a routing weight in it) changed."""
        self._paths.clear()
        self._routes.clear()
        self.up_routes.clear()

    def path(self, src: str, dst: str, down: Down = frozenset()) -> list[str] | None:
        """The lowest-latency path from ``src`` to ``dst`` avoiding the links ``down``."""
        key = (src, dst, down)
        if key not in self._paths:
            graph = nx.restricted_view(self.graph, [], [tuple(link) for link in down]) if down \
                else self.graph
            try:
                self._paths[key] = nx.shortest_path(graph, src, dst, weight="latency")
            except (nx.NetworkXNoPath, nx.NodeNotFound):
                self._paths[key] = None
        return self._paths[key]

    def route(self, src: str, dst: str, down: Down = frozenset()) -> Route | None:
        """The lanes a unit crosses on :meth:`path` (None: no way there)."""
        key = (src, dst, down)
        try:
            return self._routes[key]
        except KeyError:
            hops = self.path(src, dst, down)
            route = None if hops is None else self.lanes(hops)
            self._routes[key] = route
            if route is not None and not down:
                self.up_routes[src, dst] = route
            return route

    def lanes(self, hops: list[str]) -> Route:
        """The lanes along ``hops``, each in its direction of travel."""
        return tuple(self._lanes[a, b] for a, b in itertools.pairwise(hops))


def transit(route: Route, size: int, start: int) -> int:
    """Arrival time of ``size`` octets sent at ``start`` over ``route``, reserving each lane.

    Store and forward: on each lane the unit waits until the lane is free, takes
    ``size * 8 / bandwidth`` to put on the wire and ``latency`` to cross it.
    """
    t = start
    for lane in route:
        begin = lane.busy_until
        if t > begin:
            begin = t
        # The same expression as ever (size * 8 * MICROS / bandwidth), so the same rounding.
        end = begin + round(size * 8 * MICROS / lane.bandwidth)
        lane.busy_until = end
        t = end + lane.latency
    return t
