"""Drawing pieces of the sequence diagram: lifelines, heads, arrows, notes, bars, breaks.

Coordinates: lifeline ``i`` stands at ``x = i``; ``y`` is the row of
:class:`~mailsim.views.timeline.RowLayout` (time runs down). Every text sits in
the band just above its event's row, so texts of different rows never meet.
Sizes in points are turned into offsets with ``offset points`` or
:func:`_shifted`, so the look does not depend on the figure size.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.views.sequence_style import (
    LOST_COLOUR,
    NOTE_EDGE,
    NOTE_FACE,
    colour,
    local_text,
    message_label,
    note_label,
    padlock_path,
    truncate,
)
from mailsim.views.timeline import RowLayout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.text import Text
    from matplotlib.transforms import Transform

FONT = 9.5
LOCK_COLOUR = "#8a6d00"
HEADS_TOP = 44.0  # points above the axes taken by role titles and host boxes
ANALOGY_LINES_POINTS = 40.0
CAPTION_CELLS = 66
GREETINGS = ("220", "+OK", "* OK")
LEGEND_ORDER = ("SMTP", "LDAP", "DNS", "POP3", "IMAP", "TLS", "TCP")
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


def _shifted(ax: Axes, dx: float, dy: float, base: Transform | None = None) -> Transform:
    """``base`` (data coordinates by default) moved by ``dx``, ``dy`` points."""
    from matplotlib.transforms import ScaledTranslation

    return (base or ax.transData) + ScaledTranslation(dx / 72, dy / 72, ax.figure.dpi_scale_trans)


def _caption_module() -> Any:
    try:
        from mailsim.views import captions
    except ImportError:  # pragma: no cover - the caption layer ships with mailsim
        return None
    return captions


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
    captions = _caption_module()
    for host, x in geometry.x.items():
        ax.text(x, 1.0, host, transform=_shifted(ax, 0, 6, top), ha="center", va="bottom",
                fontsize=FONT + 0.5, family="DejaVu Sans Mono", clip_on=False,
                bbox={"boxstyle": "round,pad=0.3", "fc": "#eef2f7", "ec": "#555555", "lw": 1.0})
        role = captions.host_title(trace, host, geometry.lang) if captions else ""
        ax.text(x, 1.0, role, transform=_shifted(ax, 0, 26, top), ha="center", va="bottom",
                fontsize=FONT + 1, fontweight="bold", clip_on=False)
        caption = captions.node_caption(trace, host, geometry.lang) if captions and \
            geometry.analogy else None
        if caption:
            width = 15 if geometry.lang == "ja" else 28
            wrapped = "\n".join(textwrap.wrap(caption, width)[:3])
            ax.text(x, 1.0, wrapped, transform=_shifted(ax, 0, 43, top), ha="center",
                    va="bottom", fontsize=FONT - 0.5, style="italic", color="#6b4e00",
                    clip_on=False, linespacing=1.1)
    ax.text(0.0, 1.0, title, transform=_shifted(ax, 0, geometry.heads_top + 38, ax.transAxes),
            ha="left", va="bottom", fontsize=15, fontweight="bold", clip_on=False)
    ax.text(-0.72, 1.0, local_text("ui.step_column", geometry.lang), ha="center",
            va="bottom", fontsize=FONT, color="#777777", transform=_shifted(ax, 0, 6, top))
    if geometry.analogy:
        ax.text(geometry.caption_x, 1.0, local_text("ui.plain_words", geometry.lang),
                ha="left", va="bottom", fontsize=FONT + 1, fontweight="bold", color="#6b4e00",
                transform=_shifted(ax, 0, 6, top), clip_on=False)


def draw_legend(ax: Axes, trace: Trace, lang: str, heads_top: float = HEADS_TOP) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    present = trace.protocols()
    for protocol in sorted(present, key=lambda p: (LEGEND_ORDER.index(p) if p in LEGEND_ORDER
                                                   else len(LEGEND_ORDER), p)):
        label = {"TCP": local_text("ui.tcp", lang),
                 "TLS": local_text("ui.tls_handshake", lang)}.get(protocol, protocol)
        width = 0.9 if protocol == "TCP" else 2.0
        handles.append(Line2D([], [], color=colour(protocol), linewidth=width, label=label))
    if any(e.encrypted for e in trace.messages()):
        handles.append(Line2D([], [], marker=padlock_path(), markersize=10, linestyle="none",
                              color=LOCK_COLOUR, label=local_text("ui.encrypted", lang)))
    if trace.states():
        handles.append(Patch(fc=NOTE_FACE, ec=NOTE_EDGE, label=local_text("ui.state_change", lang)))
    if any(e.protocol == "TCP" or e.conn for e in trace.messages()):
        handles.append(Patch(fc="#cccccc", ec="#888888", label=local_text("ui.connection", lang)))
    if not handles:
        return
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0),
              bbox_transform=_shifted(ax, 0, heads_top + 4, ax.transAxes), ncol=len(handles),
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
        ax.add_patch(Rectangle((left, gap.y0), right - left, gap.y1 - gap.y0, fc="#f4f4f4",
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
        if event.protocol == "TCP" and event.text.startswith("SYN") and "ACK" not in event.text:
            return event.dst
    first = group[0]
    return first.src if first.text.startswith(GREETINGS) else first.dst


def draw_connections(ax: Axes, trace: Trace, geometry: Geometry) -> list[Text]:
    """A thin bar on the server's lifeline while a connection is open, tagged ``:port``."""
    from matplotlib.patches import Rectangle

    layout = geometry.layout
    taken: dict[str, list[tuple[float, float, int]]] = {}
    tags: list[Text] = []
    for group in _groups(trace):
        server = _server(group)
        peers = [e.src if e.dst == server else e.dst for e in group]
        if server not in geometry.x or not all(p in geometry.x for p in peers):
            continue
        y0 = layout.rows[group[0].seq]
        y1 = max(layout.arrival(e) for e in group)
        level = min(set(range(6)) - {lvl for a, b, lvl in taken.get(server, []) if a < y1 and y0 < b})
        taken.setdefault(server, []).append((y0, y1, level))
        protocols = [e.protocol for e in group if e.protocol not in ("TCP", "TLS")]
        tint = colour(protocols[0] if protocols else "TCP")
        x = geometry.x[server] + 0.05 * level
        ax.add_patch(Rectangle((x - 0.022, y0), 0.044, max(y1 - y0, 0.3), fc=tint, alpha=0.3,
                               ec=tint, lw=0.6, zorder=2, gid="connection"))
        away = 1 if geometry.x[peers[0]] <= geometry.x[server] else -1
        tags.append(ax.text(x, y0, f":{group[0].port}", transform=_shifted(ax, 7 * away, 1.5),
                            ha="left" if away > 0 else "right", va="bottom", fontsize=FONT,
                            fontweight="bold", color=tint, zorder=5, gid="port"))
    return tags


