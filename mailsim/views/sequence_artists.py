"""What a drawn sequence diagram holds, kept on its Axes for tests and the layout pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mailsim.views.timeline import Break, RowLayout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.text import Text


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
    locks: dict[int, Line2D] = field(default_factory=dict)
    steps: list[Text] = field(default_factory=list)
    gap_labels: list[Text] = field(default_factory=list)
    heads: list[Text] = field(default_factory=list)  # host boxes, role titles, analogies
    stuck: list[int] = field(default_factory=list)  # texts the layout pass could not free

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


def keep_artists(ax: Axes, artists: SequenceArtists) -> None:
    """Remember what was drawn into ``ax`` (read back by :func:`sequence_artists`)."""
    setattr(ax, _ARTISTS, artists)
