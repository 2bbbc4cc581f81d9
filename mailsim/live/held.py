"""Output held back for a while: a refused login's reply goes out late.

Dovecot's auth_failure_delay: a password guesser waits before it learns that a
guess failed. Whatever the server sends meanwhile waits behind the refusal, in
order, bounded; a close asked for meanwhile happens once it has all gone out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class HeldOutput:
    """Bytes for the real client held back until a delay has passed."""

    def __init__(self, write: Callable[[bytes], None], close: Callable[[], None],
                 overflow: Callable[[], None], max_held: int) -> None:
        self._write = write
        self._close = close
        self._overflow = overflow
        self._max_held = max_held
        self._held: list[bytes] | None = None  # None: nothing is held back
        self._close_when_written = False

    @property
    def holding(self) -> bool:
        return self._held is not None

    def hold(self, delay: float) -> None:
        """Write nothing more for ``delay`` seconds (already holding: wait behind it)."""
        if self._held is None:
            self._held = []
            asyncio.get_running_loop().call_later(delay, self._release)

    def add(self, data: bytes) -> None:
        """Keep ``data`` for later; too much held back means the client is cut off."""
        assert self._held is not None
        self._held.append(data)
        if sum(map(len, self._held)) > self._max_held:
            self._overflow()

    def close_after(self) -> None:
        """Close the socket once what is held back has gone out."""
        self._close_when_written = True

    def _release(self) -> None:
        held, self._held = self._held or [], None
        for data in held:
            self._write(data)
        if self._close_when_written:
            self._close()
