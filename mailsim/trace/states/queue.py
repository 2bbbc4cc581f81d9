"""What a mail server's queue reports (Postfix's qmgr and smtp client, in one)."""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.trace.states.base import StateChange, action, omitted_if_none


@action("queued")
@dataclass(frozen=True, slots=True, kw_only=True)
class Queued(StateChange):
    """The server accepted a message: it waits in the queue (a bounce names ``notice_of``)."""

    queue_id: str
    message_id: str
    sender: str
    recipients: tuple[str, ...]
    size: int
    subject: str
    from_host: str
    notice_of: str | None = omitted_if_none()


@action("retry")
@dataclass(frozen=True, slots=True, kw_only=True)
class Retry(StateChange):
    """Another delivery attempt starts for the recipients still waiting."""

    queue_id: str
    message_id: str
    attempt: int
    recipients: tuple[str, ...]


@action("retry_scheduled")
@dataclass(frozen=True, slots=True, kw_only=True)
class RetryScheduled(StateChange):
    """The message stays queued; attempt ``attempt`` runs at ``at`` (simulated seconds)."""

    queue_id: str
    message_id: str
    at: float
    attempt: int
    recipients: tuple[str, ...]


@action("connection_failed")
@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionFailed(StateChange):
    """The next hop ``host`` did not accept a connection."""

    queue_id: str
    host: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AttemptOutcome(StateChange):
    """What one attempt did for ``recipients``; ``to_host`` is None for local delivery."""

    to_host: str | None
    queue_id: str
    message_id: str
    recipients: tuple[str, ...]
    reply: str


@action("relayed")
@dataclass(frozen=True, slots=True, kw_only=True)
class Relayed(AttemptOutcome):
    """The next hop took the recipients: they leave the queue."""


@action("deferred")
@dataclass(frozen=True, slots=True, kw_only=True)
class Deferred(AttemptOutcome):
    """A temporary failure: the recipients stay queued for a retry."""


@action("failed")
@dataclass(frozen=True, slots=True, kw_only=True)
class Failed(AttemptOutcome):
    """A permanent failure: the recipients leave the queue, to be bounced."""


@action("expired")
@dataclass(frozen=True, slots=True, kw_only=True)
class Expired(StateChange):
    """The message waited longer than the queue lifetime: give up on ``recipients``."""

    queue_id: str
    message_id: str
    recipients: tuple[str, ...]


@action("removed")
@dataclass(frozen=True, slots=True, kw_only=True)
class Removed(StateChange):
    """Nothing is left to deliver: the message leaves the queue."""

    queue_id: str
    message_id: str


@action("discarded")
@dataclass(frozen=True, slots=True, kw_only=True)
class Discarded(StateChange):
    """A bounce that cannot be delivered is dropped, never bounced (RFC 5321 §4.5.5)."""

    queue_id: str
    message_id: str
    recipients: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice(StateChange):
    """A DSN ``notice_id`` sent back to the sender of ``message_id``."""

    queue_id: str
    message_id: str
    recipients: tuple[str, ...]
    notice_id: str
    reply: str


@action("bounced")
@dataclass(frozen=True, slots=True, kw_only=True)
class Bounced(Notice):
    """The message is returned to its sender: delivery failed for ``recipients``."""


@action("delay_notice")
@dataclass(frozen=True, slots=True, kw_only=True)
class DelayNotice(Notice):
    """The sender is told the message is late; delivery goes on."""


@action("fault_reply")
@dataclass(frozen=True, slots=True, kw_only=True)
class FaultReply(StateChange):
    """A scenario fault made the server answer ``command`` with ``reply``."""

    command: str
    reply: str
