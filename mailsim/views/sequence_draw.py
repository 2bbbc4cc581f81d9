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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mailsim.trace import Trace
from mailsim.views.captions import host_title, node_caption
from mailsim.views.protocols import colour, is_transport, legend_key, legend_rank
from mailsim.views.sequence_style import NOTE_EDGE, NOTE_FACE, local_text, padlock_path
from mailsim.views.sequence_styles import CLASSIC, SequenceStyle
from mailsim.views.timeline import RowLayout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.patches import Patch
    from matplotlib.text import Text
    from matplotlib.transforms import Transform

FONT = CLASSIC.font  # the classic body text; a style scales every size and offset from it
LOCK_COLOUR = "#8a6d00"
HEADS_TOP = 44.0  # points above the axes taken by role titles and host boxes
ANALOGY_LINES_POINTS = 40.0
ROLE_LINE_POINTS = 13.0  # a second line of a role title
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
    style: SequenceStyle = CLASSIC
    column_points: float = 2.15 * 72  # between two lifelines on the page
    x: dict[str, float] = field(default_factory=dict)
    stops: dict[int, str] = field(default_factory=dict)  # a dropped SYN's seq -> its router

    def __post_init__(self) -> None:
        self.x = {host: float(index) for index, host in enumerate(self.hosts)}

    legend_rows: int = 1  # rows of the legend: the title and the silent hosts sit above
    role_lines: int = 1  # lines of the longest role title

    @property
    def step_x(self) -> float:
        """Where the step numbers stand, left of the first lifeline."""
        return 0.23 - self.style.left_room

    @property
    def above_legend(self) -> float:
        """Points from the axes' top to the top of the legend."""
        return self.heads_top + self.pt(4 + 16 * self.legend_rows)

    @property
    def heads_top(self) -> float:
        return self.pt(HEADS_TOP + (ANALOGY_LINES_POINTS if self.analogy else 0.0)
                       + ROLE_LINE_POINTS * (self.role_lines - 1))

    def pt(self, points: float) -> float:
        """A classic length in points, in this style."""
        return points * self.style.scale

    def font(self, delta: float = 0.0) -> float:
        """The body text size plus ``delta`` classic points."""
        return self.style.font + delta * self.style.scale


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


def draw_lifelines(ax: Axes, geometry: Geometry, bottom: float,
                   top: float = -1.0) -> dict[str, Any]:
    lines = {}
    for host, x in geometry.x.items():
        (line,) = ax.plot([x, x], [top, bottom], color="#555555", linewidth=1.0, zorder=1,
                          gid=f"lifeline-{host}")
        lines[host] = line
    return lines


def role_titles(trace: Trace, hosts: Sequence[str], lang: str, cells: int) -> dict[str, str]:
    """Each host's role title, in at most two lines of ``cells`` cells (a wide one wraps)."""
    from mailsim.views.wrap import wrap

    return {host: "\n".join(wrap(host_title(trace, host, lang), cells, max_lines=2))
            for host in hosts}


def draw_heads(ax: Axes, trace: Trace, geometry: Geometry, title: str, *,
               silent: bool = False, roles: Mapping[str, str] | None = None) -> list[Text]:
    """Role title above a boxed host name; with the analogy, the postal caption on top.

    ``silent``: a line naming the hosts not on the page goes between title and legend.
    ``roles``: the titles as :func:`role_titles` wrapped them. Returns the texts drawn
    above each lifeline.
    """
    from matplotlib.transforms import blended_transform_factory

    from mailsim.views.wrap import wrap

    top = blended_transform_factory(ax.transData, ax.transAxes)
    more = geometry.pt(ROLE_LINE_POINTS) * (geometry.role_lines - 1)
    drawn: list[Text] = []
    for host, x in geometry.x.items():
        drawn.append(ax.text(
            x, 1.0, host, transform=shifted(ax, 0, geometry.pt(6), top), ha="center",
            va="bottom", fontsize=geometry.font(-0.5), family="DejaVu Sans Mono", clip_on=False,
            bbox={"boxstyle": "round,pad=0.3", "fc": "#eef2f7", "ec": "#555555", "lw": 1.0},
            gid=f"host-{host}"))
        role = roles[host] if roles and host in roles else host_title(trace, host, geometry.lang)
        drawn.append(ax.text(x, 1.0, role, transform=shifted(ax, 0, geometry.pt(26), top),
                             ha="center", va="bottom", fontsize=geometry.font(1),
                             fontweight="bold", clip_on=False, linespacing=1.05,
                             gid=f"role-{host}"))
        caption = node_caption(trace, host, geometry.lang) if geometry.analogy else None
        if caption:
            cells = int(geometry.column_points / (geometry.font(-0.5) * 0.62)) - 1
            wrapped = "\n".join(wrap(caption, min(cells, 30), max_lines=3))
            drawn.append(ax.text(x, 1.0, wrapped,
                                 transform=shifted(ax, 0, geometry.pt(43) + more, top),
                                 ha="center", va="bottom", fontsize=geometry.font(-0.5),
                                 color="#6b4e00", clip_on=False, linespacing=1.1,
                                 gid=f"analogy-{host}"))
    ax.text(0.0, 1.0, title,
            transform=shifted(ax, 0, geometry.above_legend + geometry.pt(18 + (24 if silent else 0)),
                              ax.transAxes),
            ha="left", va="bottom", fontsize=geometry.font(5.5), fontweight="bold", clip_on=False)
    ax.text(geometry.step_x, 1.0, local_text("ui.step_column", geometry.lang), ha="center",
            va="bottom", fontsize=geometry.font(), color="#777777",
            transform=shifted(ax, 0, geometry.pt(6), top))
    if geometry.analogy and not geometry.style.captions_beside:
        ax.text(geometry.caption_x, 1.0, local_text("ui.plain_words", geometry.lang),
                ha="left", va="bottom", fontsize=geometry.font(1), fontweight="bold",
                color="#6b4e00", transform=shifted(ax, 0, geometry.pt(6), top), clip_on=False)
    return drawn


