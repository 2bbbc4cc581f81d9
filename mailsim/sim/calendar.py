"""Callbacks on SimPy's calendar, one small object per entry.

``Environment.step()`` pops an entry and reads two things of it: ``callbacks``
(each called with the entry) and ``_ok`` (whether it failed). A ``Timeout``
also keeps the environment, a value and a delay, and calling a plain function
from it takes a closure as well; a :class:`Call` is the least that ``step``
needs, put on the calendar with the public ``Environment.schedule``. Entries
are ordered as ever (time, priority, then the order they were scheduled in), so
the runs and their traces are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, cast

import simpy

NORMAL = 1  # simpy.events.NORMAL: every mailsim entry has the same priority


class Entry(Protocol):
    """Anything ``Environment.step`` can process: its callbacks get the entry itself."""

    callbacks: tuple[Callable[[Any], None], ...] | None


class Call:
    """Call ``fn()`` when the entry comes due."""

    __slots__ = ("callbacks", "fn")
    _ok = True  # never fails: a callback's exception propagates out of step() as it is

    def __init__(self, fn: Callable[[], None]) -> None:
        self.callbacks: tuple[Callable[[Any], None], ...] | None = _CALL
        self.fn = fn


def _call(entry: Call) -> None:
    entry.fn()


_CALL: tuple[Callable[[Any], None], ...] = (_call,)

Schedule = Callable[[Entry, int, int], None]


def scheduler(env: simpy.Environment) -> Schedule:
    """``env.schedule`` (entry, priority, delay), typed for entries that are not SimPy events."""
    return cast(Schedule, env.schedule)
