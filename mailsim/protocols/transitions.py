"""The one way every engine moves through its transition table (as h11's ``_state.py``)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

from mailsim.protocols.errors import LocalProtocolError

S = TypeVar("S", bound=Hashable)


def next_state(table: Mapping[S, Mapping[str, S]], any_state: Mapping[str, S],
               state: S, trigger: str) -> S:
    """The state after ``trigger``; a move the table does not list is an engine bug."""
    if trigger in any_state:
        return any_state[trigger]
    try:
        return table[state][trigger]
    except KeyError:
        raise LocalProtocolError(f"no transition for {trigger!r}", state) from None
