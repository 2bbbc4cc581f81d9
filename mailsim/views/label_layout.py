"""Labels placed clear of each other, of the boxes they label and of the lines drawn.

A figure's texts are measured after they are laid out (display pixels, from the
renderer): each label tries a list of spots around its anchor and keeps the
first whose box touches no obstacle, else the spot that touches least. What is
placed becomes an obstacle for the labels after it. Used by the topology
figure (:mod:`mailsim.views.topology`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase
    from matplotlib.text import Annotation, Text

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display pixels
Segment = tuple[float, float, float, float]  # x0, y0, x1, y1
# (dx, dy) in points from the anchor, horizontal and vertical alignment
Spot = tuple[float, float, str, str]

PAD = 2.0  # pixels of air kept around every label


def overlap(a: Box, b: Box) -> float:
    """The area two boxes share (0 when they only touch or are apart)."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def crosses(segment: Segment, box: Box) -> bool:
    """Whether the segment passes through the box (Liang–Barsky clipping)."""
    x0, y0, x1, y1 = segment
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def grown(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def text_box(text: Text, renderer: RendererBase) -> Box:
    """The pixels a text covers, its background box included."""
    extent = text.get_window_extent(renderer)  # an annotation moves its text here first
    patch = text.get_bbox_patch()
    if patch is not None:
        text.update_bbox_position_size(renderer)
        extent = patch.get_window_extent(renderer)
    return (extent.x0, extent.y0, extent.x1, extent.y1)


@dataclass
class Obstacles:
    """What a new label must stay clear of: boxes (nodes, placed labels) and segments
    (links), and the edges of the ``frame`` (the figure) it must stay inside."""

    boxes: list[Box] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    frame: Box | None = None

    def cost(self, box: Box) -> float:
        """0 for a clear box; else the area it shares with boxes or leaves the frame by,
        plus a penalty per line and for leaving the frame at all."""
        padded = grown(box, PAD)
        area = sum(overlap(padded, other) for other in self.boxes)
        hits = sum(1 for segment in self.segments if crosses(segment, padded))
        if self.frame is not None:
            inside = overlap(box, self.frame)
            whole = (box[2] - box[0]) * (box[3] - box[1])
            if inside < whole:
                area += whole - inside
                hits += 1
        return area + 400.0 * hits

    def clear(self, box: Box) -> bool:
        return self.cost(box) == 0.0


def place(label: Annotation, anchors: Sequence[tuple[float, float]],
          rings: Sequence[Sequence[Spot]], obstacles: Obstacles, renderer: RendererBase,
          texts: Sequence[str] = ()) -> Box:
    """Move ``label`` to the first clear spot, else the one that touches least; the chosen
    box joins ``obstacles``. Spots come in rings, nearest first, each ring in order of
    preference; on each spot every text of ``texts`` is tried (the label's own, then, say,
    on two lines: under its host on two lines reads better than off to one side), on
    every anchor (data points the label may hang on)."""
    texts = list(texts) or [label.get_text()]
    tries = ((text, spot, anchor) for ring in rings for spot in ring for text in texts
             for anchor in anchors)
    best: tuple[float, str, Spot, tuple[float, float]] | None = None
    for text, spot, anchor in tries:
        label.set_text(text)
        _put(label, anchor, spot)
        cost = obstacles.cost(text_box(label, renderer))
        if best is None or cost < best[0]:
            best = (cost, text, spot, anchor)
        if cost == 0.0:
            break
    assert best is not None, "no spot to try"
    label.set_text(best[1])
    _put(label, best[3], best[2])
    box = text_box(label, renderer)
    obstacles.boxes.append(box)
    return box


def _put(label: Annotation, anchor: tuple[float, float], spot: Spot) -> None:
    dx, dy, ha, va = spot
    label.xy = anchor
    label.xyann = (dx, dy)
    label.set_horizontalalignment(ha)  # type: ignore[arg-type]
    label.set_verticalalignment(va)  # type: ignore[arg-type]


def two_lines(text: str) -> str | None:
    """``text`` broken once near its middle, for a narrow spot: at a space; in Japanese,
    after の or before the katakana word that ends it (相手の / メールサーバー), never
    inside a word. None when there is nowhere to break."""
    if "\n" in text:
        return None
    breaks = [k for k, ch in enumerate(text) if ch == " "]
    if breaks:
        k = min(breaks, key=lambda k: abs(k - len(text) / 2))
        return f"{text[:k]}\n{text[k + 1:]}"
    breaks = [k + 1 for k, ch in enumerate(text[:-1]) if ch == "の"]
    start = len(text)
    while start > 0 and "\u30a0" <= text[start - 1] <= "\u30ff":  # katakana and ー
        start -= 1
    if 0 < start < len(text) - 1:
        breaks.append(start)
    if not breaks:
        return None
    k = min(breaks, key=lambda k: abs(k - len(text) / 2))
    return f"{text[:k]}\n{text[k:]}"


def around(half_width: float, half_height: float, gap: float) -> list[Spot]:
    """Spots around a box of the given half sizes (points) centred on the anchor:
    below, above, right, left, then the corners."""
    w, h = half_width + gap, half_height + gap
    return [(0, -h, "center", "top"), (0, h, "center", "bottom"), (w, 0, "left", "center"),
            (-w, 0, "right", "center"), (half_width * 0.5, -h, "left", "top"),
            (-half_width * 0.5, -h, "right", "top"), (half_width * 0.5, h, "left", "bottom"),
            (-half_width * 0.5, h, "right", "bottom"), (w, -h, "left", "top"),
            (-w, -h, "right", "top"), (w, h, "left", "bottom"), (-w, h, "right", "bottom")]


def beside(dx: float, dy: float, gap: float) -> list[Spot]:
    """Spots on either side of a line running (dx, dy), ``gap`` points away from it."""
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    nx, ny = -dy / length, dx / length  # a normal of the line
    spots = []
    for sign in (1, -1):
        ox, oy = sign * nx * gap, sign * ny * gap
        ha = "center" if abs(ox) < 0.35 * gap else "left" if ox > 0 else "right"
        va = "center" if abs(oy) < 0.35 * gap else "bottom" if oy > 0 else "top"
        spots.append((ox, oy, ha, va))
    return spots
