"""The layout pass of the projector style: every text clear of the others and of arrowheads.

After a page is drawn, the renderer measures each text
(``get_window_extent``). Labels and notes are then placed one by one, in step
order: the first of a few candidate positions (along the arrow, above or under
it; for a note, on, right of or left of its lifeline) that meets none of the
boxes placed so far, no arrowhead and, for a note, no arrow. What stays in the
way after every candidate is returned, so the caller can give those rows more
room and draw again. :func:`overlaps` checks a finished figure the same way;
the tests run it on every bundled scenario.

Boxes are in display pixels; an arrowhead's box is worked out from the arrow's
end points and its ``mutation_scale``, as matplotlib draws ``-|>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mailsim.views.label_layout import Box, grown, overlap
from mailsim.views.label_layout import crosses as segment_crosses

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.text import Text

    from mailsim.views.sequence_artists import SequenceArtists

PAD = 1.0  # pixels kept free around each text
HEAD_AIR = 4.0  # classic points kept between a text and an arrowhead when placing


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
    return segment_crosses((*start, *end), box)


def _label_candidates(scale: float, direction: int, height: float, px: float,
                      to_end: float) -> list[tuple[float, float]]:
    """(dx, dy) in points from the label's first place: along its arrow, at its far end,
    then under it. ``to_end`` moves the label to end just short of the arrow's head."""
    steps = [0.0, 10, 20, 32, 46, 62, 80]
    under = -(height / px + 3.5 * scale)
    above = [(direction * s * scale, 0.0) for s in steps]
    below = [(direction * s * scale, under) for s in steps]
    far = [(to_end, 0.0), (to_end, under)]
    return above[:4] + far[:1] + below[:4] + far[1:] + above[4:] + below[4:]


def _note_candidates(scale: float, width: float, height: float,
                     px: float) -> list[tuple[float, float]]:
    """(dx, dy) in points: on the lifeline, beside it, under the row, then further out."""
    side = width / px / 2 + 6 * scale
    down = -(height / px + 6 * scale)
    return [(0.0, 0.0), (side, 0.0), (-side, 0.0), (0.0, down), (side, down), (-side, down),
            (side + 30 * scale, 0.0), (-side - 30 * scale, 0.0),
            (side + 30 * scale, down), (-side - 30 * scale, down)]


def place_texts(ax: Axes, artists: SequenceArtists, scale: float, *,
                captions_move: bool = False) -> list[int]:
    """Move labels and notes clear of each other and of arrowheads; the seqs still in the way.

    A label's padlock, and with ``captions_move`` the plain words drawn over a
    label or note, move with it.
    """
    renderer = renderer_of(ax)
    px = ax.figure.dpi / 72  # pixels per point
    # Heads kept a little further off than touching: a label ending at an arrowhead
    # seems to be the arrow's text ("… mailsim▸").
    air = HEAD_AIR * scale * px
    heads = [grown(head_box(ax, arrow), air) for arrow in artists.arrows.values()]
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
    for seq, kind, text in ports + sorted(items, key=lambda item: item[0]):
        box = text_box(text, renderer)
        companions: list[Any] = []
        if kind == "label" and seq in artists.locks:
            companions.append(artists.locks[seq])
        if captions_move and seq in artists.captions:
            companions.append(artists.captions[seq])
        extra = [_artist_box(c, renderer) for c in companions]
        if kind == "label":
            direction = 1 if text.get_horizontalalignment() == "left" else -1
            (_, _), (end_x, _) = shafts[seq]
            gap = 8 * scale * px
            whole = _union([box, *extra])
            to_end = ((end_x - gap - whole[2]) if direction > 0 else (end_x + gap - whole[0])) / px
            options = _label_candidates(scale, direction, box[3] - box[1], px, to_end)
        elif kind == "port":
            flip = -(box[2] - box[0] + 14 * scale * px) / px
            if text.get_horizontalalignment() == "right":
                flip = -flip
            lift = (box[3] - box[1]) / px
            options = [(0.0, 0.0), (0.0, lift), (flip, 0.0), (flip, lift), (0.0, 2 * lift)]
        else:
            options = _note_candidates(scale, box[2] - box[0], box[3] - box[1], px)
        cost, dx, dy = _best(options, box, extra, placed, heads,
                             shafts if kind == "note" else {}, seq, inside, px)
        if cost > 0 and kind == "note" and "\n" not in text.get_text():
            # Nowhere free: the note in two lines, narrower, tried again (its plain
            # words, above it, go up by the line it gained).
            old = text.get_text()
            text.set_text(_two_lines(old))
            narrow = text_box(text, renderer)
            taller = (narrow[3] - narrow[1]) - (box[3] - box[1])
            lifted = [moved(b, 0.0, taller) for b in extra]
            options = _note_candidates(scale, narrow[2] - narrow[0], narrow[3] - narrow[1], px)
            second = _best(options, narrow, lifted, placed, heads, shafts, seq, inside, px)
            if second[0] < cost:
                (cost, dx, dy), box, extra = second, narrow, lifted
                for companion in companions:
                    _apply(ax, companion, 0.0, taller / px)
            else:
                text.set_text(old)
        for artist in (text, *companions):
            _apply(ax, artist, dx, dy)
        placed.extend(moved(b, dx * px, dy * px) for b in (box, *extra))
        if cost > 0 and seq >= 0:
            stuck.append(seq)
    return stuck


def _best(options: Sequence[tuple[float, float]], box: Box, extra: Sequence[Box],
          placed: Sequence[Box], heads: Sequence[Box],
          shafts: dict[int, tuple[tuple[float, float], tuple[float, float]]], seq: int,
          inside: Box, px: float) -> tuple[float, float, float]:
    """The first free candidate, or the one least in the way: (cost, dx, dy)."""
    best: tuple[float, float, float] | None = None
    for dx, dy in options:
        boxes = [moved(b, dx * px, dy * px) for b in (box, *extra)]
        cost = _cost(boxes, placed, heads, shafts, seq, inside)
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
          inside: Box) -> float:
    cost = 0.0
    for box in boxes:
        cost += sum(overlap(box, other) for other in placed if meets(box, other))
        cost += sum(overlap(box, head) + 1.0 for head in heads if meets(box, head))
        cost += sum(50.0 for other, (a, b) in shafts.items() if other != seq and crosses(box, a, b))
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


def _artist_box(line: Any, renderer: RendererBase) -> Box:
    extent = line.get_window_extent(renderer)
    return (extent.x0 - PAD, extent.y0 - PAD, extent.x1 + PAD, extent.y1 + PAD)


def fixed_texts(artists: SequenceArtists, *, captions: bool = True) -> list[Text]:
    """Texts the pass does not move: port tags, step numbers, gap labels (and captions)."""
    kept = [*artists.ports, *artists.steps, *artists.gap_labels, *artists.heads]
    return kept + list(artists.captions.values()) if captions else kept


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
        things.append(Placed(_shrunk(_artist_box(lock, renderer)), f"lock-{seq}"))
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
    return found


def _shrunk(box: Box) -> Box:
    """A box without the padding: touching is not overlapping."""
    return (box[0] + PAD * 1.5, box[1] + PAD * 1.5, box[2] - PAD * 1.5, box[3] - PAD * 1.5)
