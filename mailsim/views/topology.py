"""The network of a run as a figure: hosts with their roles and ports, links with latency.

Read from the trace alone: its header lists the hosts, links and listening ports,
and its events tell who sent and who read mail. The layout follows the mail's
route from left to right — the sending client, its mail server, the relay, the
recipient's mail server, the reading device — and hangs every other host
(authentication servers, DNS, more devices) below the stop it is linked to, each
in a span of its own. Labels (roles, listening ports, link latencies) are
measured once drawn and moved until none covers another, a host or a link.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailsim.views.captions import host_title, role_key
from mailsim.views.sequence_style import local_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text

    from mailsim.trace import Trace

BOX_FONT = 10.5
STEP_X, STEP_Y = 1.0, 1.0  # layout units: between route hosts, between rows
CHILD_X = 0.72  # the span of a host below the route, in layout units
INCH_X, INCH_Y = 2.6, 2.2  # inches per layout unit
BUS_AT = 4  # a host with this many children below it links them by a bar
BUS_DROP = 0.3  # how far below the host the bar runs, in rows


def server_ports(trace: Trace, host: str) -> list[tuple[int, str]]:
    """The service ports ``host`` listens on, from the trace header."""
    return sorted((port, proto) for name, port, proto in trace.header.ports if name == host)


def network_graph(trace: Trace) -> Any:
    """The hosts and links of the trace header as a networkx graph (latency in µs)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(name for name, _ in trace.header.hosts)
    for a, b, latency, bandwidth in trace.header.links:
        graph.add_edge(a, b, latency=round(latency * 1_000_000), bandwidth=bandwidth)
    return graph


def _children(trace: Trace, graph: Any, route: list[str]) -> dict[str, list[str]]:
    """Every host off the route under the host it hangs from: a route host it is linked
    to, else its parent in a breadth-first walk from the route's start. Children that are
    also linked to a host right of their parent go right, left of it go left."""
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


def name_width(host: str) -> float:
    """Layout units a host's box needs, with room to spare: its name in a monospaced
    font (0.6 em a character) plus the box's padding and a gap."""
    return (len(host) * 0.6 * BOX_FONT + 2 * 0.45 * BOX_FONT + 24) / 72 / INCH_X


def _route(trace: Trace, graph: Any) -> list[str]:
    """The mail's way from the first sending client to the last other client."""
    import networkx as nx

    hosts = [name for name, _ in trace.header.hosts]
    keys = {host: role_key(trace, host) for host in hosts}
    clients = [h for h, key in keys.items() if key.startswith("client")]
    start = next((h for h in clients if keys[h] in ("client.sender", "client.both")),
                 clients[0] if clients else None)
    end = next((h for h in reversed(clients) if h != start), None)
    if start is not None and end is not None:
        try:
            return list(nx.shortest_path(graph, start, end, weight="latency"))
        except nx.NetworkXNoPath:
            pass
    return hosts[:1]


def route_layout(trace: Trace, graph: Any) -> dict[str, tuple[float, float]]:
    """Positions: the route from the first sending client to the last reader on one row,
    every other host in the rows below, under the host it hangs from (a tidy tree: each
    host gets a span of its own, as wide as its children's together, so no two collide)."""
    hosts = [name for name, _ in trace.header.hosts]
    route = _route(trace, graph)
    children = _children(trace, graph, route)
    on_route = set(route)

    def span(host: str) -> float:
        own = max(STEP_X if host in on_route else CHILD_X, name_width(host))
        return max(own, sum(span(kid) for kid in children.get(host, [])))

    positions: dict[str, tuple[float, float]] = {}

    def put(host: str, left: float, y: float) -> None:
        width = span(host)
        positions[host] = (left + width / 2, y)
        kids = children.get(host, [])
        x = left + (width - sum(span(kid) for kid in kids)) / 2
        for kid in kids:
            put(kid, x, y - STEP_Y)
            x += span(kid)

    left = 0.0
    for host in route:
        put(host, left, 0.0)
        left += span(host)
    for host in hosts:  # hosts without links (validation forbids it, but be safe)
        positions.setdefault(host, (len(positions) * STEP_X, 1.0))
    return positions


