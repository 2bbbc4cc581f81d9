"""The connection bars of the sequence diagram: which side listens, and lanes that never run out.

A thin bar on the listening host's lifeline while a connection is open, tagged
with its port; overlapping connections on one host take lanes side by side.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mailsim.trace import MessageEvent, Trace
from mailsim.views.phases import connection_key
from mailsim.views.protocols import colour, is_application, is_transport
from mailsim.views.sequence_draw import GREETINGS, Geometry, add_fixed, shifted

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text


def _groups(trace: Trace) -> list[list[MessageEvent]]:
    """Messages by connection; a DNS query and its answer make a group of their own."""
    groups: dict[object, list[MessageEvent]] = {}
    latest: dict[tuple[frozenset[str], int], int] = {}
    for event in trace.messages():
        groups.setdefault(connection_key(event, latest), []).append(event)
    return list(groups.values())


def _server(group: Sequence[MessageEvent], roles: Mapping[str, str]) -> str:
    """The host that listens: where the SYN, the query or the first command went."""
    for event in group:
        text = event.text
        if is_transport(event.protocol) and text.startswith("SYN"):
            return event.src if "ACK" in text else event.dst
        if text.startswith("QUERY"):
            return event.dst
        if text.startswith(("ANSWER", *GREETINGS)):
            return event.src
    first = group[0]  # the middle of a conversation: the side whose role serves
    if roles.get(first.dst) != "client" and roles.get(first.src) == "client":
        return first.dst
    if roles.get(first.src) != "client" and roles.get(first.dst) == "client":
        return first.src
    return first.dst


def listeners(trace: Trace) -> dict[str, str]:
    """Connection id -> the host that listens, read from the whole trace (its SYN, greeting).

    A page or a filtered figure may start in the middle of a connection; its bar
    still belongs on the listening side.
    """
    roles = dict(trace.header.hosts)
    return {group[0].conn: _server(group, roles) for group in _groups(trace)
            if group[0].conn is not None}


def draw_connections(ax: Axes, trace: Trace, geometry: Geometry,
                     servers: Mapping[str, str] | None = None) -> list[Text]:
    """A thin bar on the server's lifeline while a connection is open, tagged ``:port``.

    ``servers`` (connection id -> listening host, :func:`listeners` of the whole
    trace) says which side a connection's bar goes on.
    """
    from matplotlib.patches import Rectangle

    layout = geometry.layout
    roles = dict(trace.header.hosts)
    lanes: dict[str, Lanes] = {}
    tags: list[Text] = []
    for group in _groups(trace):
        conn = group[0].conn
        known = servers.get(conn) if servers is not None and conn is not None else None
        server = known if known is not None else _server(group, roles)
        peers = [e.src if e.dst == server else e.dst for e in group]
        if server not in geometry.x or not all(p in geometry.x for p in peers):
            continue
        y0 = layout.rows[group[0].seq]
        y1 = max(layout.arrival(e) for e in group)
        level = lanes.setdefault(server, Lanes()).take(y0, y1)
        protocols = [e.protocol for e in group if is_application(e.protocol)]
        tint = colour(protocols[0]) if protocols else colour("TCP")
        x = geometry.x[server] + lane_offset(level)
        add_fixed(ax, Rectangle((x - 0.022, y0), 0.044, max(y1 - y0, 0.3), fc=tint, alpha=0.3,
                               ec=tint, lw=0.6, zorder=2, gid="connection"))
        away = 1 if geometry.x[peers[0]] <= geometry.x[server] else -1
        tags.append(ax.text(x, y0, f":{group[0].port}",
                            transform=shifted(ax, geometry.pt(7) * away, geometry.pt(1.5)),
                            ha="left" if away > 0 else "right", va="bottom",
                            fontsize=geometry.font(),
                            fontweight="bold", color=tint, zorder=5, gid="port"))
    return tags


class Lanes:
    """Bars open on one lifeline: each new bar takes the lowest lane free at its start.

    Any number of connections may overlap (a busy server has dozens); a lane is
    reused as soon as its bar has ended. Groups come in order of their first row,
    so two heaps suffice: bars still open (by end) and lanes freed.
    """

    __slots__ = ("_count", "_free", "_open")

    def __init__(self) -> None:
        self._open: list[tuple[float, int]] = []  # (end row, lane)
        self._free: list[int] = []
        self._count = 0

    def take(self, y0: float, y1: float) -> int:
        """The lane for a bar from row ``y0`` to ``y1``."""
        while self._open and self._open[0][0] <= y0:
            heapq.heappush(self._free, heapq.heappop(self._open)[1])
        if self._free:
            lane = heapq.heappop(self._free)
        else:
            lane, self._count = self._count, self._count + 1
        heapq.heappush(self._open, (y1, lane))
        return lane


def lane_offset(lane: int) -> float:
    """How far right of its lifeline lane ``lane`` is drawn: 0.05 a lane, closer ever after.

    The steps shrink geometrically, so even a hundred lanes stay within a third
    of the way to the next lifeline.
    """
    return 0.05 * (1 - 0.85 ** lane) / (1 - 0.85)
