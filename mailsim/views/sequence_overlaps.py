"""The check of a finished sequence page: is any text in the way of another, or of an arrow?

The same rules the layout pass (:mod:`mailsim.views.sequence_layout`) places by: text
against text, any text against an arrowhead, a padlock against either, a note against
an arrow, a label ending beside another arrow's head. The tests run it on every page of
every bundled scenario.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailsim.views.label_layout import Box
from mailsim.views.sequence_layout import (
    PAD,
    Placed,
    arrow_ends,
    artist_box,
    crosses,
    fixed_texts,
    head_box,
    meets,
    renderer_of,
    text_box,
)
from mailsim.views.sequence_spots import beside

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def overlaps(ax: Axes) -> list[tuple[str, str]]:
    """Every pair of things in the way of each other on a drawn page, by their gids.

    Text against text, any text against an arrowhead, a padlock against either,
    and a note against an arrow.
    """
    from mailsim.views.sequence_artists import sequence_artists

    artists = sequence_artists(ax)
    renderer = renderer_of(ax)
    things: list[Placed] = []
    for text in [*artists.labels.values(), *artists.notes.values(), *fixed_texts(artists)]:
        things.append(Placed(_shrunk(text_box(text, renderer)), str(text.get_gid())))
    for seq, lock in artists.locks.items():
        things.append(Placed(_shrunk(artist_box(lock, renderer)), f"lock-{seq}"))
    found: list[tuple[str, str]] = []
    for i, a in enumerate(things):
        for b in things[i + 1:]:
            if meets(a.box, b.box):
                found.append((a.name, b.name))
    for seq, arrow in artists.arrows.items():
        head = head_box(ax, arrow)
        ends = arrow_ends(ax, arrow)
        for thing in things:
            if meets(thing.box, head):
                found.append((thing.name, f"head-{seq}"))
            elif thing.name.startswith("note-") and crosses(thing.box, *ends):
                found.append((thing.name, f"msg-{seq}"))
            elif thing.name.startswith("label-") and thing.name != f"label-{seq}" \
                    and meets(thing.box, beside(head)):
                found.append((thing.name, f"beside-head-{seq}"))
    return found


def _shrunk(box: Box) -> Box:
    """A box without the padding: touching is not overlapping."""
    return (box[0] + PAD * 1.5, box[1] + PAD * 1.5, box[2] - PAD * 1.5, box[3] - PAD * 1.5)
