"""How big a sequence diagram's figure is: its width by lifelines (or a style's fixed
width, grown for many hosts), its height by rows, and the room above for heads and legend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mailsim.views.sequence_draw import ROLE_LINE_POINTS
from mailsim.views.sequence_styles import SequenceStyle, sequence_style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

CAPTION_COLUMNS = 2.2  # width of the plain-words column, in lifeline spacings
RIGHT_ROOM = 0.95  # right of the last lifeline: labels of arrows towards it run past it
HEADER_INCHES = 1.75
ANALOGY_HEADER_INCHES = 0.75
SILENT_INCHES = 0.35  # the line naming the hosts that are not on the page
LEGEND_ROW_INCHES = 16 / 72  # each legend row past the first
FOOTER_INCHES = 0.3
LEFT_INCHES = 1.15
RIGHT_INCHES = 0.25


def _columns(hosts: int, *, analogy: bool, style: SequenceStyle) -> float:
    column = CAPTION_COLUMNS + 0.05 if analogy and not style.captions_beside else 0.0
    return max(hosts, 2) - 1 + style.left_room + RIGHT_ROOM + column


def column_inches(hosts: int, width: float, *, analogy: bool, style: SequenceStyle) -> float:
    """The distance between two lifelines: the style's, or a share of a fixed width."""
    if style.width_inches is None:
        return style.column_inches
    inner = width - (LEFT_INCHES + RIGHT_INCHES) * style.scale
    return inner / _columns(hosts, analogy=analogy, style=style)


def _width(names: Sequence[str], *, analogy: bool, style: SequenceStyle) -> float:
    """A fixed-width style's width, grown when the host boxes would not fit side by side.

    A page of many hosts (a workload's devices) is then wider than 1920 px: shown
    at that width its text is smaller, but no name runs into the next.
    """
    assert style.width_inches is not None
    widest = max((len(n) for n in names), default=0) * (style.font - 0.5 * style.scale) * 0.62
    need = (widest + 14 * style.scale) / 72  # inches: a host box and a gap
    columns = _columns(len(names), analogy=analogy, style=style)
    return max(style.width_inches, (LEFT_INCHES + RIGHT_INCHES) * style.scale + need * columns)


def figure_size(hosts: int, rows: float, *, analogy: bool = False,
                style: SequenceStyle | None = None, silent: bool = False,
                legend_rows: int = 1, role_lines: int = 1,
                names: Sequence[str] = ()) -> tuple[float, float, float]:
    """Width, height and header height (inches) for ``hosts`` lifelines and ``rows`` rows.

    ``names``: the hosts themselves, whose boxes a fixed width must have room for.
    """
    look = style or sequence_style(None)
    k = look.scale
    if look.width_inches is not None:
        width = _width(names, analogy=analogy, style=look) if names else look.width_inches
    else:
        width = (LEFT_INCHES + RIGHT_INCHES) * k + _columns(
            hosts, analogy=analogy, style=look) * look.column_inches
    header = (HEADER_INCHES + (ANALOGY_HEADER_INCHES if analogy else 0.0)
              + (SILENT_INCHES if silent else 0.0) + LEGEND_ROW_INCHES * (legend_rows - 1)
              + ROLE_LINE_POINTS / 72 * (role_lines - 1)) * k
    height = header + (rows + 2.2) * look.row_inches + FOOTER_INCHES * k
    return width, max(height, header + 2.0 * k), header


def new_figure(hosts: int, rows: float, *, analogy: bool = False,
               style: SequenceStyle | None = None, silent: bool = False,
               legend_rows: int = 1, role_lines: int = 1,
               names: Sequence[str] = ()) -> tuple[Figure, Axes]:
    """A figure sized for the diagram, with room above the axes for heads and legend."""
    import matplotlib.pyplot as plt

    look = style or sequence_style(None)
    k = look.scale
    width, height, header = figure_size(hosts, rows, analogy=analogy, style=look, silent=silent,
                                        legend_rows=legend_rows, role_lines=role_lines,
                                        names=names)
    figure = plt.figure(figsize=(width, height), dpi=look.dpi)
    ax = figure.add_axes((LEFT_INCHES * k / width, FOOTER_INCHES * k / height,
                          1 - (LEFT_INCHES + RIGHT_INCHES) * k / width,
                          1 - (header + FOOTER_INCHES * k) / height))
    return figure, ax
