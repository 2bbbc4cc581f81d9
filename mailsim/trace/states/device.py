"""What a mail client reports: sending, checking, reading, its local copies."""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.trace.states.base import Record, StateChange, action, omitted_if_none


@action("composed")
@dataclass(frozen=True, slots=True, kw_only=True)
class Composed(StateChange):
    """The user wrote a message and pressed Send."""

    message_id: str
    sender: str
    recipients: tuple[str, ...]
    subject: str
    size: int


@action("duplicate_recipient")
@dataclass(frozen=True, slots=True, kw_only=True)
class DuplicateRecipient(StateChange):
    """The user named one mailbox twice (To:, Cc:); it is sent one copy (RFC 5321 §2.4)."""

    message_id: str
    recipient: str  # as written the second time
    same_as: str  # as written first: the one sent


@dataclass(frozen=True, slots=True, kw_only=True)
class Refusal(Record):
    """A recipient the submission server refused, with its reply."""

    recipient: str
    reply: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmissionOutcome(StateChange):
    """How handing the message to the mail server went (``refused`` only after a dialogue)."""

    message_id: str
    accepted: tuple[str, ...]
    refused: tuple[Refusal, ...] | None = omitted_if_none()
    reply: str


@action("submitted")
@dataclass(frozen=True, slots=True, kw_only=True)
class Submitted(SubmissionOutcome):
    """The mail server took the message for ``accepted``."""


@action("submission_failed")
@dataclass(frozen=True, slots=True, kw_only=True)
class SubmissionFailed(SubmissionOutcome):
    """The message could not be handed over (it stays in the outbox)."""


@action("check_failed")
@dataclass(frozen=True, slots=True, kw_only=True)
class CheckFailed(StateChange):
    """Checking for new mail over ``protocol`` did not work."""

    protocol: str
    reason: str


@action("read")
@dataclass(frozen=True, slots=True, kw_only=True)
class Read(StateChange):
    """The user opened a message, from ``source``: "local", "cache" or "server"."""

    message_id: str
    subject: str
    source: str


@action("read_failed")
@dataclass(frozen=True, slots=True, kw_only=True)
class ReadFailed(StateChange):
    """A message could not be opened (``message_id`` is empty when there was none)."""

    message_id: str
    reason: str


@action("local_deleted")
@dataclass(frozen=True, slots=True, kw_only=True)
class LocalDeleted(StateChange):
    """The device dropped its copy of a message."""

    message_id: str


@action("offline")
@dataclass(frozen=True, slots=True, kw_only=True)
class Offline(StateChange):
    """The device lost the network."""


@action("online")
@dataclass(frozen=True, slots=True, kw_only=True)
class Online(StateChange):
    """The device is back on the network."""


@action("downloaded")
@dataclass(frozen=True, slots=True, kw_only=True)
class Downloaded(StateChange):
    """POP3: a full copy is now on the device (``uid`` is the server's UIDL string)."""

    mailbox: str
    uid: str
    message_id: str
    size: int
    subject: str


@action("cached")
@dataclass(frozen=True, slots=True, kw_only=True)
class Cached(StateChange):
    """IMAP: a copy of message ``uid`` is kept for offline reading."""

    mailbox: str
    uid: int
    message_id: str
    size: int
    subject: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ListedMessage(Record):
    """One line of an IMAP message list, as the server showed it."""

    uid: int
    message_id: str
    size: int
    subject: str
    flags: tuple[str, ...]


@action("synced")
@dataclass(frozen=True, slots=True, kw_only=True)
class Synced(StateChange):
    """IMAP: the device's message list now mirrors ``mailbox`` on the server."""

    mailbox: str
    messages: tuple[ListedMessage, ...]
    folder: str | None = omitted_if_none()  # None: INBOX


@action("sent_kept")
@dataclass(frozen=True, slots=True, kw_only=True)
class SentKept(StateChange):
    """A copy of a sent message is kept on the device itself, in its ``folder``
    (POP3 has no folders on the server; RFC 1939 reads INBOX only)."""

    message_id: str
    folder: str
    size: int
    subject: str


@action("idling")
@dataclass(frozen=True, slots=True, kw_only=True)
class Idling(StateChange):
    """IMAP IDLE (RFC 2177): the device waits on ``folder`` for the server to push news."""

    mailbox: str
    folder: str


@action("idle_ended")
@dataclass(frozen=True, slots=True, kw_only=True)
class IdleEnded(StateChange):
    """The device stopped waiting in IDLE (offline, or the connection closed)."""

    reason: str


@action("server_copy_expired")
@dataclass(frozen=True, slots=True, kw_only=True)
class ServerCopyExpired(StateChange):
    """POP3 leave-on-server: the copy ``uid`` (a UIDL) is old enough to delete."""

    uid: str
