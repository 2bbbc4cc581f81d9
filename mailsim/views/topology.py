"""The network of a run as a figure: hosts with their roles and ports, links with latency.

Read from the trace alone: its header lists the hosts, links and listening ports,
and its events tell who sent and who read mail. The figure is drawn for a projector
(:mod:`mailsim.views.chart_style`: 1920 px wide, no text under 18 pt), so it is laid
out as an outline that grows downwards, not sideways: the mail's route — the sending
client, its mail server, the relay, the recipient's mail server, the reading device —
runs down the left edge, one host a row, and every other host (authentication servers,
DNS, more devices) is indented in the rows under the host it hangs from, linked by a
bar and a stub. A link that is neither (DNS linked to two mail servers) runs from box
edge to box edge, and the row it slants down to gets the room its label needs. Labels
(roles, listening ports, link latencies) are measured once drawn and moved until none
covers another, a host or a link (:mod:`mailsim.views.topology_labels`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailsim.views.captions import role_key
from mailsim.views.chart_style import FONT, WIDTH
from mailsim.views.sequence_style import local_text
from mailsim.views.topology_labels import BOX_ROW, server_ports

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from mailsim.trace import Trace

__all__ = ["network_graph", "plot_topology", "role_key", "route_layout", "save_topology",
           "server_ports"]

Point = tuple[float, float]
# Inches (the axes' data units are inches: the axes fill a figure WIDTH inches wide).
MARGIN = 0.3  # around the figure's content
ROUTE_ROOM = 1.9  # left of the route's line: its links' latency labels
ROUTE_IN = 0.3  # the route's line, this far right of the route hosts' left edge
BAR_IN = 0.75  # a host's bar to the hosts below it, this far right of its left edge
ROW_GAP = 0.45  # between two rows, and room above a stub for its link's label
TITLE_ROOM = 0.85  # the title's band at the top
BOX_EDGE = 0.2  # a box's upper or lower edge, this far from its centre (a little inside)
CORNER = 0.3  # a link meets a box's edge at least this far in from its corner
SLANT_ROOM = 0.5  # more room above a row a slanted link comes down to: one label's height


def network_graph(trace: Trace) -> Any:
    """The hosts and links of the trace header as a networkx graph (latency in µs)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(name for name, _ in trace.header.hosts)
    for a, b, latency, bandwidth in trace.header.links:
        graph.add_edge(a, b, latency=round(latency * 1_000_000), bandwidth=bandwidth)
    return graph


def children_of(trace: Trace, graph: Any, route: list[str]) -> dict[str, list[str]]:
    """Every host off the route under the host it hangs from: a route host it is linked
    to, else its parent in a breadth-first walk from the route's start. Children also
    linked to a host later on the route come last (next to that host), earlier ones first."""
    import networkx as nx

    on_route = set(route)
    parents: dict[str, str] = {}
    for parent, host in nx.bfs_edges(graph, route[0]) if route[0] in graph else []:
        if host not in on_route:
            parents[host] = next((n for n in route if graph.has_edge(n, host)), parent)
    index = {host: k for k, (host, _) in enumerate(trace.header.hosts)}
    where = {host: k for k, host in enumerate(route)}
    children: dict[str, list[str]] = {}
    for host, parent in parents.items():
        children.setdefault(parent, []).append(host)

    def pull(host: str) -> tuple[int, int]:
        home = where.get(parents[host])
        sides = {(where[n] > home) - (where[n] < home) for n in graph.neighbors(host)
                 if n in where and home is not None and n != parents[host]}
        return (sum(sides), index.get(host, 0))

    return {parent: sorted(kids, key=pull) for parent, kids in children.items()}


def mail_route(trace: Trace, graph: Any) -> list[str]:
    """The mail's way from the first sending client to the last other client (or, with
    no reading device, to the last recipient's mail server)."""
    import networkx as nx

    hosts = [name for name, _ in trace.header.hosts]
    keys = {host: role_key(trace, host) for host in hosts}
    clients = [h for h, key in keys.items() if key.startswith("client")]
    start = next((h for h in clients if keys[h] in ("client.sender", "client.sending", "client.both")),
                 clients[0] if clients else None)
    end = next((h for h in reversed(clients) if h != start), None)
    if end is None:
        end = next((h for h in reversed(hosts) if keys[h] == "mail_server.recipient"), None)
    if start is not None and end is not None:
        try:
            return list(nx.shortest_path(graph, start, end, weight="latency"))
        except nx.NetworkXNoPath:
            pass
    return hosts[:1]


