"""What a connection needs of the network it runs on.

A connection knows the network only as a :class:`Wire` (what it sends
through), a protocol, so :mod:`mailsim.sim.connection` imports nothing of the network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from mailsim.sim.calendar import Entry


class _Host(Protocol):
    @property
    def processing(self) -> int: ...


class Wire(Protocol):
    """What a connection needs of the network it runs on."""

    @property
    def now(self) -> int: ...
    @property
    def hosts(self) -> Mapping[str, _Host]: ...
    def after(self, delay: int, callback: Callable[[], None]) -> None: ...
    def put(self, entry: Entry, at: int) -> None: ...
    def depart(self, entry: Entry, delay: int, ready_at: int) -> int: ...
    def carry(self, entry: Entry, src: str, dst: str, protocol: str, port: int, text: str,
              size: int, conn: str | None = None, encrypted: bool = False, not_before: int = 0,
              outages: bool = False) -> int | None: ...
    def emit(self, src: str, dst: str, protocol: str, port: int, text: str, size: int,
             deliver: Callable[[], None], *, conn: str | None = None, encrypted: bool = False,
             not_before: int = 0, outages: bool = False) -> int | None: ...
    def syn_blocked(self, src: str, dst: str, port: int, conn: str) -> bool: ...
