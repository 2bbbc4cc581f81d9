"""The topology figure's labels: measured before the layout, placed after it.

:func:`measure` gives :mod:`mailsim.views.topology` the sizes its outline needs
(each host's box and row, the stub long enough for a link's label); :func:`place_labels`
then puts each host's role beside its box, what it listens on under the role and each
link's latency and bandwidth beside its line, every one through
:mod:`mailsim.views.label_layout` so none covers another label, a host or a link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mailsim.views.captions import host_title
from mailsim.views.chart_style import FONT
from mailsim.views.sequence_style import local_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text

    from mailsim.trace import Trace
    from mailsim.views.label_layout import Spot

Point = tuple[float, float]
WHITE = {"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none"}
GAP = 0.12  # inches between a box and the label beside it
STUB_AIR = 0.5  # inches of a stub left free of its label
HOP, HOPS = 12.0, 16  # points, and how many: a label tried this much further right on its row


BOX_ROW = 0.56  # inches: the height of a row's first line, a host's box and its role beside it


def server_ports(trace: Trace, host: str) -> list[tuple[int, str]]:
    """The service ports ``host`` listens on, from the trace header."""
    return sorted((port, proto) for name, port, proto in trace.header.ports if name == host)


def ports_texts(trace: Trace, host: str, lang: str) -> list[str]:
    """What ``host`` listens on: on one line (under its role), then one port a line."""
    ports = [f":{port} {proto}" for port, proto in server_ports(trace, host)]
    if not ports:
        return []
    head = local_text("ui.listens_on", lang)
    return [f"{head} {', '.join(ports)}", "\n".join([head, *ports])]


def link_texts(data: dict[str, Any]) -> list[str]:
    """A link's latency and bandwidth: on one line, then on two."""
    latency, bandwidth = _latency(data["latency"]), _bandwidth(data["bandwidth"])
    return [f"{latency} · {bandwidth}", f"{latency}\n{bandwidth}"]


def measure(ax: Axes, trace: Trace, graph: Any, nodes: dict[str, Text], lang: str,
            stacked: frozenset[str] = frozenset()
            ) -> tuple[dict[str, tuple[float, float]], float, dict[str, float]]:
    """Inches: each host's (box width, row height), the stub's length, and how far right
    of its box's left edge a host's row reaches: box, role, then what it listens on — on
    one line, or for the ``stacked`` hosts one port a line (a taller row)."""
    from mailsim.views.label_layout import text_box

    figure = ax.get_figure(root=True)
    assert figure is not None
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    dpi = figure.dpi

    def size(text: str, **style: Any) -> tuple[float, float]:
        probe = ax.text(0.0, 0.0, text, fontsize=FONT, **style)
        x0, y0, x1, y1 = text_box(probe, renderer)
        probe.remove()
        return (x1 - x0) / dpi, (y1 - y0) / dpi

    sizes: dict[str, tuple[float, float]] = {}
    right: dict[str, float] = {}
    for host, node in nodes.items():
        x0, _, x1, _ = text_box(node, renderer)
        box_w = (x1 - x0) / dpi
        role_w, _ = size(host_title(trace, host, lang), bbox=WHITE)
        ports = ports_texts(trace, host, lang)
        ports_w, ports_h = 0.0, 0.0
        if ports:
            ports_w, ports_h = size(ports[host in stacked], bbox=WHITE, linespacing=1.2)
        sizes[host] = (box_w, max(BOX_ROW, ports_h + 0.1 if host in stacked else 0.0))
        right[host] = box_w + 3 * GAP + role_w + ports_w
    widths = [size(link_texts(data)[0])[0] for _, _, data in graph.edges(data=True)]
    return sizes, max(widths, default=1.0) + STUB_AIR, right


def place_labels(ax: Axes, trace: Trace, graph: Any, positions: dict[str, Point],
                 nodes: dict[str, Text], title: Text, lang: str,
                 beside_of: dict[tuple[str, str], tuple[Point, Point]],
                 drawn: list[tuple[Point, Point]]) -> None:
    """Each host's role beside its box, what it listens on beside that, then each
    link's latency and bandwidth beside its line."""
    from mailsim.views.label_layout import Obstacles, around, beside, place, text_box, two_lines

    figure = ax.get_figure(root=True)
    assert figure is not None
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    points = 72 / figure.dpi  # points per display pixel
    gap = GAP * 72
    to_px = ax.transData.transform
    boxes = {host: text_box(text, renderer) for host, text in nodes.items()}
    segments = [(*to_px(start), *to_px(end)) for start, end in drawn]
    width, height = figure.canvas.get_width_height()  # no label runs off the figure
    obstacles = Obstacles(boxes=[*boxes.values(), text_box(title, renderer)],
                          segments=[tuple(float(v) for v in s) for s in segments],  # type: ignore[misc]
                          frame=(0.0, 0.0, float(width), float(height)))
    order = sorted(positions, key=lambda h: (-positions[h][1], positions[h][0]))
    for host in order:  # the role beside each host's box (else under or over it)
        x0, y0, x1, y1 = boxes[host]
        half_w, half_h = (x1 - x0) / 2 * points, (y1 - y0) / 2 * points
        label = ax.annotate(host_title(trace, host, lang), positions[host], xytext=(0, 0),
                            textcoords="offset points", fontsize=FONT, zorder=4,
                            color="#1f3a5f", bbox=WHITE, gid=f"role-{host}")
        rings: list[list[Spot]] = [along(half_w + gap, 0.0),
                                   *(around(half_w, half_h, extra) for extra in (6, 18, 34))]
        texts = [label.get_text(), *filter(None, [two_lines(label.get_text())])]
        role = place(label, [positions[host]], rings, obstacles, renderer, texts)
        boxes[host] = _union(boxes[host], role)
        ports = ports_texts(trace, host, lang)
        if not ports:
            continue
        label = ax.annotate(ports[0], positions[host], xytext=(0, 0), textcoords="offset points",
                            fontsize=FONT, color="#7a4a00", zorder=4, gid=f"ports-{host}",
                            bbox=WHITE, linespacing=1.2)
        cx, cy = to_px(positions[host])
        x0, y0, x1, y1 = boxes[host]
        middle = (y0 + y1 - 2 * cy) / 2 * points
        place(label, [positions[host]], [along((x1 - cx) * points + gap, middle)], obstacles,
              renderer, ports)
    for a, b, data in graph.edges(data=True):  # each link's latency and bandwidth beside it
        (xa, ya), (xb, yb) = beside_of[(a, b)]
        texts = link_texts(data)
        if abs(xb - xa) < abs(yb - ya):  # a line down: two short lines fit beside it
            texts.reverse()
        label = ax.annotate(texts[0], (xa, ya), xytext=(0, 0), textcoords="offset points",
                            fontsize=FONT, color="#444444", zorder=3, gid=f"link-{a}-{b}",
                            linespacing=1.1)
        (pa, qa), (pb, qb) = to_px((xa, ya)), to_px((xb, yb))
        anchors = [(xa + t * (xb - xa), ya + t * (yb - ya))
                   for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.85, 0.9)]
        rings = [beside(pb - pa, qb - qa, extra) for extra in (5, 14, 26)]
        place(label, anchors, rings, obstacles, renderer, texts)


def along(dx: float, dy: float) -> list[Spot]:
    """Spots right of ``dx`` points on a host's row, the nearest first, then further right
    in :data:`HOPS` steps: a link that comes down through the row keeps the label on its
    row, past the link, rather than pushing it into the space of the rows around."""
    return [(dx + HOP * k, dy, "left", "center") for k in range(HOPS + 1)]


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
