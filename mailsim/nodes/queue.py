"""The mail queue of an MTA: what waits, why, and when it is tried again.

Backoff follows common MTAs (Postfix): the first retry after ``first_retry``,
each further wait twice the last, capped at ``max_interval``; a message older
than ``lifetime`` is returned to its sender (RFC 5321 §4.5.4.1 asks for at
least 4-5 days before giving up).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from mailsim.mail.dsn import RecipientStatus
from mailsim.nodes.resolver import Resolver
from mailsim.protocols.smtp import Reply
from mailsim.sim.network import MICROS, Network
from mailsim.trace.states import StateChange


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Times in microseconds."""

    first_retry: int = 300 * MICROS
    max_interval: int = 4000 * MICROS
    lifetime: int = 5 * 86400 * MICROS
    delay_warning: int | None = None
    connect_timeout: int = 30 * MICROS

    def wait_after(self, attempts: int) -> int:
        """How long to wait after the ``attempts``-th failed attempt."""
        doubled: int = self.first_retry * 2 ** max(0, attempts - 1)
        return min(doubled, self.max_interval)


@dataclass(slots=True)
class QueueEntry:
    """A message in the queue and the recipients it still has to reach."""

    queue_id: str
    message_id: str
    sender: str  # "" for a bounce (the null reverse-path)
    recipients: list[str]
    content: bytes
    arrived: int  # microseconds
    subject: str = ""
    attempts: int = 0
    in_flight: set[str] = field(default_factory=set)
    deferred: dict[str, Reply] = field(default_factory=dict)
    failed: list[RecipientStatus] = field(default_factory=list)
    retry_at: int | None = None
    warned: bool = False
    folder: str | None = None  # a local delivery files it here, not in INBOX (Junk: quarantine)

    @property
    def is_bounce(self) -> bool:
        return self.sender == ""


class DeliverySettings(Protocol):
    """The part of an MTA's configuration that delivery reads."""

    @property
    def hostname(self) -> str: ...
    @property
    def smarthost(self) -> str | None: ...
    @property
    def outbound_tls(self) -> str: ...
    @property
    def retry(self) -> RetryPolicy: ...


class QueueOwner(Protocol):
    """What the queue runner needs of its MTA (:class:`mailsim.nodes.mta.MTA`)."""

    @property
    def name(self) -> str: ...
    @property
    def network(self) -> Network: ...
    @property
    def config(self) -> DeliverySettings: ...
    @property
    def resolver(self) -> Resolver | None: ...
    @property
    def processing(self) -> int: ...
    def record(self, change: StateChange) -> None: ...
    def after(self, delay: int, callback: Callable[[], None]) -> None: ...
    def token(self, digits: int = 10) -> str: ...
    def is_local(self, address: str) -> bool: ...
    def deliver_local(self, entry: QueueEntry, recipient: str) -> Reply | None: ...
    def wall_clock(self, micros: int | None = None) -> datetime: ...
    def local_received(self) -> str: ...