# --- events -------------------------------------------------------------------------------


def draw_arrow(ax: Axes, event: MessageEvent, geometry: Geometry, *, show_encrypted: bool,
               max_label: int) -> tuple[FancyArrowPatch, Text | None]:
    """The arrow of one unit on the wire, from its send row to its arrival row, and its label."""
    from matplotlib.patches import FancyArrowPatch

    x0, x1 = geometry.x[event.src], geometry.x[event.dst]
    y0, y1 = geometry.layout.rows[event.seq], geometry.layout.arrival(event)
    tcp = event.protocol == "TCP"
    lost = event.t_arrived is None
    tint = LOST_COLOUR if lost else colour(event.protocol)
    if x0 == x1:  # a host talking to itself: a short loop to the right
        x1 = x0 + 0.25
    arrow = FancyArrowPatch(
        (x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=8 if tcp else 11,
        color=tint, linewidth=0.8 if tcp else 1.9 if event.protocol == "TLS" else 1.4,
        linestyle="--" if lost else "-", shrinkA=0, shrinkB=1, zorder=4, gid=f"msg-{event.seq}")
    ax.add_patch(arrow)
    if lost:
        ax.plot([(x0 + x1) / 2], [y0], marker="x", color=LOST_COLOUR, markersize=9, zorder=5)
    direction = 1 if x1 > x0 else -1
    text = message_label(event, lang=geometry.lang, show_encrypted=show_encrypted,
                         max_label=max_label)
    start = LABEL_GAP
    if event.encrypted:
        ax.plot([x0], [y0], marker=padlock_path(), markersize=9, color=LOCK_COLOUR,
                linestyle="none", transform=_shifted(ax, direction * (LABEL_GAP + 6), 7.0),
                zorder=6, gid=f"lock-{event.seq}")
        start = LABEL_GAP + 13
    label = ax.annotate(
        text, xy=(x0, y0), xytext=(direction * start, 1.5), textcoords="offset points",
        ha="left" if direction > 0 else "right", va="bottom", fontsize=FONT,
        color="#7a7a7a" if tcp else _darker(tint), zorder=5, annotation_clip=False,
        bbox={"boxstyle": "square,pad=0.08", "fc": "white", "ec": "none", "alpha": 0.8},
        gid=f"label-{event.seq}")
    label.set_parse_math(False)
    return arrow, label


def draw_note(ax: Axes, event: StateEvent, geometry: Geometry) -> Text:
    """A small note on the host's lifeline saying what changed there."""
    x, y = geometry.x[event.node], geometry.layout.rows[event.seq]
    ax.plot([x], [y], marker="o", markersize=3.5, color=NOTE_EDGE, zorder=6)
    note = ax.annotate(
        note_label(event, lang=geometry.lang), xy=(x, y), xytext=(0, 2.0),
        textcoords="offset points", ha="center", va="bottom", fontsize=FONT - 0.5,
        color="#4a3b00", zorder=7, annotation_clip=False, gid=f"note-{event.seq}",
        bbox={"boxstyle": "round,pad=0.18", "fc": NOTE_FACE, "ec": NOTE_EDGE, "lw": 0.8})
    note.set_parse_math(False)
    return note


def draw_captions(ax: Axes, trace: Trace, geometry: Geometry, *,
                  reveal: bool = False) -> dict[int, Text]:
    """The plain-words column on the right: one line per event, from the caption catalogue."""
    captions = _caption_module()
    out: dict[int, Text] = {}
    if captions is None:
        return out
    x = geometry.caption_x
    ax.axvline(x - 0.08, color="#dddddd", lw=1.0, zorder=0.5)
    previous: str | None = None
    for event in trace:
        caption: str | None = captions.event_caption(event, geometry.lang, reveal=reveal)
        if not caption or (caption == previous and _is_tcp(event)):
            previous = caption
            continue
        previous = caption
        text = ax.annotate(truncate(caption, CAPTION_CELLS), xy=(x, geometry.layout.rows[event.seq]),
                           xytext=(0, 1.5), textcoords="offset points", ha="left", va="bottom",
                           fontsize=FONT - 0.5, style="italic", color="#5a4a1a",
                           annotation_clip=False, gid=f"caption-{event.seq}")
        text.set_parse_math(False)
        out[event.seq] = text
    return out


def _is_tcp(event: TraceEvent) -> bool:
    return isinstance(event, MessageEvent) and event.protocol == "TCP"


def _darker(hex_colour: str, factor: float = 0.8) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))
