"""The layout pass of the projector style: every text clear of the others and of arrowheads.

After a page is drawn, the renderer measures each text
(``get_window_extent``). Port tags, notes, then labels from the shortest arrow
to the longest are placed one by one: the first of a few candidate spots
(:mod:`mailsim.views.sequence_spots`: a label from the middle of its arrow,
slid along it, then under it; a note on, right of or left of its lifeline)
that meets none of the boxes placed so far and no arrowhead; a label may not
end beside another arrow's head nor run across another arrow, a note not
across any arrow. What stays in the way after every candidate is returned, so
the caller can give those rows more room and draw again. :mod:`mailsim.views.sequence_overlaps`
checks a finished figure the same way.

Boxes are in display pixels; an arrowhead's box is worked out from the arrow's
end points and its ``mutation_scale``, as matplotlib draws ``-|>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mailsim.views.label_layout import Box, grown, overlap
from mailsim.views.label_layout import crosses as segment_crosses
from mailsim.views.sequence_spots import beside, centre_dx, label_spots, note_spots

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.text import Text

    from mailsim.views.sequence_artists import SequenceArtists

PAD = 1.0  # pixels kept free around each text
HEAD_AIR = 4.0  # classic points kept between a text and an arrowhead when placing
# What running across another arrow costs a text, against the pixels² it covers of
# another text: a note on an arrow hides where the arrow goes; a label on one is
# only harder to read, and in a busy row some label has to be.
CROSSING = {"note": 50.0, "label": 20.0, "port": 0.0}


@dataclass(slots=True)
class Placed:
    """A box and what it belongs to (for messages about overlaps)."""

    box: Box
    name: str


def renderer_of(ax: Axes) -> RendererBase:
    figure = ax.get_figure(root=True)
    assert figure is not None
    return figure.canvas.get_renderer()  # type: ignore[attr-defined,no-any-return]


def text_box(text: Text, renderer: RendererBase) -> Box:
    extent = text.get_window_extent(renderer)
    return (extent.x0 - PAD, extent.y0 - PAD, extent.x1 + PAD, extent.y1 + PAD)


def meets(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def moved(box: Box, dx: float, dy: float) -> Box:
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def arrow_ends(ax: Axes, arrow: FancyArrowPatch) -> tuple[tuple[float, float], tuple[float, float]]:
    """The arrow's start and end in display pixels."""
    (x0, y0), (x1, y1) = arrow._posA_posB  # type: ignore[attr-defined]
    start = ax.transData.transform((x0, y0))
    end = ax.transData.transform((x1, y1))
    return (float(start[0]), float(start[1])), (float(end[0]), float(end[1]))


def head_box(ax: Axes, arrow: FancyArrowPatch) -> Box:
    """Where the arrowhead is: 0.4 × ``mutation_scale`` long and wide, at the end."""
    (sx, sy), (ex, ey) = arrow_ends(ax, arrow)
    size = arrow.get_mutation_scale() * ax.figure.dpi / 72 * 0.45
    length = max(((ex - sx) ** 2 + (ey - sy) ** 2) ** 0.5, 1e-9)
    bx, by = ex - (ex - sx) / length * size * 1.4, ey - (ey - sy) / length * size * 1.4
    return (min(ex, bx) - size / 2, min(ey, by) - size / 2,
            max(ex, bx) + size / 2, max(ey, by) + size / 2)


def crosses(box: Box, start: tuple[float, float], end: tuple[float, float]) -> bool:
    """Whether the segment from ``start`` to ``end`` passes through ``box``."""
    if (max(start[0], end[0]) < box[0] or min(start[0], end[0]) > box[2]
            or max(start[1], end[1]) < box[1] or min(start[1], end[1]) > box[3]):
        return False  # apart: the common case, decided without clipping
    return segment_crosses((*start, *end), box)


