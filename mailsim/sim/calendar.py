"""Callbacks on SimPy's calendar, one small object per entry.

``Environment.step()`` pops an entry and reads two things of it: ``callbacks``
(each called with the entry) and ``_ok`` (whether it failed). A ``Timeout``
also keeps the environment, a value and a delay, and calling a plain function
from it takes a closure as well; a :class:`Call` is the least that ``step``
needs. Entries are ordered as ever (time, priority, then the order they were
scheduled in, one counter for all), so the runs and their traces are the same.

On SimPy's own ``Environment`` the network pushes its entries onto the
environment's queue itself, exactly as ``Environment.schedule`` does (a heap of
``(time, priority, id, event)``, ids from the environment's counter), which
saves a Python call per entry; any other environment (one that overrides
``schedule``, or a SimPy without that queue) gets ``env.schedule``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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


Queue = list[tuple[int, int, int, Entry]]


def direct_queue(env: simpy.Environment) -> tuple[Queue, Iterator[int]] | None:
    """The heap and id counter ``env.schedule`` writes to, when it is SimPy's own."""
    queue, ids = getattr(env, "_queue", None), getattr(env, "_eid", None)
    if type(env).schedule is not simpy.Environment.schedule or not isinstance(queue, list) \
            or not isinstance(ids, Iterator):
        return None
    return queue, ids
