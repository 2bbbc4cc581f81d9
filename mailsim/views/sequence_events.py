"""Drawing the events of the sequence diagram: arrows, notes and the plain-words column.

Coordinates and sizes as in :mod:`mailsim.views.sequence_draw`, whose
:class:`~mailsim.views.sequence_draw.Geometry` says where each lifeline and row is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.views.captions import event_caption
from mailsim.views.protocols import colour, is_transport
from mailsim.views.sequence_draw import (
    CAPTION_CELLS,
    FONT,
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

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.text import Text


def draw_arrow(ax: Axes, event: MessageEvent, geometry: Geometry, *, show_encrypted: bool,
               max_label: int) -> tuple[FancyArrowPatch, Text | None]:
    """The arrow of one unit on the wire, from its send row to its arrival row, and its label."""
    from matplotlib.patches import FancyArrowPatch

    x0, x1 = geometry.x[event.src], geometry.x[event.dst]
    y0, y1 = geometry.layout.rows[event.seq], geometry.layout.arrival(event)
    tcp = is_transport(event.protocol)
    lost = event.t_arrived is None
    tint = LOST_COLOUR if lost else colour(event.protocol)
    if x0 == x1:  # a host talking to itself: a short loop to the right
        x1 = x0 + 0.25
    arrow = FancyArrowPatch(
        (x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=8 if tcp else 11,
        color=tint, linewidth=0.8 if tcp else 1.9 if event.protocol == "TLS" else 1.4,
        linestyle="--" if lost else "-", shrinkA=0, shrinkB=1, zorder=4, gid=f"msg-{event.seq}")
    add_fixed(ax, arrow)
    if lost:
        ax.plot([(x0 + x1) / 2], [y0], marker="x", color=LOST_COLOUR, markersize=9, zorder=5)
    direction = 1 if x1 > x0 else -1
    text = message_label(event, lang=geometry.lang, show_encrypted=show_encrypted,
                         max_label=max_label)
    start = LABEL_GAP
    if event.encrypted:
        ax.plot([x0], [y0], marker=padlock_path(), markersize=9, color=LOCK_COLOUR,
                linestyle="none", transform=shifted(ax, direction * (LABEL_GAP + 6), 7.0),
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
                           fontsize=FONT - 0.5, style="italic", color="#5a4a1a",
                           annotation_clip=False, gid=f"caption-{event.seq}")
        text.set_parse_math(False)
        out[event.seq] = text
    return out


def _is_tcp(event: TraceEvent) -> bool:
    return isinstance(event, MessageEvent) and is_transport(event.protocol)


def _darker(hex_colour: str, factor: float = 0.8) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))
