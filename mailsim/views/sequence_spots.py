"""Where the layout pass of the sequence diagram tries to put a label or a note.

A label's first spot is the middle of its own arrow, just over the shaft: centred
on the arrow's span it ends far from both lifelines, where the heads of the
other arrows arrive (a label that ends beside another arrow's head reads as that
arrow's text: "220 … mailsim▸" seemed to point at the server). The next spots
slide it along the arrow both ways, then under it, each following the arrow's
slope so the label stays on its arrow. A note tries its lifeline, then beside
it and under its row. Offsets are ``(dx, dy)`` in points; boxes in display pixels
(:mod:`mailsim.views.sequence_layout`).
"""

from __future__ import annotations

from mailsim.views.label_layout import Box

Point = tuple[float, float]
SLIDES = (0.0, 14.0, -14.0, 28.0, -28.0, 44.0, -44.0, 62.0, -62.0, 82.0, -82.0)  # points
ABOVE_FIRST = 5  # slides over the arrow tried before its ends and the first spots under it
UNDER_FIRST = 3


def shaft_y(start: Point, end: Point, x: float) -> float:
    """The arrow's height at ``x`` (display pixels; held at its ends beyond them)."""
    (sx, sy), (ex, ey) = start, end
    if abs(ex - sx) < 1e-9:
        return max(sy, ey)
    share = min(max((x - sx) / (ex - sx), 0.0), 1.0)
    return sy + (ey - sy) * share


def label_spots(whole: Box, start: Point, end: Point, *, gap: float, scale: float,
                px: float) -> list[Point]:
    """(dx, dy) in points for a label (with its padlock: ``whole``) over or under its arrow.

    ``gap`` (pixels) is kept between the label and the shaft where the shaft comes
    nearest. Centred first, slid a little both ways (:data:`SLIDES`), just inside
    either end, under the arrow, then slid further.
    """
    width = whole[2] - whole[0]
    middle = (start[0] + end[0]) / 2
    # Last, the label just inside either end: a text height from the lifeline, clear
    # of the heads that arrive there.
    margin = (whole[3] - whole[1]) * 1.5
    ends = [min(start[0], end[0]) + margin, max(start[0], end[0]) - margin - width]
    slid = [middle + slide * scale * px - width / 2 for slide in SLIDES]
    lefts = slid[:ABOVE_FIRST] + ends + slid[ABOVE_FIRST:]
    above: list[Point] = []
    under: list[Point] = []
    for left in lefts:
        ys = (shaft_y(start, end, left), shaft_y(start, end, left + width))
        dx = (left - whole[0]) / px
        above.append((dx, (max(ys) + gap - whole[1]) / px))
        under.append((dx, (min(ys) - gap - whole[3]) / px))
    first = ABOVE_FIRST + len(ends)
    return above[:first] + under[:UNDER_FIRST] + above[first:] + under[UNDER_FIRST:]


def note_spots(scale: float, width: float, height: float, px: float) -> list[Point]:
    """(dx, dy) in points: on the lifeline, beside it, under the row, then further out."""
    side = width / px / 2 + 6 * scale
    down = -(height / px + 6 * scale)
    return [(0.0, 0.0), (side, 0.0), (-side, 0.0), (0.0, down), (side, down), (-side, down),
            (side + 30 * scale, 0.0), (-side - 30 * scale, 0.0),
            (side + 30 * scale, down), (-side - 30 * scale, down)]


def beside(head: Box) -> Box:
    """The band a label must not end in: a head's width left and right of the head."""
    width = head[2] - head[0]
    return (head[0] - width, head[1], head[2] + width, head[3])


def centre_dx(box: Box, over: Box) -> float:
    """Pixels that move ``box`` so it is centred over ``over``."""
    return (over[0] + over[2]) / 2 - (box[0] + box[2]) / 2
