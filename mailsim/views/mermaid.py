"""A trace as a Mermaid ``sequenceDiagram``: paste it into Markdown, GitHub or a wiki.

The lines written, and nothing else (the tests check each one):

* ``participant P1 as alice-pc<br/>your mail client`` — one per lifeline;
* ``P1->>P2: SMTP:587 EHLO alice-pc`` — an application line (``-x`` if lost);
* ``P1-->>P2: TCP:587 SYN`` — a TCP segment, dotted (``--x`` if lost);
* ``Note over P2: ● queued …`` — a state change; ``Note over P1,P8: ⋯ 1.0 s later ⋯``
  marks an idle gap (Mermaid has no divider); with the analogy, captions are
  notes too.

Labels are escaped with Mermaid's entity codes: ``#59;`` for ``;`` (which ends
a statement), ``#35;`` for ``#`` (a comment), ``#37;`` for ``%`` (``%%`` is a
comment), ``#lt;``/``#gt;`` for ``<``/``>`` (HTML to Mermaid).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from mailsim.trace import StateEvent, Trace
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
    message_label,
    state_label,
    step_caption,
    wrap,
)

INDENT = "    "
_ENTITIES = {";": "#59;", "#": "#35;", "%": "#37;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}
LINE_BREAK = "<br/>"


def escape(text: str) -> str:
    """``text`` safe as a Mermaid label: entity codes, newlines as ``<br/>``."""
    escaped = "".join(_ENTITIES.get(ch, ch) for ch in text.replace("\r", "").replace("\t", " "))
    return escaped.replace("\n", LINE_BREAK)


def to_mermaid(trace: Trace, *, selection: Selection | None = None, lang: str = "en",
               analogy: bool = False, show_encrypted: bool = False) -> str:
    """The (selected part of the) trace as Mermaid text, ending with a newline.

    ``lang`` sets the role titles and captions; ``analogy`` adds the postal
    analogy as notes; ``show_encrypted`` shows the lines sent after STARTTLS
    instead of ``🔒 encrypted SMTP:587``.
    """
    return "".join(f"{line}\n" for line in mermaid_lines(
        trace, selection=selection, lang=lang, analogy=analogy, show_encrypted=show_encrypted))


def write_mermaid(out: TextIO, trace: Trace, *, selection: Selection | None = None,
                  lang: str = "en", analogy: bool = False, show_encrypted: bool = False) -> None:
    """Write :func:`to_mermaid`'s text to ``out`` line by line, never holding all of it."""
    for line in mermaid_lines(trace, selection=selection, lang=lang, analogy=analogy,
                              show_encrypted=show_encrypted):
        out.write(line)
        out.write("\n")


def mermaid_lines(trace: Trace, *, selection: Selection | None = None, lang: str = "en",
                  analogy: bool = False, show_encrypted: bool = False) -> Iterator[str]:
    """The lines of :func:`to_mermaid` without their newlines, one at a time."""
    diagram = build_diagram(trace, selection, lang, analogy)
    yield "sequenceDiagram"
    yield f"{INDENT}title {escape(diagram.title)}"
    for p in diagram.participants:
        yield f"{INDENT}{participant_line(p)}"
    if analogy:
        yield from (note([p.id], p.caption) for p in diagram.participants if p.caption)
    for step in diagram.steps:
        yield from step_lines(diagram, step, analogy=analogy, show_encrypted=show_encrypted)


def participant_line(participant: Participant) -> str:
    display = escape(participant.host) + LINE_BREAK + escape(participant.title)
    return f"participant {participant.id} as {display}"


def note(ids: list[str], text: str, *, wrapped: bool = True) -> str:
    """``Note over P1,P2: text``: over one lifeline, or from the first to the last of ``ids``."""
    span = ids[0] if len(set(ids)) == 1 else f"{ids[0]},{ids[-1]}"
    body = LINE_BREAK.join(escape(part) for part in (wrap(text) if wrapped else [text]))
    return f"{INDENT}Note over {span}: {body}"


def step_lines(diagram: Diagram, step: Step, *, analogy: bool, show_encrypted: bool) -> list[str]:
    """The line(s) of one step: an arrow, a note, a gap marker, and the caption if asked."""
    if isinstance(step, Idle):
        ids = [p.id for p in diagram.participants]
        return [note(ids, gap_label(step.seconds, diagram.lang), wrapped=False)] if ids else []
    caption = step_caption(step, diagram.lang, reveal=show_encrypted) if analogy else None
    if isinstance(step, StateEvent):
        parts = wrap(state_label(step), LABEL_WIDTH) + (wrap(caption) if caption else [])
        return [f"{INDENT}Note over {diagram.id_of(step.node)}: {LINE_BREAK.join(map(escape, parts))}"]
    src, dst = diagram.id_of(step.src), diagram.id_of(step.dst)
    dotted = "--" if is_transport(step.protocol) else "-"
    head = ">>" if step.t_arrived is not None else "x"
    label = message_label(step, show_encrypted=show_encrypted, lang=diagram.lang)
    arrow = f"{INDENT}{src}{dotted}{head}{dst}: {escape(label)}"
    return [arrow, note(diagram.span(src, dst), caption)] if caption else [arrow]
