"""A scenario's text holds no control characters (but tab and line feed).

A subject or a body written with a YAML escape such as ``"\\x1b[2J"`` would go into the
trace and from there to the teacher's terminal as a command (see
:mod:`mailsim.trace.visible`, which guards live traffic and trace files the same way).
The loader refuses the file instead, naming the key path and the character.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mailsim.scenario.errors import key_path
from mailsim.trace.visible import CONTROL


def control_characters(data: Any, at: tuple[str | int, ...] = ()) -> Iterator[tuple[str, str]]:
    """``(key path, message)`` for each string of the parsed YAML with a control character."""
    if isinstance(data, str):
        found = CONTROL.search(data)
        if found is not None:
            code = ord(found.group())
            yield key_path(list(at)), (f"control character U+{code:04X} at position "
                                       f"{found.start()}: expected text (tab and line feed are "
                                       "the only control characters a scenario may hold)")
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and CONTROL.search(key):
                yield from control_characters(key, at)
            yield from control_characters(value, (*at, str(key)))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from control_characters(item, (*at, index))
