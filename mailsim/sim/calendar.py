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

:func:`run` is ``Environment.run`` with ``step`` written into its loop (the
same pops, callbacks, failure check and stop), one Python call less per entry;
a :class:`Call` (it never fails) has its function called there directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from heapq import heappop, heappush
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


class _Stop:
    """Where ``run(env, until)`` stops: due at ``until``, before any entry of that time."""

    __slots__ = ("callbacks",)
    _ok = True

    def __init__(self) -> None:
        self.callbacks: tuple[Callable[[Any], None], ...] | None = ()


URGENT = 0  # simpy.events.URGENT: Environment.run's own stop event has this priority


def run(env: simpy.Environment, until: int | None = None) -> None:
    """``env.run(until=until)``: the same entries in the same order, to the same end.

    With ``until``, the stop is put on the queue as ``Environment.run`` puts its own
    (at ``until``, urgent, the next id), so what runs before it is exactly what SimPy
    would run; afterwards ``env.now`` is ``until``. An environment that is not
    SimPy's own (see :func:`direct_queue`) runs with its own ``run``.
    """
    direct = direct_queue(env)
    if direct is None or type(env).run is not simpy.Environment.run \
            or type(env).step is not simpy.Environment.step:
        env.run(until=until)
        return
    # Entries are read as SimPy reads them: any event may be on the queue, not only ours.
    queue, ids = cast("tuple[list[tuple[int, int, int, Any]], Iterator[int]]", direct)
    stop = None
    if until is not None:
        if until <= env.now:
            raise ValueError(f"until ({until}) must be greater than the current simulation time")
        stop = _Stop()
        heappush(queue, (until, URGENT, next(ids), stop))
    while queue:
        env._now, _, _, event = heappop(queue)
        if event is stop:
            return
        callbacks, event.callbacks = event.callbacks, None
        if callbacks is _CALL:  # a Call (a third of the entries): its function, at once
            event.fn()
            continue
        for callback in callbacks:
            callback(event)
        if not event._ok and not hasattr(event, "_defused"):
            # A failed SimPy event nobody handled crashes the run, as in Environment.step.
            exc = type(event._value)(*event._value.args)
            exc.__cause__ = event._value
            raise exc
