"""The sequence diagram: one lifeline per host, one arrow per unit on the wire.

Drawn with matplotlib from a :class:`~mailsim.trace.Trace` only. Time runs
down. Each event has its own row (:func:`~mailsim.views.timeline.row_layout`),
so no two labels share a line; on the proportional axis rows also spread with
time, arrows slant with the link latency, and idle gaps become marked breaks.
Connections show as thin bars on the server's lifeline, tagged with the port.

``plot_sequence`` draws into an Axes; :mod:`mailsim.views.sequence_files` cuts a
trace into pages (:func:`paginate` here too) and writes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.views.drops import dropped_syns
from mailsim.views.phases import pages_by_phase
from mailsim.views.select import Selection
from mailsim.views.sequence_artists import SequenceArtists, keep_artists
from mailsim.views.sequence_artists import sequence_artists as sequence_artists  # re-exported
from mailsim.views.sequence_connections import draw_connections, listeners
from mailsim.views.sequence_draw import (
    Geometry,
    draw_breaks,
    draw_heads,
    draw_legend,
    draw_lifelines,
    draw_silent,
    draw_time_scale,
    legend_rows,
    role_titles,
)
from mailsim.views.sequence_events import (
    caption_rows,
    draw_arrow,
    draw_captions,
    draw_captions_beside,
    draw_note,
)
from mailsim.views.sequence_size import CAPTION_COLUMNS, RIGHT_ROOM, column_inches, figure_size, new_figure
from mailsim.views.sequence_style import local_text
from mailsim.views.sequence_styles import CLASSIC, SequenceStyle, sequence_style
from mailsim.views.timeline import AxisKind, lifeline_order, row_layout

if TYPE_CHECKING:
    from matplotlib.axes import Axes

ROW_INCHES = 0.2  # one label line at 9-10 pt (the classic style; a style has its own)
COLUMN_INCHES = 2.15  # between two lifelines
DEFAULT_PER_PAGE = 60
LEFT_ROOM = CLASSIC.left_room  # lifeline spacings left of the first lifeline (classic)
LEGEND_COLUMNS = 4  # legend entries in a row of a fixed-width figure
RETRIES = 3  # layout passes with more room for what stayed in the way


def plot_sequence(
    trace: Trace,
    ax: Axes | None = None,
    *,
    selection: Selection | None = None,
    axis: AxisKind = "proportional",
    lang: str = "en",
    analogy: bool = False,
    show_encrypted: bool = False,
    max_label: int | None = None,
    lifelines: Sequence[str] | None = None,
    title: str | None = None,
    context: Trace | None = None,
    style: str | SequenceStyle | None = None,
    servers: Mapping[str, str] | None = None,
) -> Axes:
    """Draw ``trace`` (narrowed by ``selection``) as a sequence diagram and return the Axes.

    Without ``ax`` a figure is made, sized from the number of lifelines and rows.
    ``lifelines`` fixes the hosts and their order (pages of one trace share it);
    in the projector style only those that take part in ``trace`` are drawn, the
    others named above the diagram. ``analogy`` adds the postal caption under
    each host and the plain words (under each arrow, or in a column in the
    classic style). ``context`` is the whole trace a page comes from: role titles,
    the route order and the listening side of each connection are read from it.
    ``style`` is ``"projector"`` or ``"classic"`` (the default here).
    """
    look = sequence_style(style)
    whole = context if context is not None else trace
    shown = selection.apply(trace) if selection is not None else trace
    order = list(lifelines) if lifelines is not None else lifeline_order(whole)
    speaking = lifeline_order(shown)
    present = set(speaking)
    order += [h for h in speaking if h not in order]
    hosts = [h for h in order if h in present] if look.speaking_only and present else order
    if lifelines is None and not look.speaking_only:
        hosts = [h for h in hosts if h in present] or hosts
    silent = [h for h in order if h not in hosts] if look.speaking_only else []
    if servers is None:
        servers = listeners(whole)
    label_cells = max_label if max_label is not None else look.max_label
    extra: dict[int, float] = {}
    made = ax is None
    attempts = RETRIES + 1 if made and look.place_texts else 1
    for attempt in range(attempts):
        ax, artists = _plot_once(shown, whole, ax, hosts, silent, look, extra, axis=axis,
                                 lang=lang, analogy=analogy, show_encrypted=show_encrypted,
                                 max_label=label_cells, title=title, servers=servers)
        if not artists.stuck or attempt == attempts - 1:
            break
        for seq in artists.stuck:  # more room above a text that found no free place
            before = _previous(shown, seq)
            if before is not None:
                extra[before] = extra.get(before, 0.0) + 0.8
        import matplotlib.pyplot as plt

        plt.close(ax.get_figure(root=True))
        ax = None
    assert ax is not None
    return ax


def _previous(trace: Trace, seq: int) -> int | None:
    """The step before ``seq`` in ``trace`` (None for the first)."""
    before = None
    for event in trace:
        if event.seq == seq:
            return before
        before = event.seq
    return None


def _plot_once(shown: Trace, whole: Trace, ax: Axes | None, hosts: list[str], silent: list[str],
               look: SequenceStyle, extra: dict[int, float], *, axis: AxisKind, lang: str,
               analogy: bool, show_encrypted: bool, max_label: int, title: str | None,
               servers: Mapping[str, str]) -> tuple[Axes, SequenceArtists]:
    import matplotlib.pyplot as plt

    from mailsim.views.fonts import use_fonts

    beside = analogy and look.captions_beside
    columns = LEGEND_COLUMNS if look.width_inches is not None else 99
    legend = legend_rows(shown, columns)
    width, _, _ = figure_size(len(hosts), 0, analogy=analogy, style=look, silent=bool(silent),
                              names=hosts)
    column_points = column_inches(len(hosts), width, analogy=analogy, style=look) * 72
    role_cells = int(column_points / (look.font * 1.1 * 0.62)) - 1
    roles = role_titles(whole, hosts, lang, role_cells) if look.place_texts else None
    role_lines = max((r.count("\n") + 1 for r in (roles or {}).values()), default=1)
    rows_per_line = look.font * 1.3 / 72 / look.row_inches
    wrapped = caption_rows(shown, lang, look.font, column_points, hosts,
                           reveal=show_encrypted) if beside else {}
    room = dict(extra)  # rows after an event: here, before the next one's plain words
    head_room = 0.0
    previous: int | None = None
    for event in shown:
        lines = wrapped.get(event.seq)
        if lines:
            need = len(lines) * rows_per_line + 0.2
            if previous is None:
                head_room = need
            else:
                room[previous] = room.get(previous, 0.0) + need
        previous = event.seq
    layout = row_layout(shown, axis, extra=room)
    tail = room.get(shown[-1].seq, 0.0) if len(shown) else 0.0
    with plt.rc_context(use_fonts(lang)):
        if ax is None:
            _, ax = new_figure(len(hosts), layout.height + tail + head_room, analogy=analogy,
                               style=look, legend_rows=legend, role_lines=role_lines,
                               names=hosts,
                               silent=bool(silent))
        caption_x = len(hosts) - 1 + RIGHT_ROOM + 0.05
        geometry = Geometry(hosts, layout, analogy=analogy, lang=lang, caption_x=caption_x,
                            style=look, column_points=column_points, legend_rows=legend,
                            role_lines=role_lines, stops=dropped_syns(whole))
        artists = SequenceArtists(layout)
        _draw(ax, shown, geometry, artists, show_encrypted=show_encrypted, max_label=max_label,
              servers=servers, tail=tail, head_room=head_room)
        if beside:
            artists.captions = draw_captions_beside(ax, shown, geometry, wrapped)
        elif analogy:
            artists.captions = draw_captions(ax, shown, geometry, reveal=show_encrypted)
        heading = title if title is not None else local_text(
            "ui.sequence_title", lang, scenario=whole.header.scenario)
        artists.heads = draw_heads(ax, whole, geometry, heading, silent=bool(silent), roles=roles)
        if silent:
            draw_silent(ax, geometry, silent)
        draw_legend(ax, shown, lang, geometry.heads_top, font=geometry.font(), columns=columns)
        if look.place_texts:
            from mailsim.views.sequence_layout import place_texts

            artists.stuck = place_texts(ax, artists, look.scale, captions_move=beside)
    keep_artists(ax, artists)
    return ax, artists


def _draw(ax: Axes, trace: Trace, geometry: Geometry, artists: SequenceArtists, *,
          show_encrypted: bool, max_label: int, servers: Mapping[str, str],
          tail: float = 0.0, head_room: float = 0.0) -> None:
    layout = geometry.layout
    ends = [layout.arrival(e) for e in trace.messages() if e.seq in layout.rows]
    bottom = max([layout.height + tail, *ends]) + 1.2
    right = (geometry.caption_x + CAPTION_COLUMNS
             if geometry.analogy and not geometry.style.captions_beside
             else len(geometry.hosts) - 1 + RIGHT_ROOM)
    ax.set_xlim(-geometry.style.left_room, right)
    ax.set_ylim(bottom, -1.0 - head_room)
    ax.set_xticks([])
    for spine in ("top", "right", "bottom"):
        ax.spines[spine].set_visible(False)
    artists.lifelines = draw_lifelines(ax, geometry, bottom, top=-1.0 - head_room)
    artists.gap_labels = draw_breaks(ax, geometry, right)
    artists.ports = draw_connections(ax, trace, geometry, servers)
    artists.steps = draw_time_scale(ax, trace, geometry)
    for event in trace:
        if isinstance(event, MessageEvent):
            if event.src not in geometry.x or event.dst not in geometry.x:
                continue
            arrow, label, lock = draw_arrow(ax, event, geometry, show_encrypted=show_encrypted,
                                            max_label=max_label)
            artists.arrows[event.seq] = arrow
            if label is not None:
                artists.labels[event.seq] = label
            if lock is not None:
                artists.locks[event.seq] = lock
        elif isinstance(event, StateEvent) and event.node in geometry.x:
            artists.notes[event.seq] = draw_note(ax, event, geometry)
    if not len(trace):
        ax.text(0.5, 0.5, local_text("ui.no_events", geometry.lang), transform=ax.transAxes,
                ha="center", va="center", fontsize=geometry.font(2.5), color="#666666")


def paginate(trace: Trace, per_page: int = DEFAULT_PER_PAGE) -> list[Trace]:
    """``trace`` in pages of at most ``per_page`` events, cut between phases when possible.

    See :func:`mailsim.views.phases.pages_by_phase`; an episode longer than a page
    is cut in its second half, before the event that follows its longest pause.
    """
    return [page.trace for page in pages_by_phase(trace, per_page)]
