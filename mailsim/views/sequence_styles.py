"""The two looks of the sequence diagram: ``projector`` (the default) and ``classic``.

``projector`` is made for a classroom: the figure is 1920 pixels wide (a
projector's width: 20 inches at 96 pixels an inch, the CSS pixel) and its
smallest text is 18 points there (24 px), readable from the back row; only
the hosts that take part in a page get a lifeline (a page of many hosts grows
wider instead of crowding them); a layout pass
(:mod:`mailsim.views.sequence_layout`) moves every label and note clear of the
others and of the arrowheads; the plain words go just over their label.
``projector`` is the default of ``mailsim diagram``; :func:`plot_sequence`
(notebooks, the step player's pictures) keeps ``classic`` unless asked.
``classic`` is the dense look of the first figures: 9.5-point text, every
host on every page, the plain words in a column on the right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

StyleName = Literal["projector", "classic"]
BASE_FONT = 9.5  # points: the classic body text; every other size is scaled from it


@dataclass(frozen=True, slots=True)
class SequenceStyle:
    """Sizes and choices of one look (lengths in inches, text in points)."""

    name: StyleName
    font: float  # body text: labels, notes, step numbers, ticks
    row_inches: float  # one row: one label line
    column_inches: float  # between two lifelines when the width is not fixed
    width_inches: float | None  # a fixed figure width (the columns share it)
    dpi: float  # dots per inch the figure is saved at
    per_page: int  # events on a page by default
    max_label: int  # characters of an arrow label
    speaking_only: bool  # lifelines only for the hosts in the page
    place_texts: bool  # run the layout pass
    captions_beside: bool  # the plain words over their label, not in a column
    left_room: float = 0.95  # lifeline spacings left of the first lifeline (step numbers)

    @property
    def scale(self) -> float:
        """How much larger than the classic look every offset and size is."""
        return self.font / BASE_FONT


CLASSIC = SequenceStyle("classic", font=BASE_FONT, row_inches=0.2, column_inches=2.15,
                        width_inches=None, dpi=100.0, per_page=60, max_label=48,
                        speaking_only=False, place_texts=False, captions_beside=False)
PROJECTOR = SequenceStyle("projector", font=19.0, row_inches=0.4, column_inches=4.0,
                          width_inches=20.0, dpi=96.0, per_page=30, max_label=36,
                          speaking_only=True, place_texts=True, captions_beside=True,
                          left_room=1.3)
STYLES: dict[str, SequenceStyle] = {"projector": PROJECTOR, "classic": CLASSIC}
DEFAULT_STYLE: StyleName = "projector"


def sequence_style(name: str | SequenceStyle | None) -> SequenceStyle:
    """The style called ``name`` (a style passes through; None: the classic look)."""
    if isinstance(name, SequenceStyle):
        return name
    if name is None:
        return CLASSIC
    try:
        return STYLES[name]
    except KeyError:
        raise ValueError(f"unknown style {name!r}; choose from {', '.join(STYLES)}") from None
