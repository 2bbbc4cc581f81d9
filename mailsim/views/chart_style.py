"""Charts for a projector: the rcParams, the line styles and the saving of ``compare``'s,
a study's and a sweep's figures.

A classroom projector shows 1920 pixels across; the figures are saved at that
width, and their smallest text is :data:`FONT` points there (30 px), readable
from the back row.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PROJECTOR_PX = 1920  # the width a figure is saved at
FONT = 18  # points: the smallest text in a chart
WIDTH = 16.0  # inches: a figure's width, saved at PROJECTOR_PX / WIDTH dots per inch

# (colour, marker) per line, in order: no two alike, and the markers tell the lines
# apart in black and white too. The first is the server's.
PALETTE = (("#1f3a5f", "o"), ("#d62728", "s"), ("#2ca02c", "^"), ("#ff7f0e", "D"),
           ("#9467bd", "v"), ("#8c564b", "P"), ("#17becf", "X"), ("#e377c2", "h"))
DASH = 9.0  # points: one dash of a device's line


def chart_rc(lang: str = "en") -> dict[Any, Any]:
    """rcParams for :func:`matplotlib.pyplot.rc_context`: fonts for ``lang``, projector sizes."""
    from mailsim.views.fonts import use_fonts

    return {**use_fonts(lang), "font.size": FONT, "axes.titlesize": FONT + 2,
            "axes.labelsize": FONT, "xtick.labelsize": FONT, "ytick.labelsize": FONT,
            "legend.fontsize": FONT, "figure.titlesize": FONT + 4,
            "legend.title_fontsize": FONT, "lines.scale_dashes": False}


def interleaved_dash(index: int, count: int) -> tuple[float, tuple[float, float]]:
    """Line ``index`` of ``count`` that may lie on each other: dashes that take turns,
    so where the lines coincide each one's colour shows in its own gaps of the others."""
    gap = DASH * (count - 1) if count > 1 else DASH / 2
    return (index * DASH, (DASH, gap))


def dpi_for(fig: Figure) -> float:
    """Dots per inch that make ``fig`` :data:`PROJECTOR_PX` pixels wide."""
    return PROJECTOR_PX / float(fig.get_figwidth())


def save_chart(fig: Figure, path: str | Path) -> None:
    """Write ``fig`` (PNG, SVG or PDF by suffix) at the projector's width, then close it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig.savefig(path, dpi=dpi_for(fig))
    plt.close(fig)
