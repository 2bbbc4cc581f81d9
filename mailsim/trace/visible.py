"""Control characters made visible: the trace holds only text a terminal prints as it is.

A live client (``mailsim serve``) may send anything on a line, and a trace file may hold
anything in a string; an ESC, a NUL or a BEL that reached a view would reach the teacher's
terminal as a command (clear the screen, set the window title, ring) instead of as text.
The live recorder and the trace reader pass every string through :func:`visible`: a C0
control other than tab and line feed, DEL and a C1 control (U+0080 to U+009F, which some
terminals also obey) become their escape as Python writes it (ESC -> ``\\x1b``, NUL ->
``\\x00``), plain ASCII that every font of every view can draw (Unicode's control pictures
are missing from the figures' fonts) and that an engineer reads at once. Text without
them, which is every line a simulated host sends, is returned as it is.
"""

from __future__ import annotations

import re
from typing import Any

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))
            if code not in (0x09, 0x0A)}


def visible(text: str) -> str:
    """``text`` with its control characters written as escapes (see the module's doc)."""
    if CONTROL.search(text) is None:
        return text
    return text.translate(_ESCAPES)


def visible_values(value: Any) -> Any:
    """:func:`visible` of every string in a record's data (in lists and objects too)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [visible_values(item) for item in value]
    if isinstance(value, dict):
        return {visible(key): visible_values(item) for key, item in value.items()}
    return value
