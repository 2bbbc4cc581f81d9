"""Drawing the frame of the sequence diagram: lifelines, heads, legend, time, bars, breaks.

The events themselves (arrows, notes, the plain-words column) are drawn by
:mod:`mailsim.views.sequence_events`.

Coordinates: lifeline ``i`` stands at ``x = i``; ``y`` is the row of
:class:`~mailsim.views.timeline.RowLayout` (time runs down). Every text sits in
the band just above its event's row, so texts of different rows never meet.
Sizes in points are turned into offsets with ``offset points`` or
:func:`shifted`, so the look does not depend on the figure size.
"""

from __future__ import annotations

import heapq
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mailsim.trace import MessageEvent, Trace
from mailsim.views.captions import host_title, node_caption
from mailsim.views.protocols import colour, is_application, is_transport, legend_key, legend_rank
from mailsim.views.sequence_style import NOTE_EDGE, NOTE_FACE, local_text, padlock_path
from mailsim.views.timeline import RowLayout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.patches import Patch
    from matplotlib.text import Text
    from matplotlib.transforms import Transform

FONT = 9.5
LOCK_COLOUR = "#8a6d00"
HEADS_TOP = 44.0  # points above the axes taken by role titles and host boxes
ANALOGY_LINES_POINTS = 40.0
CAPTION_CELLS = 66
GREETINGS = ("220", "+OK", "* OK")
LABEL_GAP = 8.0  # points between a lifeline and the label that starts there


@dataclass(slots=True)
class Geometry:
    """Where things go: lifeline positions, the row layout, and the options that move them."""

    hosts: list[str]
    layout: RowLayout
    analogy: bool = False
    lang: str = "en"
    caption_x: float = 0.0
    x: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.x = {host: float(index) for index, host in enumerate(self.hosts)}

    @property
    def heads_top(self) -> float:
        return HEADS_TOP + (ANALOGY_LINES_POINTS if self.analogy else 0.0)


def shifted(ax: Axes, dx: float, dy: float, base: Transform | None = None) -> Transform:
    """``base`` (data coordinates by default) moved by ``dx``, ``dy`` points."""
    from matplotlib.transforms import ScaledTranslation

    return (base or ax.transData) + ScaledTranslation(dx / 72, dy / 72, ax.figure.dpi_scale_trans)


def add_fixed(ax: Axes, patch: Patch) -> None:
    """``ax.add_patch`` without growing the data limits, which the diagram never reads.

    The diagram sets both axis limits itself before drawing (autoscaling is off),
    and for an arrow ``add_patch`` works out the arrow's whole path in display
    coordinates just to grow them: a fifth of a page's plotting time.
    """
    ax.add_artist(patch)


# --- lifelines, heads, legend ---------------------------------------------------------


def draw_lifelines(ax: Axes, geometry: Geometry, bottom: float) -> dict[str, Any]:
    lines = {}
    for host, x in geometry.x.items():
        (line,) = ax.plot([x, x], [-1.0, bottom], color="#555555", linewidth=1.0, zorder=1,
                          gid=f"lifeline-{host}")
        lines[host] = line
    return lines


