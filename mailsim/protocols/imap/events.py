"""Events the IMAP engines return: small frozen dataclasses (the h11 style).

Server events tell the mail-server node what happened to the shared mailbox
(for the trace) or ask it for a decision: :class:`LoginRequested` is *pending*
until the node calls ``auth_result()``, and no further input is read meanwhile.
Client events report what the server said, one tagged completion per command.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.protocols.events import CloseConnection, Event, LoginRefused, StartTLS

__all__ = ["Appended", "CloseConnection", "Completed", "Continuation", "Copied", "Event",
           "Expunged", "Fetched", "FlagsChanged", "FolderCreated", "FolderDeleted",
           "FolderRenamed", "Greeting", "LoginRefused", "LoginRequested", "Malformed", "Moved",
           "StartTLS", "Untagged"]


# --- Server side -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoginRequested(Event):
    """LOGIN with these credentials (RFC 3501 §6.2.3). Pending: call ``auth_result()``."""

    user: str
    password: str


@dataclass(frozen=True, slots=True)
class FlagsChanged(Event):
    """The engine changed a message's flags in the mailbox (STORE, or \\Seen by a fetch)."""

    uid: int
    flags: tuple[str, ...]
    folder: str = "INBOX"
    message_id: str = ""


@dataclass(frozen=True, slots=True)
class Fetched(Event):
    """Message content went out: ``items`` names the sections sent.

    ``peek`` is True when the fetch did not mark the message read (BODY.PEEK,
    RFC822.HEADER, or a read-only EXAMINE session): "downloaded", not "read".
    """

    uid: int
    items: tuple[str, ...]
    peek: bool


@dataclass(frozen=True, slots=True)
class Expunged(Event):
    """EXPUNGE, UID EXPUNGE or CLOSE removed these \\Deleted messages from a folder."""

    uids: tuple[int, ...]
    folder: str = "INBOX"
    message_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Appended(Event):
    """APPEND stored a message in ``folder`` under ``uid`` (RFC 3501 §6.3.11)."""

    folder: str
    uid: int
    message_id: str
    size: int
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Copied(Event):
    """COPY put copies of ``uids`` of ``source`` into ``target`` as ``new_uids`` (RFC 4315)."""

    source: str
    target: str
    uids: tuple[int, ...]
    new_uids: tuple[int, ...]
    message_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Moved(Copied):
    """MOVE: as COPY, and the originals are gone from ``source`` (RFC 6851)."""


@dataclass(frozen=True, slots=True)
class FolderCreated(Event):
    """CREATE made ``folder`` (RFC 3501 §6.3.3)."""

    folder: str


@dataclass(frozen=True, slots=True)
class FolderDeleted(Event):
    """DELETE removed ``folder`` and its messages (§6.3.4)."""

    folder: str


@dataclass(frozen=True, slots=True)
class FolderRenamed(Event):
    """RENAME gave ``folder`` the name ``new_name`` (§6.3.5)."""

    folder: str
    new_name: str


# --- Client side -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Greeting(Event):
    """The server's first words: status OK, PREAUTH or BYE (RFC 3501 §7.1)."""

    status: str
    text: str


@dataclass(frozen=True, slots=True)
class Untagged(Event):
    """One ``* ...`` response: its text without ``* `` and the literal payloads apart.

    The text keeps the literal markers, e.g. ``1 FETCH (UID 4 BODY[] {512})``.
    """

    text: str
    literals: tuple[bytes, ...] = ()


@dataclass(frozen=True, slots=True)
class Completed(Event):
    """A tagged OK/NO/BAD, with every untagged response received since the command was sent.

    ``command`` is the command line as sent (without tag); "" if the tag matched
    nothing this client sent.
    """

    tag: str
    command: str
    status: str
    text: str
    untagged: tuple[Untagged, ...]

    @property
    def ok(self) -> bool:
        """True for a tagged OK."""
        return self.status == "OK"


@dataclass(frozen=True, slots=True)
class Continuation(Event):
    """A ``+`` continuation request (RFC 3501 §7.5)."""

    text: str


@dataclass(frozen=True, slots=True)
class Malformed(Event):
    """A response line that is neither untagged, tagged nor a continuation."""

    text: str
