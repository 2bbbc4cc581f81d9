"""Drawing the events of the sequence diagram: arrows, notes and the plain-words column.

Coordinates and sizes as in :mod:`mailsim.views.sequence_draw`, whose
:class:`~mailsim.views.sequence_draw.Geometry` says where each lifeline and row is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.views.captions import event_caption
from mailsim.views.protocols import colour, is_transport
from mailsim.views.sequence_draw import (
    CAPTION_CELLS,
    LABEL_GAP,
    LOCK_COLOUR,
    Geometry,
    add_fixed,
    shifted,
)
from mailsim.views.sequence_style import (
    LOST_COLOUR,
    NOTE_EDGE,
    NOTE_FACE,
    message_label,
    note_label,
    padlock_path,
    truncate,
)

BESIDE_CELLS = 34  # the narrowest the plain words under an arrow are wrapped to

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.text import Text


def draw_arrow(ax: Axes, event: MessageEvent, geometry: Geometry, *, show_encrypted: bool,
               max_label: int) -> tuple[FancyArrowPatch, Text | None, Line2D | None]:
    """The arrow of one unit on the wire, from its send row to its arrival row, its label
    and, for an encrypted line, the padlock that leads the label."""
    from matplotlib.patches import FancyArrowPatch

    x0, x1 = geometry.x[event.src], geometry.x[event.dst]
    y0, y1 = geometry.layout.rows[event.seq], geometry.layout.arrival(event)
    tcp = is_transport(event.protocol)
    lost = event.t_arrived is None
    router = geometry.stops.get(event.seq) if lost else None
    if router in geometry.x:  # a SYN a router dropped (OP25B) ends there, crossed out
        x1 = geometry.x[router]
    tint = LOST_COLOUR if lost else colour(event.protocol)
    if x0 == x1:  # a host talking to itself: a short loop to the right
        x1 = x0 + 0.25
    width = 0.8 if tcp else 1.9 if event.protocol == "TLS" else 1.4
    arrow = FancyArrowPatch(
        (x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=geometry.pt(8 if tcp else 11),
        color=tint, linewidth=width * min(geometry.style.scale, 1.5),
        linestyle="--" if lost else "-", shrinkA=0, shrinkB=1, zorder=4, gid=f"msg-{event.seq}")
    add_fixed(ax, arrow)
    if lost:
        ax.plot([x1 if router in geometry.x else (x0 + x1) / 2], [y0], marker="x",
                color=LOST_COLOUR, markersize=geometry.pt(9), zorder=5)
    direction = 1 if x1 > x0 else -1
    text = message_label(event, lang=geometry.lang, show_encrypted=show_encrypted,
                         max_label=max_label)
    start = geometry.pt(LABEL_GAP)
    lock = None
    if event.encrypted:  # the padlock leads the label: room for it before the text
        (lock,) = ax.plot([x0], [y0], marker=padlock_path(), markersize=geometry.pt(9), color=LOCK_COLOUR,
                linestyle="none",
                transform=shifted(ax, direction * geometry.pt(LABEL_GAP + 6), geometry.pt(7)),
                zorder=6, gid=f"lock-{event.seq}")
        start = geometry.pt(LABEL_GAP + 13)
    label = ax.annotate(
        text, xy=(x0, y0), xytext=(direction * start, geometry.pt(1.5)),
        textcoords="offset points",
        ha="left" if direction > 0 else "right", va="bottom", fontsize=geometry.font(),
        color="#7a7a7a" if tcp else _darker(tint), zorder=5, annotation_clip=False,
        bbox={"boxstyle": "square,pad=0.08", "fc": "white", "ec": "none", "alpha": 0.8},
        gid=f"label-{event.seq}")
    label.set_parse_math(False)
    return arrow, label, lock


def draw_note(ax: Axes, event: StateEvent, geometry: Geometry) -> Text:
    """A small note on the host's lifeline saying what changed there."""
    x, y = geometry.x[event.node], geometry.layout.rows[event.seq]
    ax.plot([x], [y], marker="o", markersize=geometry.pt(3.5), color=NOTE_EDGE, zorder=6)
    note = ax.annotate(
        note_label(event, lang=geometry.lang), xy=(x, y), xytext=(0, geometry.pt(2.0)),
        textcoords="offset points", ha="center", va="bottom", fontsize=geometry.font(-0.5),
        color="#4a3b00", zorder=7, annotation_clip=False, gid=f"note-{event.seq}",
        bbox={"boxstyle": "round,pad=0.18", "fc": NOTE_FACE, "ec": NOTE_EDGE, "lw": 0.8})
    note.set_parse_math(False)
    return note