def place_texts(ax: Axes, artists: SequenceArtists, scale: float, *,
                captions_move: bool = False) -> list[int]:
    """Move labels and notes clear of each other and of arrowheads; the seqs still in the way.

    A label starts from the middle of its arrow (:func:`label_spots`) and may not
    end beside another arrow's head. A label's padlock, and with ``captions_move``
    the plain words drawn over a label or note (centred over a label), move with it.
    """
    renderer = renderer_of(ax)
    px = ax.figure.dpi / 72  # pixels per point
    air = HEAD_AIR * scale * px  # heads kept a little further off than touching
    bare = {seq: head_box(ax, arrow) for seq, arrow in artists.arrows.items()}
    heads = [grown(head, air) for head in bare.values()]
    shafts = {seq: arrow_ends(ax, arrow) for seq, arrow in artists.arrows.items()}
    fixed = [t for t in fixed_texts(artists, captions=not captions_move)
             if t not in artists.ports]
    placed: list[Box] = [text_box(t, renderer) for t in fixed]
    frame = ax.get_window_extent(renderer)
    inside = (frame.x0, 0.0, float(ax.figure.bbox.x1), float(ax.figure.bbox.y1))
    stuck: list[int] = []
    items: list[tuple[int, str, Text]] = [(s, "label", t) for s, t in artists.labels.items()]
    items += [(s, "note", t) for s, t in artists.notes.items()]
    ports = [(-1, "port", t) for t in artists.ports]  # first: a bar's tag names its port
    for seq, kind, text in ports + sorted(items, key=lambda item: _order(item, shafts)):
        box = text_box(text, renderer)
        companions: list[Any] = []
        if kind == "label" and seq in artists.locks:
            companions.append(artists.locks[seq])
        if captions_move and seq in artists.captions:
            companions.append(artists.captions[seq])
        extra = [artist_box(c, renderer) for c in companions]
        sides: list[Box] = []
        shifts = [0.0]  # of the plain words over a label: centred, or flush with either end
        if kind == "label":
            start, end = shafts[seq]
            whole = _union([box, *extra[:1]] if seq in artists.locks else [box])
            if captions_move and seq in artists.captions:
                words = extra[-1]
                shifts = [centre_dx(words, whole), whole[0] - words[0], whole[2] - words[2]]
            options = label_spots(whole, start, end, gap=max(whole[1] - start[1], px),
                                  scale=scale, px=px)
            sides = [grown(beside(head), air) for other, head in bare.items() if other != seq]
        elif kind == "port":
            flip = -(box[2] - box[0] + 14 * scale * px) / px
            if text.get_horizontalalignment() == "right":
                flip = -flip
            lift = (box[3] - box[1]) / px
            options = [(0.0, 0.0), (0.0, lift), (flip, 0.0), (flip, lift), (0.0, 2 * lift)]
        else:
            options = note_spots(scale, box[2] - box[0], box[3] - box[1], px)
        # A label's own boxes (text, padlock) may not run across arrows or end beside
        # their heads; its plain words may.
        crossers = (2 if seq in artists.locks else 1) if kind == "label" else len(extra) + 1
        found: tuple[float, float, float] | None = None
        for shift in dict.fromkeys(shifts):
            trial = [*extra[:-1], moved(extra[-1], shift, 0.0)] if shift else extra
            cost, dx, dy = _best(options, box, trial, placed, heads,
                                 shafts if kind != "port" else {}, seq, inside, px,
                                 crossing=CROSSING[kind], crossers=crossers, sides=sides)
            if found is None or cost < found[0]:
                found, chosen = (cost, dx, dy), shift
            if cost == 0:
                break
        assert found is not None
        cost, dx, dy = found
        if chosen:
            _apply(ax, companions[-1], chosen / px, 0.0)
            extra[-1] = moved(extra[-1], chosen, 0.0)
        if cost > 0 and kind == "note" and "\n" not in text.get_text():
            # Nowhere free: the note in two lines, narrower, tried again (its plain
            # words, above it, go up by the line it gained).
            old = text.get_text()
            text.set_text(_two_lines(old))
            narrow = text_box(text, renderer)
            taller = (narrow[3] - narrow[1]) - (box[3] - box[1])
            lifted = [moved(b, 0.0, taller) for b in extra]
            options = note_spots(scale, narrow[2] - narrow[0], narrow[3] - narrow[1], px)
            second = _best(options, narrow, lifted, placed, heads, shafts, seq, inside, px)
            if second[0] < cost:
                (cost, dx, dy), box, extra = second, narrow, lifted
                for companion in companions:
                    _apply(ax, companion, 0.0, taller / px)
            else:
                text.set_text(old)
        boxes = [moved(b, dx * px, dy * px) for b in (box, *extra)]
        if cost > 0 and kind == "label":  # only a label across an arrow: no need for more room
            cost = _cost(boxes, placed, heads, {}, seq, inside, 0.0, crossers, sides)
        for artist in (text, *companions):
            _apply(ax, artist, dx, dy)
        placed.extend(boxes)
        if cost > 0 and seq >= 0:
            stuck.append(seq)
    return stuck