def draw_heads(ax: Axes, trace: Trace, geometry: Geometry, title: str) -> None:
    """Role title above a boxed host name; with the analogy, the postal caption on top."""
    from matplotlib.transforms import blended_transform_factory

    top = blended_transform_factory(ax.transData, ax.transAxes)
    for host, x in geometry.x.items():
        ax.text(x, 1.0, host, transform=shifted(ax, 0, 6, top), ha="center", va="bottom",
                fontsize=FONT + 0.5, family="DejaVu Sans Mono", clip_on=False,
                bbox={"boxstyle": "round,pad=0.3", "fc": "#eef2f7", "ec": "#555555", "lw": 1.0})
        role = host_title(trace, host, geometry.lang)
        ax.text(x, 1.0, role, transform=shifted(ax, 0, 26, top), ha="center", va="bottom",
                fontsize=FONT + 1, fontweight="bold", clip_on=False)
        caption = node_caption(trace, host, geometry.lang) if geometry.analogy else None
        if caption:
            width = 15 if geometry.lang == "ja" else 28
            wrapped = "\n".join(textwrap.wrap(caption, width)[:3])
            ax.text(x, 1.0, wrapped, transform=shifted(ax, 0, 43, top), ha="center",
                    va="bottom", fontsize=FONT - 0.5, style="italic", color="#6b4e00",
                    clip_on=False, linespacing=1.1)
    ax.text(0.0, 1.0, title, transform=shifted(ax, 0, geometry.heads_top + 38, ax.transAxes),
            ha="left", va="bottom", fontsize=15, fontweight="bold", clip_on=False)
    ax.text(-0.72, 1.0, local_text("ui.step_column", geometry.lang), ha="center",
            va="bottom", fontsize=FONT, color="#777777", transform=shifted(ax, 0, 6, top))
    if geometry.analogy:
        ax.text(geometry.caption_x, 1.0, local_text("ui.plain_words", geometry.lang),
                ha="left", va="bottom", fontsize=FONT + 1, fontweight="bold", color="#6b4e00",
                transform=shifted(ax, 0, 6, top), clip_on=False)


def draw_legend(ax: Axes, trace: Trace, lang: str, heads_top: float = HEADS_TOP) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    present = trace.protocols()
    for protocol in sorted(present, key=legend_rank):
        key = legend_key(protocol)
        label = local_text(key, lang) if key else protocol
        width = 0.9 if is_transport(protocol) else 2.0
        handles.append(Line2D([], [], color=colour(protocol), linewidth=width, label=label))
    if any(e.encrypted for e in trace.messages()):
        handles.append(Line2D([], [], marker=padlock_path(), markersize=10, linestyle="none",
                              color=LOCK_COLOUR, label=local_text("ui.encrypted", lang)))
    if trace.states():
        handles.append(Patch(fc=NOTE_FACE, ec=NOTE_EDGE, label=local_text("ui.state_change", lang)))
    if any(is_transport(e.protocol) or e.conn for e in trace.messages()):
        handles.append(Patch(fc="#cccccc", ec="#888888", label=local_text("ui.connection", lang)))
    if not handles:
        return
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0),
              bbox_transform=shifted(ax, 0, heads_top + 4, ax.transAxes), ncol=len(handles),
              frameon=False, fontsize=FONT, handlelength=2.2, borderaxespad=0.0,
              columnspacing=1.6)


def draw_time_scale(ax: Axes, trace: Trace, geometry: Geometry) -> None:
    """Time ticks on the left at event rows (every few rows), step numbers beside them."""
    layout = geometry.layout
    longest = max((e.time for e in trace), default=0.0)
    ticks: list[float] = []
    labels: list[str] = []
    last = -99.0
    after_break = {next((y for y in layout.ys if y > b.y1), None) for b in layout.breaks}
    for t, y in zip(layout.times, layout.ys, strict=True):
        if y - last >= 5 or (y in after_break and y - last >= 1.5):
            ticks.append(y)
            labels.append(clock(t, longest))
            last = y
    ax.set_yticks(ticks, labels, fontsize=FONT)
    ax.tick_params(axis="y", length=3, color="#999999")
    unit = "ui.time_seconds" if longest < 60 else "ui.time"
    ax.set_ylabel(local_text(unit, geometry.lang), fontsize=FONT + 0.5)
    for event in trace:
        ax.text(-0.72, layout.rows[event.seq], str(event.seq), ha="center", va="center",
                fontsize=FONT - 0.5, color="#8a8a8a", zorder=2)