@dataclass(frozen=True, slots=True)
class Outline:
    """Where everything goes, in inches: each host's box centre, the rows' order."""

    positions: dict[str, Point]
    rows: list[tuple[str, int]]  # (host, depth) from the top down
    route: list[str]
    children: dict[str, list[str]]
    left: dict[str, float]  # each host box's left edge
    bottom: float  # the last row's lower edge


def outline(trace: Trace, graph: Any, sizes: dict[str, tuple[float, float]],
            stub: float) -> Outline:
    """The route down the left, one host a row; under each host the hosts hanging from
    it, indented by a bar and a stub of ``stub`` inches. ``sizes`` are each host's
    (width, height) in inches: its box's width, and the height of what its row holds
    (at least :data:`BOX_ROW`: the box with its role beside it, then the ports below)."""
    route = mail_route(trace, graph)
    children = children_of(trace, graph, route)
    rows: list[tuple[str, int]] = []

    def visit(host: str, depth: int) -> None:
        rows.append((host, depth))
        for kid in children.get(host, []):
            visit(kid, depth + 1)

    for host in route:
        visit(host, 0)
    seen = {host for host, _ in rows}
    rows += [(name, 0) for name, _ in trace.header.hosts if name not in seen]  # unlinked
    x0 = MARGIN + (ROUTE_ROOM if len(route) > 1 else 0.0)
    positions: dict[str, Point] = {}
    left = {host: x0 + depth * (BAR_IN + stub) for host, depth in rows}
    y = -TITLE_ROOM
    for host, _ in rows:
        width, height = sizes[host]
        if any(n in positions and not tree_link(route, children, n, host)
               and _columns(left, sizes, n, host) <= 2 * CORNER for n in graph.neighbors(host)):
            y -= SLANT_ROOM  # a slanted link comes down to this row: room for its label
        positions[host] = (left[host] + width / 2, y - ROW_GAP / 2 - BOX_ROW / 2)
        y -= ROW_GAP + max(height, BOX_ROW)
    return Outline(positions, rows, route, children, left, y)


def tree_link(route: list[str], children: dict[str, list[str]], a: str, b: str) -> bool:
    """Whether a-b is a step of the route or a host's stub to one hanging from it."""
    return (b in children.get(a, ()) or a in children.get(b, ())
            or any(step in ((a, b), (b, a)) for step in pairwise(route)))


def _columns(left: dict[str, float], sizes: dict[str, tuple[float, float]],
             a: str, b: str) -> float:
    """How wide a column two hosts' boxes share (negative: how far apart they are)."""
    return (min(left[a] + sizes[a][0], left[b] + sizes[b][0]) - max(left[a], left[b]))


def route_layout(trace: Trace, graph: Any) -> dict[str, Point]:
    """Each host's box centre in inches, with box sizes estimated from the names
    (for tests and callers without a renderer)."""
    sizes = {name: (len(name) * 0.6 * FONT / 72 + 0.3, BOX_ROW) for name, _ in trace.header.hosts}
    return outline(trace, graph, sizes, stub=2.3).positions


def link_lines(graph: Any, layout: Outline
               ) -> tuple[dict[tuple[str, str], tuple[Point, Point]], list[tuple[Point, Point]]]:
    """The lines to draw, and for each link the line its label goes beside.

    The route's links run down one line left in its hosts' boxes; a host's links to the
    hosts under it run down its bar (right of the route's line) and out along a stub to
    each; any other link is straight, from one box's lower edge to the other's upper
    edge (:func:`cross_link`).
    """
    pos, beside = layout.positions, {}
    drawn: list[tuple[Point, Point]] = []
    route_x = {host: layout.left[host] + ROUTE_IN for host in layout.route}
    steps = set(zip(layout.route, layout.route[1:], strict=False))
    for parent, kids in layout.children.items():
        bar_x = layout.left[parent] + BAR_IN
        drawn.append(((bar_x, pos[parent][1]), (bar_x, pos[kids[-1]][1])))
    for a, b in graph.edges():
        if (a, b) in steps or (b, a) in steps:
            x = route_x[a]
            beside[(a, b)] = ((x, pos[a][1]), (x, pos[b][1]))
            drawn.append(beside[(a, b)])
            continue
        parent, kid = (a, b) if b in layout.children.get(a, ()) else (b, a)
        if kid in layout.children.get(parent, ()):
            bar_x, y = layout.left[parent] + BAR_IN, pos[kid][1]
            beside[(a, b)] = ((bar_x, y), (layout.left[kid], y))
            drawn.append(((bar_x, y), pos[kid]))
        else:
            beside[(a, b)] = cross_link(layout, a, b)
            drawn.append(beside[(a, b)])
    return beside, drawn