def plot_topology(trace: Trace, ax: Axes | None = None, *, lang: str = "en") -> Axes:
    """Draw the hosts of ``trace``'s network with role, ports and links; return the Axes.

    The labels are placed after the hosts and links are drawn, each measured and moved
    until it covers no host, no link and no other label (:mod:`mailsim.views.label_layout`).
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    from mailsim.views.fonts import use_fonts

    graph = network_graph(trace)
    positions = route_layout(trace, graph)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    with plt.rc_context(use_fonts(lang)):
        if ax is None:
            width = INCH_X * (max(xs) - min(xs) + 1) + 0.6
            height = INCH_Y * (max(ys) - min(ys) + 1.3) + 1.0
            figure, ax = plt.subplots(figsize=(max(width, 7.0), max(height, 4.0)))
            # the axes fill the figure, so a layout unit is INCH_X inches (or more) wide
            figure.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92)
        ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
        ax.set_ylim(min(ys) - 0.7, max(ys) + 0.75)  # room above the route for roles and ports
        ax.axis("off")
        title = ax.set_title(local_text("ui.topology_title", lang, scenario=trace.header.scenario),
                             fontsize=15, fontweight="bold", loc="left")
        beside_of, drawn = link_paths(graph, _children(trace, graph, _route(trace, graph)),
                                      positions)
        ax.add_collection(LineCollection(drawn, colors="#8a8a8a", linewidths=2.0, zorder=1))
        nodes = {host: _draw_host(ax, host, x, y) for host, (x, y) in positions.items()}
        _place_labels(ax, trace, graph, positions, nodes, title, lang, beside_of, drawn)
    return ax


Point = tuple[float, float]


def link_paths(graph: Any, children: dict[str, list[str]], positions: dict[str, Point]
               ) -> tuple[dict[tuple[str, str], tuple[Point, Point]], list[tuple[Point, Point]]]:
    """The lines to draw, and for each link the line its label goes beside.

    A link is a straight line, except from a host with :data:`BUS_AT` children or more:
    those hang from a bar below it (a line down, a bar across, a line down to each child),
    so their labels have room beside each child's own drop, where a fan of long
    diagonals converging on the host leaves none.
    """
    beside: dict[tuple[str, str], tuple[Point, Point]] = {}
    drawn: list[tuple[Point, Point]] = []
    bus = {parent for parent, kids in children.items() if len(kids) >= BUS_AT}
    for parent in bus:
        (px, py), kids = positions[parent], children[parent]
        bar = py - BUS_DROP * STEP_Y
        xs = [positions[kid][0] for kid in kids]
        drawn += [((px, py), (px, bar)), ((min(*xs, px), bar), (max(*xs, px), bar))]
    for a, b in graph.edges():
        parent, kid = (a, b) if b in children.get(a, ()) else (b, a)
        if parent in bus and kid in children[parent]:
            (kx, ky) = positions[kid]
            drop = ((kx, positions[parent][1] - BUS_DROP * STEP_Y), (kx, ky))
            drawn.append(drop)
            beside[(a, b)] = drop
        else:
            beside[(a, b)] = (positions[a], positions[b])
            drawn.append(beside[(a, b)])
    return beside, drawn


def _draw_host(ax: Axes, host: str, x: float, y: float) -> Text:
    return ax.text(x, y, host, ha="center", va="center", fontsize=BOX_FONT,
                   family="DejaVu Sans Mono", fontweight="bold", zorder=4, gid=f"host-{host}",
                   bbox={"boxstyle": "round,pad=0.45", "fc": "#eef2f7", "ec": "#3d5a80", "lw": 1.4})


def _place_labels(ax: Axes, trace: Trace, graph: Any, positions: dict[str, Point],
                  nodes: dict[str, Text], title: Text, lang: str,
                  beside_of: dict[tuple[str, str], tuple[Point, Point]],
                  drawn: list[tuple[Point, Point]]) -> None:
    """Each host's role and ports, then each link's latency, placed clear of everything."""
    from mailsim.views.label_layout import Obstacles, around, beside, place, text_box, two_lines

    figure = ax.get_figure(root=True)
    assert figure is not None
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    points = 72 / figure.dpi  # points per display pixel
    to_px = ax.transData.transform
    boxes = {host: text_box(text, renderer) for host, text in nodes.items()}
    segments = [(*to_px(start), *to_px(end)) for start, end in drawn]
    obstacles = Obstacles(boxes=[*boxes.values(), text_box(title, renderer)],
                          segments=[tuple(float(v) for v in s) for s in segments])  # type: ignore[misc]
    white = {"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none"}
    order = sorted(positions, key=lambda h: (-positions[h][1], positions[h][0]))
    for host in order:  # the role under (or beside) each host's box
        x0, y0, x1, y1 = boxes[host]
        label = ax.annotate(host_title(trace, host, lang), positions[host], xytext=(0, 0),
                            textcoords="offset points", fontsize=BOX_FONT, zorder=4,
                            color="#1f3a5f", bbox=white, gid=f"role-{host}")
        half_w, half_h = (x1 - x0) / 2 * points, (y1 - y0) / 2 * points
        rings = [around(half_w, half_h, gap) for gap in (5, 16, 30)]
        texts = [label.get_text(), *filter(None, [two_lines(label.get_text())])]
        boxes[host] = _union(boxes[host], place(label, [positions[host]], rings, obstacles,
                                                renderer, texts))
    for host in order:  # what it listens on, beside host and role together
        ports = server_ports(trace, host)
        if not ports:
            continue
        listing = "\n".join(f":{port} {proto}" for port, proto in ports)
        label = ax.annotate(f"{local_text('ui.listens_on', lang)}\n{listing}", positions[host],
                            xytext=(0, 0), textcoords="offset points", fontsize=9,
                            color="#7a4a00", zorder=4, gid=f"ports-{host}", bbox=white,
                            linespacing=1.25)
        cx, cy = to_px(positions[host])
        x0, y0, x1, y1 = boxes[host]
        left, right = (x0 - cx) * points, (x1 - cx) * points
        low, high = (y0 - cy) * points, (y1 - cy) * points
        middle = (left + right) / 2
        rings = [[(middle, low - gap, "center", "top"), (middle, high + gap, "center", "bottom"),
                  (right + gap, (low + high) / 2, "left", "center"),
                  (left - gap, (low + high) / 2, "right", "center"),
                  (right + gap, low, "left", "top"), (left - gap, low, "right", "top")]
                 for gap in (4, 16, 32)]
        place(label, [positions[host]], rings, obstacles, renderer)
    for a, b, data in graph.edges(data=True):  # each link's latency and bandwidth beside it
        (xa, ya), (xb, yb) = beside_of[(a, b)]
        label = ax.annotate(f"{_latency(data['latency'])}\n{_bandwidth(data['bandwidth'])}",
                            (xa, ya), xytext=(0, 0), textcoords="offset points", fontsize=9,
                            color="#444444", zorder=3, gid=f"link-{a}-{b}", linespacing=1.1)
        (pa, qa), (pb, qb) = to_px((xa, ya)), to_px((xb, yb))
        anchors = [(xa + t * (xb - xa), ya + t * (yb - ya))
                   for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.85, 0.9)]
        rings = [beside(pb - pa, qb - qa, gap) for gap in (5, 14, 26)]
        place(label, anchors, rings, obstacles, renderer)


def _union(a: tuple[float, float, float, float],
           b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _latency(micros: int) -> str:
    ms = micros / 1000
    return f"{ms:g} ms" if ms < 1000 else f"{ms / 1000:g} s"


def _bandwidth(bits: float) -> str:
    for size, unit in ((1e9, "Gbit/s"), (1e6, "Mbit/s"), (1e3, "kbit/s")):
        if bits >= size:
            return f"{bits / size:g} {unit}"
    return f"{bits:g} bit/s"


def save_topology(trace: Trace, path: str | Path, *, lang: str = "en") -> Path:
    """Write the network figure to ``path`` (PNG, SVG or PDF by suffix)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mailsim.views.fonts import use_fonts

    figure = plot_topology(trace, lang=lang).get_figure(root=True)
    assert figure is not None
    with plt.rc_context(use_fonts(lang)):
        figure.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(figure)
    return Path(path)
