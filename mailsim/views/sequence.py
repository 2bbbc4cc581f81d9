"""The sequence diagram: one lifeline per host, one arrow per unit on the wire.

Drawn with matplotlib from a :class:`~mailsim.trace.Trace` only. Time runs
down. Each event has its own row (:func:`~mailsim.views.timeline.row_layout`),
so no two labels share a line; on the proportional axis rows also spread with
time, arrows slant with the link latency, and idle gaps become marked breaks.
Connections show as thin bars on the server's lifeline, tagged with the port.

``plot_sequence`` draws into an Axes; ``save_sequence`` writes one file per
page (:func:`paginate` cuts long traces at their quiet moments).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.views.select import Selection
from mailsim.views.sequence_draw import (
    Geometry,
    draw_breaks,
    draw_connections,
    draw_heads,
    draw_legend,
    draw_lifelines,
    draw_time_scale,
)
from mailsim.views.sequence_events import draw_arrow, draw_captions, draw_note
from mailsim.views.sequence_style import local_text
from mailsim.views.timeline import AxisKind, Break, RowLayout, lifeline_order, row_layout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.text import Text

ROW_INCHES = 0.2  # one label line at 9-10 pt
COLUMN_INCHES = 2.15  # between two lifelines
CAPTION_COLUMNS = 2.2  # width of the plain-words column, in lifeline spacings
DEFAULT_PER_PAGE = 60
LEFT_ROOM = 0.95  # lifeline spacings left of the first lifeline (step numbers, labels)
RIGHT_ROOM = 0.95  # right of the last one: labels of arrows towards it run past it


@dataclass(slots=True)
class SequenceArtists:
    """What :func:`plot_sequence` drew, for tests and callers that restyle it."""

    layout: RowLayout
    lifelines: dict[str, Any] = field(default_factory=dict)  # host -> Line2D
    arrows: dict[int, FancyArrowPatch] = field(default_factory=dict)  # seq -> arrow
    labels: dict[int, Text] = field(default_factory=dict)
    notes: dict[int, Text] = field(default_factory=dict)
    captions: dict[int, Text] = field(default_factory=dict)
    ports: list[Text] = field(default_factory=list)

    @property
    def breaks(self) -> list[Break]:
        return self.layout.breaks


# Kept on the Axes itself. (A WeakKeyDictionary keyed by the Axes never let go:
# its value, the artists, refers back to the Axes, so every page drawn stayed in
# memory, about 14 MiB each, until the command ended.)
_ARTISTS = "_mailsim_sequence_artists"


def sequence_artists(ax: Axes) -> SequenceArtists:
    """The artists of a sequence diagram drawn into ``ax`` (``KeyError`` if none was)."""
    artists = getattr(ax, _ARTISTS, None)
    if not isinstance(artists, SequenceArtists):
        raise KeyError(ax)
    return artists


def plot_sequence(
    trace: Trace,
    ax: Axes | None = None,
    *,
    selection: Selection | None = None,
    axis: AxisKind = "proportional",
    lang: str = "en",
    analogy: bool = False,
    show_encrypted: bool = False,
    max_label: int = 48,
    lifelines: Sequence[str] | None = None,
    title: str | None = None,
    context: Trace | None = None,
) -> Axes:
    """Draw ``trace`` (narrowed by ``selection``) as a sequence diagram and return the Axes.

    Without ``ax`` a figure is made, sized from the number of lifelines and rows.
    ``lifelines`` fixes the hosts and their order (pages of one trace share them).
    ``analogy`` adds the postal caption under each host and a column of plain words.
    ``context`` is the whole trace a page comes from: role titles are read from it.
    """
    import matplotlib.pyplot as plt

    from mailsim.views.fonts import use_fonts

    shown = selection.apply(trace) if selection is not None else trace
    hosts = list(lifelines) if lifelines is not None else lifeline_order(shown)
    hosts += [h for h in lifeline_order(shown) if h not in hosts]
    layout = row_layout(shown, axis)
    with plt.rc_context(use_fonts(lang)):
        if ax is None:
            _, ax = new_figure(len(hosts), layout.height, analogy=analogy)
        geometry = Geometry(hosts, layout, analogy=analogy, lang=lang,
                            caption_x=len(hosts) - 1 + RIGHT_ROOM + 0.05)
        artists = SequenceArtists(layout)
        _draw(ax, shown, geometry, artists, show_encrypted=show_encrypted, max_label=max_label)
        heading = title if title is not None else local_text(
            "ui.sequence_title", lang, scenario=trace.header.scenario)
        draw_heads(ax, context if context is not None else trace, geometry, heading)
        draw_legend(ax, shown, lang, geometry.heads_top)
    setattr(ax, _ARTISTS, artists)
    return ax


def _draw(ax: Axes, trace: Trace, geometry: Geometry, artists: SequenceArtists, *,
          show_encrypted: bool, max_label: int) -> None:
    layout = geometry.layout
    ends = [layout.arrival(e) for e in trace.messages() if e.seq in layout.rows]
    bottom = max([layout.height, *ends]) + 1.2
    right = (geometry.caption_x + CAPTION_COLUMNS if geometry.analogy
             else len(geometry.hosts) - 1 + RIGHT_ROOM)
    ax.set_xlim(-LEFT_ROOM, right)
    ax.set_ylim(bottom, -1.0)
    ax.set_xticks([])
    for spine in ("top", "right", "bottom"):
        ax.spines[spine].set_visible(False)
    artists.lifelines = draw_lifelines(ax, geometry, bottom)
    draw_breaks(ax, geometry, right)
    artists.ports = draw_connections(ax, trace, geometry)
    draw_time_scale(ax, trace, geometry)
    for event in trace:
        if isinstance(event, MessageEvent):
            if event.src not in geometry.x or event.dst not in geometry.x:
                continue
            arrow, label = draw_arrow(ax, event, geometry, show_encrypted=show_encrypted,
                                      max_label=max_label)
            artists.arrows[event.seq] = arrow
            if label is not None:
                artists.labels[event.seq] = label
        elif isinstance(event, StateEvent) and event.node in geometry.x:
            artists.notes[event.seq] = draw_note(ax, event, geometry)
    if geometry.analogy:
        artists.captions = draw_captions(ax, trace, geometry, reveal=show_encrypted)
    if not len(trace):
        ax.text(0.5, 0.5, local_text("ui.no_events", geometry.lang), transform=ax.transAxes,
                ha="center", va="center", fontsize=12, color="#666666")


# --- figure size and pages ---------------------------------------------------------

HEADER_INCHES = 1.75
ANALOGY_HEADER_INCHES = 0.75
FOOTER_INCHES = 0.3
LEFT_INCHES = 1.15
RIGHT_INCHES = 0.25


def figure_size(hosts: int, rows: float, *, analogy: bool = False) -> tuple[float, float, float]:
    """Width, height and header height (inches) for ``hosts`` lifelines and ``rows`` rows."""
    columns = max(hosts, 2) - 1 + LEFT_ROOM + RIGHT_ROOM + (CAPTION_COLUMNS + 0.05 if analogy else 0.0)
    width = LEFT_INCHES + columns * COLUMN_INCHES + RIGHT_INCHES
    header = HEADER_INCHES + (ANALOGY_HEADER_INCHES if analogy else 0.0)
    height = header + (rows + 2.2) * ROW_INCHES + FOOTER_INCHES
    return width, max(height, header + 2.0), header


def new_figure(hosts: int, rows: float, *, analogy: bool = False) -> tuple[Figure, Axes]:
    """A figure sized for the diagram, with room above the axes for heads and legend."""
    import matplotlib.pyplot as plt

    width, height, header = figure_size(hosts, rows, analogy=analogy)
    figure = plt.figure(figsize=(width, height))
    ax = figure.add_axes((LEFT_INCHES / width, FOOTER_INCHES / height,
                          1 - (LEFT_INCHES + RIGHT_INCHES) / width,
                          1 - (header + FOOTER_INCHES) / height))
    return figure, ax


def paginate(trace: Trace, per_page: int = 60) -> list[Trace]:
    """``trace`` cut into pages of at most ``per_page`` events, at its quietest moments.

    Each cut falls in the second half of a page, before the event that follows
    the longest pause there, so a page tends to hold whole conversations.
    """
    per_page = max(per_page, 2)
    events = list(trace)
    pages: list[Trace] = []
    start = 0
    while len(events) - start > per_page:
        cut = _quietest_cut(events, start, per_page)
        pages.append(trace[start:cut])
        start = cut
    pages.append(trace[start:])
    return pages


def _quietest_cut(events: Sequence[MessageEvent | StateEvent], start: int, per_page: int) -> int:
    """The index in the second half of the page from ``start`` after the longest pause.

    The pause before event ``i`` is its time minus the latest send or arrival of
    the page's events before it; that latest instant is a running maximum, so a
    page costs ``per_page`` steps (re-taking the maximum for each candidate made
    pagination quadratic in the page size). Ties go to the later index.
    """
    busy = max(_busy_end(e) for e in events[start:start + per_page // 2])
    best, best_pause = -1, float("-inf")
    for index in range(start + per_page // 2, start + per_page):
        pause = events[index].time - busy
        if pause >= best_pause:
            best, best_pause = index, pause
        busy = max(busy, _busy_end(events[index]))
    return best


def _busy_end(event: MessageEvent | StateEvent) -> float:
    if isinstance(event, MessageEvent) and event.t_arrived is not None:
        return event.t_arrived
    return event.time


class PageError(ValueError):
    """A ``page`` asked for that the drawing does not have."""

    def __init__(self, page: int, pages: int) -> None:
        self.page, self.pages = page, pages
        super().__init__(f"page {page} does not exist: there are {pages} page(s)")


def page_paths(path: Path, pages: int) -> list[Path]:
    """``out.png`` for one page; ``out-1.png``, ``out-2.png``... for more."""
    if pages == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{n}{path.suffix}") for n in range(1, pages + 1)]


def save_sequence(trace: Trace, path: str | Path, *, selection: Selection | None = None,
                  per_page: int = DEFAULT_PER_PAGE, page: int | None = None,
                  **options: Any) -> list[Path]:
    """Write the diagram to ``path`` (PNG, SVG or PDF by suffix), one file per page.

    ``page`` (1-based) writes only that page, to ``path`` itself. Returns the files
    written. Raises :class:`PageError` for a page that does not exist.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mailsim.views.fonts import use_fonts

    shown = selection.apply(trace) if selection is not None else trace
    pages = paginate(shown, per_page)
    lang = str(options.get("lang", "en"))
    hosts = lifeline_order(shown)
    if page is not None:
        if not 1 <= page <= len(pages):
            raise PageError(page, len(pages))
        chosen, paths = [(page, pages[page - 1])], [Path(path)]
    else:
        chosen, paths = list(enumerate(pages, start=1)), page_paths(Path(path), len(pages))
    for (number, part), target in zip(chosen, paths, strict=True):
        heading = local_text("ui.sequence_title", lang, scenario=trace.header.scenario)
        if len(pages) > 1:
            heading += " — " + local_text("ui.page", lang, page=number, pages=len(pages))
        ax = plot_sequence(part, lifelines=hosts, title=heading, context=trace, **options)
        figure = ax.get_figure(root=True)
        assert figure is not None
        with plt.rc_context(use_fonts(lang)):
            figure.savefig(target, dpi=100)
        plt.close(figure)
    return paths
