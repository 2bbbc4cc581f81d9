"""Looks and words of the sequence diagram: colours, short labels, notes, the padlock.

Kept apart from :mod:`mailsim.views.sequence` (which lays the figure out) so
the wording can be read, tested and translated on its own. Nothing here
imports matplotlib at module level. Protocol colours are
:func:`mailsim.views.protocols.colour`.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from mailsim.trace import MessageEvent, StateEvent
from mailsim.trace.states import (
    AttemptOutcome,
    Cached,
    Composed,
    Deleted,
    Downloaded,
    FlagsChanged,
    MXSelected,
    Read,
    StateDataError,
    Synced,
    known_change,
)
from mailsim.views.captions import text as catalogue_text
from mailsim.views.captions import ui
from mailsim.views.text import is_message_content

if TYPE_CHECKING:
    from matplotlib.path import Path as MplPath

NOTE_FACE = "#fff6cc"
NOTE_EDGE = "#c9a400"
LOST_COLOUR = "#c62828"

def local_text(key: str, lang: str, **values: object) -> str:
    """A UI text from the catalogue of ``lang``."""
    return ui(key, lang, **values)


def display_width(text: str) -> int:
    """Width in half-width cells: kana and kanji count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, ending in "…" when cut."""
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        cells = display_width(ch)
        if used + cells > width - 1:
            break
        out += ch
        used += cells
    return out.rstrip() + "…"


def _comma_list(text: str, width: int) -> str:
    """``A, B, C, D`` shortened to ``A, …, D`` when it is too long."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > 2 and display_width(text) > width:
        return f"{parts[0]}, …, {parts[-1]}"
    return text


def message_label(event: MessageEvent, *, lang: str = "en", show_encrypted: bool = False,
                  max_label: int = 48) -> str:
    """The arrow label: first line of the text, DATA content summarised, encrypted lines hidden."""
    if event.encrypted and not show_encrypted:
        return local_text("ui.encrypted_line", lang, protocol=event.protocol)
    if is_message_content(event):
        lines = event.text.split("\n")
        label = local_text("ui.message_content", lang, lines=len(lines) - 1, size=event.size)
    else:
        lines = event.text.split("\n")
        label = lines[0]
        if event.protocol == "TLS":
            label = "TLS " + _comma_list(label, max_label - 4)
        extra = [line for line in lines[1:] if line.strip()]
        if extra:
            label += " " + local_text("ui.more_lines", lang, n=len(extra))
    if event.t_arrived is None:
        label += f"  ✗ {local_text('ui.lost', lang)}"
    return truncate(label, max_label)


def note_label(event: StateEvent, *, lang: str = "en", max_label: int = 30) -> str:
    """A short note for a change inside a host (``note.<action>`` filled from its fields)."""
    plain = event.action.replace("_", " ")
    template = None
    if event.data.get("folder"):  # a folder other than INBOX is named (INBOX is not: the usual)
        template = catalogue_text(f"note.{event.action}.folder", lang)
    template = template or catalogue_text(f"note.{event.action}", lang)
    if template is None:
        return truncate(plain, max_label)
    try:
        text = template.format(**{**event.data, **_note_values(event), **_words(event, lang)})
    except (KeyError, IndexError, ValueError):
        text = plain
    return truncate(text, max_label)


_WORD_FIELDS = ("result", "outcome", "reason", "status")


def _words(event: StateEvent, lang: str) -> dict[str, object]:
    """A field that holds a word (``result: success``) in ``lang`` (the ``text.why`` texts)."""
    out: dict[str, object] = {}
    for name in _WORD_FIELDS:
        value = event.data.get(name)
        if isinstance(value, str) and value:
            word = catalogue_text(f"text.why.{value.strip().lower().replace(' ', '_')}", lang)
            if word is not None:
                out[name] = word
    return out


def _note_values(event: StateEvent) -> dict[str, object]:
    """What a note shows in place of a raw field: shortened, the first one, a count."""
    try:
        change = known_change(event)
    except StateDataError:  # a record that does not fit its class: its raw fields only
        return {}
    values: dict[str, object] = {}
    if isinstance(change, Composed | Downloaded | Cached | Read):
        values["subject"] = truncate(change.subject, 18)
    elif isinstance(change, MXSelected):  # "10 mx1.example.jp." -> "mx1.example.jp"
        values["first_host"] = (change.hosts or ("",))[0].rstrip(".").split(" ")[-1]
    elif isinstance(change, Synced):
        values["count"] = len(change.messages)
    elif isinstance(change, Deleted):
        values["count"] = len(change.uids)
    elif isinstance(change, FlagsChanged):
        values["flag_text"] = " ".join(change.flags) or "-"
    elif isinstance(change, AttemptOutcome):  # the next hop's first label
        values["to_host"] = str(change.to_host).split(".")[0]
    return values


def padlock_path() -> MplPath:
    """A small padlock (body and shackle) as a matplotlib marker path."""
    import numpy as np
    from matplotlib.path import Path as MplPath

    body = MplPath.unit_rectangle().transformed(_affine(1.6, 1.2, -0.8, -1.0))
    theta = np.linspace(0.0, np.pi, 12)
    outer = np.column_stack([0.55 * np.cos(theta), 0.2 + 0.65 * np.sin(theta)])
    inner = np.column_stack([0.3 * np.cos(theta[::-1]), 0.2 + 0.4 * np.sin(theta[::-1])])
    shackle = MplPath(np.vstack([outer, inner, outer[:1]]), closed=True)
    return MplPath.make_compound_path(body, shackle)


def _affine(sx: float, sy: float, tx: float, ty: float) -> Any:
    from matplotlib.transforms import Affine2D

    return Affine2D().scale(sx, sy).translate(tx, ty)