def draw_captions(ax: Axes, trace: Trace, geometry: Geometry, *,
                  reveal: bool = False) -> dict[int, Text]:
    """The plain-words column on the right: one line per event, from the caption catalogue."""
    out: dict[int, Text] = {}
    x = geometry.caption_x
    ax.axvline(x - 0.08, color="#dddddd", lw=1.0, zorder=0.5)
    previous: str | None = None
    for event in trace:
        caption = event_caption(event, geometry.lang, reveal=reveal)
        if not caption or (caption == previous and _is_tcp(event)):
            previous = caption
            continue
        previous = caption
        text = ax.annotate(truncate(caption, CAPTION_CELLS), xy=(x, geometry.layout.rows[event.seq]),
                           xytext=(0, 1.5), textcoords="offset points", ha="left", va="bottom",
                           fontsize=geometry.font(-0.5), color="#5a4a1a",
                           annotation_clip=False, gid=f"caption-{event.seq}")
        text.set_parse_math(False)
        out[event.seq] = text
    return out


def caption_rows(trace: Trace, lang: str, font: float, column_points: float,
                 hosts: Sequence[str], *, reveal: bool = False) -> dict[int, list[str]]:
    """The plain words of each event, wrapped to go over its label (seq -> lines).

    A line is as wide as the arrow (a note: one lifeline spacing), and at least
    :data:`BESIDE_CELLS` cells; sentences are broken between words or phrases, never
    cut (:func:`mailsim.views.wrap.wrap`).
    """
    from mailsim.views.wrap import wrap

    x = {host: index for index, host in enumerate(hosts)}
    cell = font * 0.62  # points per half-width cell of the body font
    out: dict[int, list[str]] = {}
    previous: str | None = None
    for event in trace:
        caption = event_caption(event, lang, reveal=reveal)
        repeated = caption == previous and _is_tcp(event)
        previous = caption
        if not caption or repeated or not set(event.nodes) <= set(x):
            continue
        span = 1.0
        if isinstance(event, MessageEvent):
            span = max(abs(x[event.src] - x[event.dst]), 1)
        cells = max(int(span * column_points / cell) - 2, BESIDE_CELLS)
        out[event.seq] = wrap(caption, cells, max_lines=4)
    return out


def draw_captions_beside(ax: Axes, trace: Trace, geometry: Geometry,
                         wrapped: dict[int, list[str]]) -> dict[int, Text]:
    """Each event's plain words just over its label (or its note), aligned with it.

    The rows above make room for them (``row_layout``'s ``extra``); the layout
    pass moves them together with their label.
    """
    out: dict[int, Text] = {}
    font = geometry.font(-0.5)
    for event in trace:
        lines = wrapped.get(event.seq)
        if not lines:
            continue
        if isinstance(event, MessageEvent):
            x0, x1 = geometry.x[event.src], geometry.x[event.dst]
            direction = 1 if x1 >= x0 else -1
            start = geometry.pt(LABEL_GAP + (13 if event.encrypted else 0))
            offset = (direction * start, geometry.pt(1.5) + geometry.font() * 1.25)
            anchor, ha = (x0, geometry.layout.rows[event.seq]), "left" if direction > 0 else "right"
        else:
            offset = (0.0, geometry.pt(2.0) + geometry.font() * 1.55)
            anchor, ha = (geometry.x[event.node], geometry.layout.rows[event.seq]), "center"
        # Lines centred on each other: the layout pass centres the words over their
        # label, which it centres on the arrow.
        text = ax.annotate("\n".join(lines), xy=anchor, xytext=offset,
                           textcoords="offset points", ha=ha, va="bottom", fontsize=font,
                           multialignment="center", color="#6b4e00", linespacing=1.1,
                           annotation_clip=False, zorder=5, gid=f"caption-{event.seq}")
        text.set_parse_math(False)
        out[event.seq] = text
    return out


def _is_tcp(event: TraceEvent) -> bool:
    return isinstance(event, MessageEvent) and is_transport(event.protocol)


def _darker(hex_colour: str, factor: float = 0.8) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))
