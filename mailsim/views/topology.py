"""The network of a run as a figure: hosts with their roles and ports, links with latency.

Read from the trace alone: its header lists the hosts, links and listening ports,
and its events tell who sent and who read mail. The layout follows the mail's
route from left to right — the sending client, its mail server, the relay, the
recipient's mail server, the reading device — and hangs every other host
(authentication servers, DNS, more devices) below the stop it is linked to.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailsim.views.captions import host_title, role_key
from mailsim.views.sequence_style import local_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from mailsim.trace import Trace

BOX_FONT = 10.5
STEP_X, STEP_Y = 1.0, 1.0


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


def route_layout(trace: Trace, graph: Any) -> dict[str, tuple[float, float]]:
    """Positions: the route from the first sending client to the last reader on one row,
    every other host below the host it hangs off."""
    import networkx as nx

    hosts = [name for name, _ in trace.header.hosts]
    keys = {host: role_key(trace, host) for host in hosts}
    clients = [h for h, key in keys.items() if key.startswith("client")]
    start = next((h for h in clients if keys[h] in ("client.sender", "client.both")),
                 clients[0] if clients else None)
    end = next((h for h in reversed(clients) if h != start), None)
    route: list[str] = []
    if start is not None and end is not None:
        try:
            route = nx.shortest_path(graph, start, end, weight="latency")
        except nx.NetworkXNoPath:
            route = []
    if not route:
        route = hosts[:1]
    positions = {host: (index * STEP_X, 0.0) for index, host in enumerate(route)}
    parents: dict[str, str] = {}
    for parent, host in nx.bfs_edges(graph, route[0]) if route[0] in graph else []:
        if host not in positions:
            parents[host] = next((n for n in route if graph.has_edge(n, host)), parent)
    placed = True
    while placed:  # parents before children: a breadth-first order may not put them first
        placed = False
        for parent in dict.fromkeys(parents.values()):
            children = [h for h, p in parents.items() if p == parent and h not in positions]
            if parent not in positions or not children:
                continue
            px, py = positions[parent]
            for k, child in enumerate(children):
                positions[child] = (px + (k - (len(children) - 1) / 2) * 0.62 * STEP_X, py - STEP_Y)
            placed = True
    for host in hosts:  # hosts without links (validation forbids it, but be safe)
        positions.setdefault(host, (len(positions) * STEP_X, 1.0))
    return positions


def plot_topology(trace: Trace, ax: Axes | None = None, *, lang: str = "en") -> Axes:
    """Draw the hosts of ``trace``'s network with role, ports and links; return the Axes."""
    import matplotlib.pyplot as plt
    import networkx as nx

    from mailsim.views.fonts import use_fonts

    graph = network_graph(trace)
    positions = route_layout(trace, graph)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    with plt.rc_context(use_fonts(lang)):
        if ax is None:
            width = 2.9 * (max(xs) - min(xs) + 1) + 0.6
            height = 2.7 * (max(ys) - min(ys) + 1) + 0.6
            _, ax = plt.subplots(figsize=(max(width, 7.0), max(height, 4.0)))
        nx.draw_networkx_edges(graph, positions, ax=ax, width=2.0, edge_color="#8a8a8a")
        for a, b, data in graph.edges(data=True):
            text = f"{_latency(data['latency'])}\n{_bandwidth(data['bandwidth'])}"
            (xa, ya), (xb, yb) = positions[a], positions[b]
            if ya < yb:
                (xa, ya), (xb, yb) = (xb, yb), (xa, ya)
            flat = abs(ya - yb) < abs(xa - xb)  # a link along the route: label above it
            # A link down to a hanging host: label near the lower end, on the outer side.
            where = 0.5 if flat else 0.7
            side = -1 if xb < xa - 1e-9 else 1
            ax.annotate(text, (xa + where * (xb - xa), ya + where * (yb - ya)),
                        xytext=(0, 5) if flat else (7 * side, 0), textcoords="offset points",
                        ha="center" if flat else "left" if side > 0 else "right",
                        va="bottom" if flat else "center", fontsize=9, color="#444444",
                        zorder=3, gid=f"link-{a}-{b}")
        for host, (x, y) in positions.items():
            _draw_host(ax, trace, host, x, y, lang)
        ax.set_xlim(min(xs) - 0.55, max(xs) + 0.55)
        ax.set_ylim(min(ys) - 0.75, max(ys) + 0.3)
        ax.axis("off")
        ax.set_title(local_text("ui.topology_title", lang, scenario=trace.header.scenario), fontsize=15,
                     fontweight="bold", loc="left")
    return ax


def _draw_host(ax: Axes, trace: Trace, host: str, x: float, y: float, lang: str) -> None:
    title = host_title(trace, host, lang)
    ax.text(x, y, host, ha="center", va="center", fontsize=BOX_FONT,
            family="DejaVu Sans Mono", fontweight="bold", zorder=4, gid=f"host-{host}",
            bbox={"boxstyle": "round,pad=0.45", "fc": "#eef2f7", "ec": "#3d5a80", "lw": 1.4})
    white = {"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none"}
    ax.annotate(title, (x, y), xytext=(0, -15), textcoords="offset points", ha="center",
                va="top", fontsize=BOX_FONT, zorder=4, color="#1f3a5f", bbox=white)
    ports = server_ports(trace, host)
    if ports:
        listing = "\n".join(f":{port} {proto}" for port, proto in ports)
        ax.annotate(f"{local_text('ui.listens_on', lang)}\n{listing}", (x, y), xytext=(0, -33),
                    textcoords="offset points", ha="center", va="top", fontsize=9,
                    color="#7a4a00", zorder=4, gid=f"ports-{host}", bbox=white,
                    linespacing=1.25)


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
