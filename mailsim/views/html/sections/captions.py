"""Each event's words in both languages: the plain-words caption and, for a state
change, its one-line description (what the player's state rows say)."""

from __future__ import annotations

from typing import Any

from mailsim.locales import LANGUAGES
from mailsim.trace import StateEvent, Trace
from mailsim.views.captions import event_caption
from mailsim.views.state_texts import state_text

NAME = "captions"


def build(trace: Trace) -> list[dict[str, Any]]:
    """One entry per event, in trace order: ``plain`` and ``state`` by language (or None)."""
    out: list[dict[str, Any]] = []
    for event in trace:
        plain = {lang: event_caption(event, lang) for lang in LANGUAGES}
        entry: dict[str, Any] = {"plain": plain if any(plain.values()) else None, "state": None}
        if isinstance(event, StateEvent):
            entry["state"] = {lang: state_text(event, lang) for lang in LANGUAGES}
        out.append(entry)
    return out
