"""What the Mermaid and PlantUML exports share: participants, labels and steps.

Both exports draw the same thing: one lifeline per host (in
:func:`~mailsim.views.timeline.lifeline_order`), one arrow per message event,
one note per state event, and a marker where the run sat idle (the gaps that
:func:`~mailsim.views.timeline.proportional_axis` compresses). This module
decides *what* is said, in plain text; each export only escapes it and
writes its own syntax.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass
from itertools import takewhile

from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.views.captions import event_caption, host_title, node_caption, ui
from mailsim.views.select import Selection
from mailsim.views.state_texts import state_text
from mailsim.views.text import is_message_content
from mailsim.views.timeline import lifeline_order, proportional_axis

LABEL_WIDTH = 60  # characters of a protocol line shown on an arrow
NOTE_WIDTH = 44  # display columns of a caption line before it wraps


@dataclass(frozen=True, slots=True)
class Participant:
    """A lifeline: a short alias safe in any syntax (``P1``), the host and its title."""

    id: str
    host: str
    title: str
    caption: str | None = None  # the postal analogy, when asked for


@dataclass(frozen=True, slots=True)
class Idle:
    """An idle stretch of the run, drawn as a divider instead of to scale."""

    seconds: float


Step = MessageEvent | StateEvent | Idle


@dataclass(frozen=True, slots=True)
class Diagram:
    """The selected part of a trace, ready to be written in a text syntax."""

    title: str
    participants: list[Participant]
    steps: list[Step]
    lang: str = "en"

    def id_of(self, host: str) -> str:
        return next(p.id for p in self.participants if p.host == host)

    def span(self, *ids: str) -> list[str]:
        """The leftmost and rightmost of ``ids``, for a note across them."""
        order = [p.id for p in self.participants]
        ranked = sorted(set(ids), key=order.index)
        return [ranked[0], ranked[-1]]


def build_diagram(trace: Trace, selection: Selection | None, lang: str, analogy: bool) -> Diagram:
    """Select events, order the lifelines and mark the idle gaps."""
    shown = selection.apply(trace) if selection is not None else trace
    participants = [
        Participant(f"P{n}", host, host_title(trace, host, lang),
                    node_caption(trace, host, lang) if analogy else None)
        for n, host in enumerate(lifeline_order(shown), start=1)
    ]
    title = ui("ui.sequence_title", lang, scenario=trace.header.scenario)
    return Diagram(title, participants, idle_steps(shown), lang)


def idle_steps(trace: Trace) -> list[Step]:
    """The events of ``trace`` with an :class:`Idle` before each long quiet stretch."""
    axis = proportional_axis([event.time for event in trace])
    breaks = list(axis.breaks)
    steps: list[Step] = []
    for event in trace:
        while breaks and event.time >= breaks[0][1]:
            start, end = breaks.pop(0)
            steps.append(Idle(end - start))
        steps.append(event)
    return steps


def message_label(event: MessageEvent, *, show_encrypted: bool, lang: str = "en") -> str:
    """One line for an arrow: ``SMTP:587 EHLO alice-pc``, ``🔒 encrypted SMTP:587``..."""
    where = f"{event.protocol}:{event.port}"
    if event.encrypted and not show_encrypted:
        label = "🔒 " + ui("ui.encrypted_line", lang, protocol=where)
    else:
        lock = "🔒 " if event.encrypted else ""
        label = f"{where} {lock}{line_summary(event)}"
    return label if event.t_arrived is not None else f"{label} ✗"


def line_summary(event: MessageEvent) -> str:
    """The first line of a unit, cut to :data:`LABEL_WIDTH`; message content summarised."""
    lines = event.text.split("\n")
    if is_message_content(event):
        headers = takewhile(bool, lines)
        subject = next((line[8:].strip() for line in headers if line.lower().startswith("subject:")), "")
        about = f" “{shorten(subject, 30)}”" if subject else ""
        return f"✉ message{about}: {len(lines) - 1} lines, {event.size} bytes, then '.'"
    first = shorten(lines[0].replace("\t", " "), LABEL_WIDTH)
    more = len(lines) - 1
    return first + (f" (+{more} line{'s' if more != 1 else ''})" if more else "")


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def state_label(event: StateEvent) -> str:
    """A state change as the table shows it, marked ``●``."""
    return "● " + state_text(event)


def step_caption(event: MessageEvent | StateEvent, lang: str, *,
                 reveal: bool = False) -> str | None:
    """The plain-words caption of a step (the analogy layer), if it has one."""
    return event_caption(event, lang, reveal=reveal)


def latency(event: MessageEvent) -> float:
    """Transit time of a unit; 0 for a lost one."""
    return 0.0 if event.t_arrived is None else max(0.0, event.t_arrived - event.t_sent)


def gap_label(seconds: float, lang: str) -> str:
    """``⋯ 15 min later ⋯`` in ``lang``."""
    return "⋯ " + ui("ui.gap", lang, duration=format_duration(seconds, lang)) + " ⋯"


_UNITS = {
    "en": ("ms", "s", "min", "h", "d"),
    "ja": ("ミリ秒", "秒", "分", "時間", "日"),
}


def format_duration(seconds: float, lang: str = "en") -> str:
    """A human duration: ``850 ms``, ``1.0 s``, ``15 min``, ``2 h 5 min``, ``3 d 4 h``."""
    ms, s, mins, hours, days = _UNITS.get(lang, _UNITS["en"])
    sep = "" if lang == "ja" else " "
    if seconds < 1:
        return f"{seconds * 1000:.0f}{sep}{ms}"
    if seconds < 10:
        return f"{seconds:.1f}{sep}{s}"
    if seconds < 60:
        return f"{seconds:.0f}{sep}{s}"
    for big, small, unit_big, unit_small in ((86400, 3600, days, hours), (3600, 60, hours, mins)):
        if seconds >= big:
            whole, rest = divmod(round(seconds / small), big // small)
            return f"{whole}{sep}{unit_big}" + (f" {rest}{sep}{unit_small}" if rest else "")
    whole_min, secs = divmod(round(seconds), 60)
    return f"{whole_min}{sep}{mins}" + (f" {secs}{sep}{s}" if secs and whole_min < 10 else "")


_BREAK_AFTER = frozenset("、。，．・)）」』!?！？:： ")


def wrap(text: str, width: int = NOTE_WIDTH) -> list[str]:
    """Lines of at most ``width`` display columns (a Japanese character counts two).

    Japanese has no spaces: a line breaks after punctuation when one lies in
    its second half, else at the width.
    """
    if all(_columns(ch) == 1 for ch in text):
        return textwrap.wrap(text, width) or [""]
    lines: list[str] = []
    current = ""
    for ch in text:
        if sum(map(_columns, current + ch)) > width:
            cut = max((i + 1 for i, c in enumerate(current) if c in _BREAK_AFTER), default=0)
            cut = cut if cut > len(current) // 2 else len(current)
            lines.append(current[:cut].rstrip())
            current = current[cut:].lstrip()
        current += ch
    return [*lines, current] if current else lines or [""]


def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1
