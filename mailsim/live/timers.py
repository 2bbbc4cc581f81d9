"""The two clocks of one live connection, and the goodbye each ends with.

The idle timer restarts at every byte and, when a client has been silent too
long, has the server say goodbye in the protocol's words (RFC 5321 §4.5.3.2,
RFC 1939 §3, RFC 3501 §5.4). The command deadline starts at a line's first byte
and stops when the line ends, whatever trickles in meanwhile (Postfix's
smtpd_timeout): a client sending one byte a second is closed all the same.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from mailsim.sim.connection import Connection

from .bridge import Bridge
from .limits import Limits, goodbye
from .wellknown import live_settings


class Timers:
    """The idle timer and the command deadline; ``say_goodbye`` ends the connection."""

    def __init__(self, limits: Limits, protocol: str, host: str,
                 say_goodbye: Callable[[bytes], None]) -> None:
        self.limits = limits
        self.protocol = protocol
        self.host = host
        self.say_goodbye = say_goodbye
        self._idle: asyncio.TimerHandle | None = None
        self._deadline: asyncio.TimerHandle | None = None  # for the line begun

    def arm_idle(self) -> None:
        """Input arrived: the silence counts from now."""
        if self._idle is not None:
            self._idle.cancel()
        loop = asyncio.get_running_loop()
        self._idle = loop.call_later(self.limits.idle_timeout_for(self.protocol), self._on_idle)

    def after_input(self, completed: bool, line_begun: bool) -> None:
        """Start the command deadline at a line's first byte; stop it when the line ends.

        ``completed``: the input ended a line; ``line_begun``: part of a next line is held.
        """
        if completed and not line_begun and self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        elif not completed and self._deadline is None:
            self._deadline = asyncio.get_running_loop().call_later(
                self.limits.command_timeout, self._on_deadline)
        elif completed and line_begun:  # the next line has begun: its own deadline
            if self._deadline is not None:
                self._deadline.cancel()
            self._deadline = None
            self.after_input(False, True)

    def cancel(self) -> None:
        """The connection is gone: neither clock rings."""
        for timer in (self._idle, self._deadline):
            if timer is not None:
                timer.cancel()

    def _on_idle(self) -> None:
        """A silent client: the server says goodbye in the protocol's words and closes."""
        self.say_goodbye(live_settings(self.protocol).idle_goodbye.format(host=self.host).encode())

    def _on_deadline(self) -> None:
        self.say_goodbye(goodbye("deadline", self.protocol, self.host))


def server_goodbye(bridge: Bridge, conn: Connection, text: bytes) -> None:
    """The simulated server sends ``text`` (if any) and closes; the engine forgets."""
    bridge.advance()
    if text:
        conn.server.send(text)
    conn.server.close()
    handler = conn.server.handler
    if handler is not None:
        handler.on_close(conn.server)  # the engine forgets an open transaction
    bridge.kick()
