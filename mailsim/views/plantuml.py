"""A trace as a PlantUML sequence diagram, with arrows slanted by their transit time.

The teoz engine (``!pragma teoz true``) draws ``P1 ->(12) P2`` with the arrow's
head 12 pixels below its tail: each arrow slants in proportion to the time the
unit spent on the wire (one pixel per millisecond, scaled down so that the
slowest hop is :data:`MAX_SLANT` pixels). What is written:

* ``participant "alice-pc\\nyour mail client" as P1`` — one per lifeline;
* ``P1 ->(5) P2 : SMTP:587 EHLO alice-pc`` — an application line (``->x``: lost);
* ``P1 -[#gray]->(5) P2 : TCP:587 SYN`` — a TCP segment, dashed and grey;
* ``note over P2 : ● queued …`` — a state change (the analogy caption below it);
* ``...⋯ 1.0 s later ⋯...`` — an idle gap, drawn as a delay.

Text is escaped for PlantUML's preprocessor and Creole markup: ``%`` and ``~``
become ``<U+0025>``/``<U+007E>``, markup pairs (``**``, ``//``, ``--``, ``__``,
``""``, ``[[``) and ``<`` get Creole's ``~`` escape, ``\\`` is doubled.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TextIO

from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.views.protocols import is_transport
from mailsim.views.select import Selection
from mailsim.views.textdiagram import (
    LABEL_WIDTH,
    Diagram,
    Idle,
    Participant,
    Step,
    build_diagram,
    gap_label,
    latency,
    message_label,
    state_label,
    step_caption,
    wrap,
)

MAX_SLANT = 40  # pixels, for the slowest hop of the diagram
PIXELS_PER_SECOND = 1000.0  # one pixel per millisecond while that fits
_MARKUP_PAIRS = frozenset({"**", "//", "--", "__", '""', "[["})
_CODES = {"%": "<U+0025>", "~": "<U+007E>", '"': "<U+0022>"}
_LINE_START = frozenset("*#=|-")  # Creole lists, headings, tables, rules


def escape(text: str, *, quoted: bool = False) -> str:
    """``text`` safe in a PlantUML label (``quoted``: inside ``"..."``); newlines as ``\\n``."""
    lines = text.replace("\r", "").replace("\t", " ").split("\n")
    return "\\n".join(_escape_line(line, quoted) for line in lines)


def _escape_line(line: str, quoted: bool) -> str:
    out: list[str] = []
    for i, ch in enumerate(line):
        if ch in _CODES and (ch != '"' or quoted):
            out.append(_CODES[ch])
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "<":
            # '~<' keeps a tag from being a tag; '<U+...>' would still be decoded after it.
            out.append("<U+003C>" if line[i + 1: i + 3].upper() == "U+" else "~<")
        elif i == 0 and ch in _LINE_START:
            out.append(f"<U+{ord(ch):04X}>")
        elif line[i: i + 2] in _MARKUP_PAIRS:
            out.append("~" + ch)
        else:
            out.append(ch)
    return "".join(out)


def to_plantuml(trace: Trace, *, selection: Selection | None = None, lang: str = "en",
                analogy: bool = False, show_encrypted: bool = False) -> str:
    """The (selected part of the) trace as PlantUML text (UTF-8), ending with a newline.

    ``lang`` sets the role titles and captions; ``analogy`` adds the postal
    analogy as notes; ``show_encrypted`` shows the lines sent after STARTTLS
    instead of ``🔒 encrypted SMTP:587``.
    """
    return "".join(f"{line}\n" for line in plantuml_lines(
        trace, selection=selection, lang=lang, analogy=analogy, show_encrypted=show_encrypted))


def write_plantuml(out: TextIO, trace: Trace, *, selection: Selection | None = None,
                   lang: str = "en", analogy: bool = False, show_encrypted: bool = False) -> None:
    """Write :func:`to_plantuml`'s text to ``out`` line by line, never holding all of it."""
    for line in plantuml_lines(trace, selection=selection, lang=lang, analogy=analogy,
                               show_encrypted=show_encrypted):
        out.write(line)
        out.write("\n")


def plantuml_lines(trace: Trace, *, selection: Selection | None = None, lang: str = "en",
                   analogy: bool = False, show_encrypted: bool = False) -> Iterator[str]:
    """The lines of :func:`to_plantuml` without their newlines, one at a time."""
    diagram = build_diagram(trace, selection, lang, analogy)
    scale = slant_scale(diagram.steps)
    yield from ("@startuml", "!pragma teoz true", f"title {escape(diagram.title)}")
    for p in diagram.participants:
        yield participant_line(p)
    if analogy:
        yield from (note([p.id], p.caption) for p in diagram.participants if p.caption)
    for step in diagram.steps:
        yield from step_lines(diagram, step, scale, analogy=analogy, show_encrypted=show_encrypted)
    yield "@enduml"


def participant_line(participant: Participant) -> str:
    display = escape(f"{participant.host}\n{participant.title}", quoted=True)
    return f'participant "{display}" as {participant.id}'


def note(ids: list[str], text: str) -> str:
    """``note over P1, P2 : text`` with ``text`` wrapped to short lines."""
    return f"note over {', '.join(dict.fromkeys(ids))} : {escape(chr(10).join(wrap(text)))}"


def slant_scale(steps: list[Step]) -> float:
    """Pixels per simulated second: 1 px/ms, or less so the slowest hop is ``MAX_SLANT``."""
    slowest = max((latency(s) for s in steps if isinstance(s, MessageEvent)), default=0.0)
    return min(PIXELS_PER_SECOND, MAX_SLANT / slowest) if slowest > 0 else 0.0


def arrow(event: MessageEvent, scale: float) -> str:
    """``->``, ``-[#gray]->``, with ``(n)`` pixels of slant, or ``->x`` for a lost unit."""
    body = "-[#gray]->" if is_transport(event.protocol) else "->"
    if event.t_arrived is None:
        return body + "x"
    # Microsecond precision first, so equal hops get equal slants whatever the float noise.
    slant = min(MAX_SLANT, math.floor(round(latency(event), 6) * scale + 0.5))
    return f"{body}({slant})" if slant > 0 else body


def step_lines(diagram: Diagram, step: Step, scale: float, *,
               analogy: bool, show_encrypted: bool) -> list[str]:
    """The line(s) of one step: an arrow, a note, a delay, and the caption if asked."""
    if isinstance(step, Idle):
        return [f"...{escape(gap_label(step.seconds, diagram.lang))}..."]
    caption = step_caption(step, diagram.lang, reveal=show_encrypted) if analogy else None
    if isinstance(step, StateEvent):
        text = "\n".join(wrap(state_label(step), LABEL_WIDTH) + (wrap(caption) if caption else []))
        return [f"note over {diagram.id_of(step.node)} : {escape(text)}"]
    src, dst = diagram.id_of(step.src), diagram.id_of(step.dst)
    label = message_label(step, show_encrypted=show_encrypted, lang=diagram.lang)
    line = f"{src} {arrow(step, scale)} {dst} : {escape(label)}"
    return [line, note(diagram.span(src, dst), caption)] if caption else [line]
