"""What ``serve`` allows a real client, and how it tells one it went too far.

Modelled on Postfix (smtpd_timeout, smtpd_client_connection_count_limit) and
Dovecot (auth_failure_delay): a line must be complete within a deadline, one
address may hold only part of the connections, and a failed login is answered
late, later for each further failure from the same address. (The engines count
errors and failed logins per connection and close with 421 themselves.)
:class:`Clients` is the state the connections of one run share.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from mailsim.protocols.registry import LiveSettings, lookup

from .wellknown import live_settings


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-run and per-connection limits; the engines keep their own line and size limits."""

    idle_timeout: float | None = None  # wall seconds of silence; None: the RFC minimum
    command_timeout: float = 60.0  # a started line must end within this (wall seconds)
    max_connections: int = 64  # live connections at once, over all ports
    max_per_address: int = 16  # of those, from one client address
    max_held: int = 1_048_576  # octets held while the simulated side or the client is not ready
    max_line: int = 65_536  # octets of one line (an IMAP literal's announced size too)
    login_failure_delay: float = 2.0  # wall seconds before a failed login's reply; doubles
    max_login_failure_delay: float = 16.0
    max_trace_events: int = 200_000  # events kept in memory (the trace file has them all)

    def idle_timeout_for(self, protocol: str) -> float:
        """The timeout given, else the shortest the protocol's RFC allows (from the registry)."""
        if self.idle_timeout is not None:
            return self.idle_timeout
        return live_settings(protocol).idle_timeout

    def login_delay(self, failures: int) -> float:
        """The wait before the reply to the ``failures``-th failed login in a row."""
        if failures <= 0:
            return 0.0
        return float(min(self.max_login_failure_delay,
                         self.login_failure_delay * 2 ** (failures - 1)))


# Why a connection is closed by the live layer -> its goodbye in the protocol's
# live settings (the protocol registry).
_GOODBYES: dict[str, Callable[[LiveSettings], str]] = {
    "deadline": lambda live: live.deadline,
    "too long": lambda live: live.too_long,
    "per address": lambda live: live.per_address,
}


def goodbye(reason: str, protocol: str, host: str) -> bytes:
    """The last words for ``reason`` (b"" where the protocol has none)."""
    info = lookup(protocol)
    text = _GOODBYES[reason](info.live) if info is not None and info.live is not None else ""
    return text.format(host=host).encode()


_LITERAL = re.compile(rb"\{(\d+)\+?\}\r?\n?$")


def literal_size(line: bytes) -> int:
    """The size an IMAP line's closing literal marker announces (0 if none).

    More than 18 digits counts as larger than any limit (int() refuses past 4,300).
    """
    match = _LITERAL.search(line)
    if match is None:
        return 0
    digits = match.group(1).lstrip(b"0")
    return int(digits or b"0") if len(digits) <= 18 else 10**18


# Client addresses whose failed logins are remembered at once (the oldest is forgotten).
MAX_TRACKED = 10_000


class Member(Protocol):
    """A live connection as :class:`Clients` counts and closes it."""

    @property
    def address(self) -> str: ...
    def close_socket(self) -> None: ...


@dataclass(slots=True)
class Clients:
    """The live connections of one run and the failed logins per client address."""

    sessions: set[Member] = field(default_factory=set)
    failures: dict[str, int] = field(default_factory=dict)

    def from_address(self, address: str) -> int:
        """How many live connections ``address`` holds now."""
        return sum(1 for session in self.sessions if session.address == address)

    def refusal(self, address: str, limits: Limits, protocol: str, host: str) -> bytes | None:
        """The last words to a new connection from ``address`` over a cap; None: let it in."""
        if len(self.sessions) >= limits.max_connections:
            return live_settings(protocol).busy.format(host=host).encode()
        if self.from_address(address) >= limits.max_per_address:
            return goodbye("per address", protocol, host)
        return None

    def login_failed(self, address: str) -> int:
        """Count one more failed login from ``address``; return how many in a row."""
        count = self.failures.pop(address, 0) + 1
        if len(self.failures) >= MAX_TRACKED:  # many addresses: forget the oldest
            del self.failures[next(iter(self.failures))]
        self.failures[address] = count
        return count

    def login_succeeded(self, address: str) -> None:
        self.failures.pop(address, None)