def _order(item: tuple[int, str, Text],
           shafts: dict[int, tuple[tuple[float, float], tuple[float, float]]]) -> tuple[float, int]:
    """Notes first (they keep to their lifeline), then labels from the shortest arrow:
    a long arrow has room to spare along it, a short one's label has few places."""
    seq, kind, _ = item
    if kind != "label":
        return (0.0, seq)
    (sx, _), (ex, _) = shafts[seq]
    return (abs(ex - sx), seq)


def _best(options: Sequence[tuple[float, float]], box: Box, extra: Sequence[Box],
          placed: Sequence[Box], heads: Sequence[Box],
          shafts: dict[int, tuple[tuple[float, float], tuple[float, float]]], seq: int,
          inside: Box, px: float, crossing: float = CROSSING["note"],
          crossers: int = 99, sides: Sequence[Box] = ()) -> tuple[float, float, float]:
    """The first free candidate, or the one least in the way: (cost, dx, dy).

    ``crossing`` is what each arrow costs that one of the first ``crossers`` boxes
    runs across; those boxes must also keep out of ``sides`` (beside other heads).
    """
    best: tuple[float, float, float] | None = None
    for dx, dy in options:
        boxes = [moved(b, dx * px, dy * px) for b in (box, *extra)]
        cost = _cost(boxes, placed, heads, shafts, seq, inside, crossing, crossers, sides)
        if best is None or cost < best[0]:
            best = (cost, dx, dy)
        if cost == 0:
            break
    assert best is not None
    return best


def _two_lines(text: str) -> str:
    """``text`` broken at the space nearest its middle (after a colon if it has one)."""
    if ": " in text:
        head, _, tail = text.partition(": ")
        return f"{head}:\n{tail}"
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if not spaces:
        return text
    middle = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:middle] + "\n" + text[middle + 1:]


def _union(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _cost(boxes: Iterable[Box], placed: Sequence[Box], heads: Sequence[Box],
          shafts: dict[int, tuple[tuple[float, float], tuple[float, float]]], seq: int,
          inside: Box, crossing: float, crossers: int, sides: Sequence[Box]) -> float:
    cost = 0.0
    for index, box in enumerate(boxes):
        cost += sum(overlap(box, other) for other in placed if meets(box, other))
        cost += sum(overlap(box, head) + 1.0 for head in heads if meets(box, head))
        if index < crossers:
            cost += sum(crossing for other, (a, b) in shafts.items()
                        if other != seq and crosses(box, a, b))
            cost += sum(overlap(box, side) + 1.0 for side in sides if meets(box, side))
        width = box[2] - box[0]
        cost += (width * (box[3] - box[1]) - overlap(box, inside)) * 2 if width > 0 else 0.0
    return cost


def _apply(ax: Axes, artist: Any, dx: float, dy: float) -> None:
    """Move an annotation (placed in offset points) or a marker by ``dx``, ``dy`` points."""
    if dx == 0 and dy == 0:
        return
    if hasattr(artist, "xyann"):
        x, y = artist.xyann
        artist.xyann = (x + dx, y + dy)
        return
    from matplotlib.transforms import ScaledTranslation

    artist.set_transform(artist.get_transform() + ScaledTranslation(
        dx / 72, dy / 72, ax.figure.dpi_scale_trans))


def artist_box(line: Any, renderer: RendererBase) -> Box:
    extent = line.get_window_extent(renderer)
    return (extent.x0 - PAD, extent.y0 - PAD, extent.x1 + PAD, extent.y1 + PAD)


def fixed_texts(artists: SequenceArtists, *, captions: bool = True) -> list[Text]:
    """Texts the pass does not move: port tags, step numbers, gap labels (and captions)."""
    kept = [*artists.ports, *artists.steps, *artists.gap_labels, *artists.heads]
    return kept + list(artists.captions.values()) if captions else kept