def draw_silent(ax: Axes, geometry: Geometry, hosts: Sequence[str]) -> Text:
    """The hosts of the run that take no part in this page, in one line above the legend."""
    text = local_text("figure.not_on_page", geometry.lang, hosts=", ".join(hosts))
    return ax.text(0.0, 1.0, text, ha="left", va="bottom", fontsize=geometry.font(-0.5),
                   color="#666666", clip_on=False, gid="silent-hosts",
                   transform=shifted(ax, 0, geometry.above_legend + geometry.pt(10), ax.transAxes))


def legend_count(trace: Trace) -> int:
    """How many entries :func:`draw_legend` shows for ``trace``."""
    messages = trace.messages()
    return (len(trace.protocols()) + any(e.encrypted for e in messages) + bool(trace.states())
            + any(is_transport(e.protocol) or e.conn for e in messages))


def legend_rows(trace: Trace, columns: int) -> int:
    """Rows the legend takes at ``columns`` entries a row (at least one)."""
    return max(1, -(-legend_count(trace) // columns))


def draw_legend(ax: Axes, trace: Trace, lang: str, heads_top: float = HEADS_TOP,
                font: float = FONT, columns: int = 99) -> None:
    """Colours, the padlock, notes and bars explained, in rows of ``columns`` entries."""
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
        handles.append(Line2D([], [], marker=padlock_path(), markersize=font + 0.5,
                              linestyle="none",
                              color=LOCK_COLOUR, label=local_text("ui.encrypted", lang)))
    if trace.states():
        handles.append(Patch(fc=NOTE_FACE, ec=NOTE_EDGE, label=local_text("ui.state_change", lang)))
    if any(is_transport(e.protocol) or e.conn for e in trace.messages()):
        handles.append(Patch(fc="#cccccc", ec="#888888", label=local_text("ui.connection", lang)))
    if not handles:
        return
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0),
              bbox_transform=shifted(ax, 0, heads_top + 4, ax.transAxes),
              ncol=min(len(handles), columns),
              frameon=False, fontsize=font, handlelength=2.2, borderaxespad=0.0,
              columnspacing=1.6)


def draw_time_scale(ax: Axes, trace: Trace, geometry: Geometry) -> list[Text]:
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
    ax.set_yticks(ticks, labels, fontsize=geometry.font())
    ax.tick_params(axis="y", length=3, color="#999999")
    unit = "ui.time_seconds" if longest < 60 else "ui.time"
    ax.set_ylabel(local_text(unit, geometry.lang), fontsize=geometry.font(0.5))
    return [ax.text(geometry.step_x, layout.rows[event.seq], str(event.seq), ha="center", va="center",
                    fontsize=geometry.font(-0.5), color="#8a8a8a", zorder=2, gid="step")
            for event in trace]


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


def draw_breaks(ax: Axes, geometry: Geometry, right: float) -> list[Text]:
    """Blank out each idle gap, draw break marks across, and say how long it really was."""
    import numpy as np
    from matplotlib.patches import Rectangle

    left = -geometry.style.left_room
    labels: list[Text] = []
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
        labels.append(ax.text((len(geometry.hosts) - 1) / 2, (gap.y0 + gap.y1) / 2, text, ha="center",
                va="center", fontsize=geometry.font(0.5), color="#333333", zorder=1.8,
                bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "#bbbbbb"},
                              gid="gap-label"))
    return labels