def clock(t: float, longest: float) -> str:
    """``0.127 s`` for short runs, ``15:00.2`` or ``1:52:00`` for long ones."""
    if longest < 60:
        return f"{t:.3f} s"
    hours, rest = divmod(t, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{int(hours)}:{int(minutes):02d}:{seconds:04.1f}"
    return f"{int(minutes)}:{seconds:04.1f}"


def about(seconds: float, lang: str) -> str:
    """A rounded duration: ``≈ 15 min``, ``≈ 980 ms``; Japanese units for ``ja``."""
    units = (("ミリ秒", "秒", "分", "時間", "日") if lang == "ja"
             else (" ms", " s", " min", " h", " d"))
    if seconds < 1:
        return f"≈ {seconds * 1000:.0f}{units[0]}"
    for size, unit in ((86400, units[4]), (3600, units[3]), (60, units[2])):
        if seconds >= size:
            value = seconds / size
            return f"≈ {value:.1f}{unit}" if value < 10 else f"≈ {value:.0f}{unit}"
    return f"≈ {seconds:.1f}{units[1]}" if seconds < 10 else f"≈ {seconds:.0f}{units[1]}"


# --- gaps and connections -----------------------------------------------------------


def draw_breaks(ax: Axes, geometry: Geometry, right: float) -> None:
    """Blank out each idle gap, draw break marks across, and say how long it really was."""
    import numpy as np
    from matplotlib.patches import Rectangle

    left = -0.95
    for gap in geometry.layout.breaks:
        add_fixed(ax, Rectangle((left, gap.y0), right - left, gap.y1 - gap.y0, fc="#f4f4f4",
                               ec="none", zorder=1.5, gid="gap"))
        xs = np.linspace(left, right, int((right - left) * 14) + 1)
        for y in (gap.y0, gap.y1):
            ax.plot(xs, y + 0.12 * (-1) ** np.arange(len(xs)), color="#9a9a9a", lw=0.8,
                    zorder=1.6)
        ax.vlines(list(geometry.x.values()), gap.y0, gap.y1, colors="#555555",
                  linestyles=":", lw=1.0, zorder=1.7)
        text = local_text("ui.gap", geometry.lang, duration=about(gap.length, geometry.lang))
        ax.text((len(geometry.hosts) - 1) / 2, (gap.y0 + gap.y1) / 2, text, ha="center",
                va="center", fontsize=FONT + 0.5, style="italic", color="#333333", zorder=1.8,
                bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "#bbbbbb"}, gid="gap-label")


def _groups(trace: Trace) -> list[list[MessageEvent]]:
    """Messages by connection; a DNS query and its answer make a group of their own."""
    groups: dict[object, list[MessageEvent]] = {}
    latest: dict[tuple[frozenset[str], int], int] = {}
    for event in trace.messages():
        key: object = event.conn
        if event.conn is None:
            pair = (frozenset((event.src, event.dst)), event.port)
            if event.text.startswith("QUERY") or pair not in latest:
                latest[pair] = event.seq
            key = (pair, latest[pair])
        groups.setdefault(key, []).append(event)
    return list(groups.values())


def _server(group: Sequence[MessageEvent]) -> str:
    for event in group:
        if is_transport(event.protocol) and event.text.startswith("SYN") \
                and "ACK" not in event.text:
            return event.dst
    first = group[0]
    return first.src if first.text.startswith(GREETINGS) else first.dst


def draw_connections(ax: Axes, trace: Trace, geometry: Geometry) -> list[Text]:
    """A thin bar on the server's lifeline while a connection is open, tagged ``:port``."""
    from matplotlib.patches import Rectangle

    layout = geometry.layout
    lanes: dict[str, Lanes] = {}
    tags: list[Text] = []
    for group in _groups(trace):
        server = _server(group)
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
        tags.append(ax.text(x, y0, f":{group[0].port}", transform=shifted(ax, 7 * away, 1.5),
                            ha="left" if away > 0 else "right", va="bottom", fontsize=FONT,
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