def cross_link(layout: Outline, a: str, b: str) -> tuple[Point, Point]:
    """A link that is neither a route step nor a stub, from the lower edge of the upper
    host's box to the upper edge of the lower one's: straight down where the boxes share
    a column, else from the corners nearest each other. Not centre to centre: such a
    line leaves a box through its side, across the row where the host's role and ports
    go, and pushes them into the next row's space."""
    (upper, lower) = sorted((a, b), key=lambda h: -layout.positions[h][1])
    (ux, uy), (lx, ly) = layout.positions[upper], layout.positions[lower]
    u0, u1 = layout.left[upper], 2 * ux - layout.left[upper]
    l0, l1 = layout.left[lower], 2 * lx - layout.left[lower]
    start, end = max(u0, l0), min(u1, l1)
    if end - start > 2 * CORNER:  # one column: a vertical line near its left
        x_up = x_low = start + CORNER
    else:  # each end as near the other box as its own box allows
        x_up = min(max(lx, u0 + CORNER), u1 - CORNER)
        x_low = min(max(ux, l0 + CORNER), l1 - CORNER)
    return (x_up, uy - BOX_EDGE), (x_low, ly + BOX_EDGE)


def plot_topology(trace: Trace, *, lang: str = "en") -> Axes:
    """Draw the hosts of ``trace``'s network with role, ports and links; return the Axes
    (of a figure :data:`~mailsim.views.chart_style.WIDTH` inches wide, or wider when a
    deep network needs it; its data units are inches)."""
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    from mailsim.views.chart_style import PROJECTOR_PX, chart_rc
    from mailsim.views.topology_labels import measure, place_labels  # matplotlib: on use

    graph = network_graph(trace)
    with plt.rc_context(chart_rc(lang)):
        figure = plt.figure(figsize=(WIDTH, 9.0), dpi=PROJECTOR_PX / WIDTH)
        ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.axis("off")
        nodes = {name: _draw_host(ax, name) for name, _ in trace.header.hosts}
        sizes, stub, right = measure(ax, trace, graph, nodes, lang)
        layout = outline(trace, graph, sizes, stub)
        stacked = frozenset(h for h in nodes if layout.left[h] + right[h] > WIDTH - MARGIN)
        if stacked:  # ports one a line where a row would run off the projector's width
            sizes, stub, right = measure(ax, trace, graph, nodes, lang, stacked)
            layout = outline(trace, graph, sizes, stub)
        bottom = layout.bottom
        width = max(WIDTH, max(layout.left[h] + right[h] for h in nodes) + MARGIN)
        figure.set_size_inches(width, -bottom + MARGIN)
        figure.set_dpi(PROJECTOR_PX / width)
        ax.set_xlim(0.0, width)
        ax.set_ylim(bottom - MARGIN, 0.0)
        for host, text in nodes.items():
            text.set_position(layout.positions[host])
        title = ax.text(MARGIN, -MARGIN, local_text("ui.topology_title", lang,
                                                    scenario=trace.header.scenario),
                        fontsize=FONT + 4, fontweight="bold", ha="left", va="top", gid="title")
        beside_of, drawn = link_lines(graph, layout)
        ax.add_collection(LineCollection(drawn, colors="#8a8a8a", linewidths=2.5, zorder=1))
        place_labels(ax, trace, graph, layout.positions, nodes, title, lang, beside_of, drawn)
    return ax


def _draw_host(ax: Axes, host: str) -> Text:
    return ax.text(0.0, 0.0, host, ha="center", va="center", fontsize=FONT,
                   family="DejaVu Sans Mono", fontweight="bold", zorder=4, gid=f"host-{host}",
                   bbox={"boxstyle": "round,pad=0.4", "fc": "#eef2f7", "ec": "#3d5a80", "lw": 2.0})


def topology_figure(trace: Trace, lang: str = "en") -> Figure:
    figure = plot_topology(trace, lang=lang).get_figure(root=True)
    assert figure is not None
    return figure


def save_topology(trace: Trace, path: str | Path, *, lang: str = "en") -> Path:
    """Write the network figure to ``path`` (PNG, SVG or PDF by suffix), 1920 px wide."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mailsim.views.chart_style import chart_rc, dpi_for

    figure = topology_figure(trace, lang)
    with plt.rc_context(chart_rc(lang)):
        figure.savefig(path, dpi=dpi_for(figure))
    plt.close(figure)
    return Path(path)
