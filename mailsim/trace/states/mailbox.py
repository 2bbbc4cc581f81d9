"""What a mail server's mailboxes and logins report, and the authentication server.

``mailbox`` is always the user's address; ``folder`` names a folder other
than INBOX (None, and left out of the trace, for INBOX).
"""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.trace.states.base import StateChange, action, omitted_if_none


@action("stored")
@dataclass(frozen=True, slots=True, kw_only=True)
class Stored(StateChange):
    """Queued message ``queue_id`` is now in ``mailbox`` under ``uid``."""

    mailbox: str
    queue_id: str
    message_id: str
    uid: int
    size: int
    subject: str
    sender: str
    folder: str | None = omitted_if_none()


@action("over_quota")
@dataclass(frozen=True, slots=True, kw_only=True)
class OverQuota(StateChange):
    """A delivery of ``size`` octets does not fit: ``used`` + ``size`` > ``quota``."""

    mailbox: str
    size: int
    used: int
    quota: int


@action("deleted")
@dataclass(frozen=True, slots=True, kw_only=True)
class Deleted(StateChange):
    """Messages removed from a mailbox on the server, by POP3 or IMAP."""

    mailbox: str
    uids: tuple[int, ...]
    message_ids: tuple[str, ...]
    protocol: str
    folder: str | None = omitted_if_none()


@action("flags_changed")
@dataclass(frozen=True, slots=True, kw_only=True)
class FlagsChanged(StateChange):
    """The IMAP flags of one stored message are now ``flags``."""

    mailbox: str
    uid: int
    message_id: str
    flags: tuple[str, ...]
    folder: str | None = omitted_if_none()


@action("appended")
@dataclass(frozen=True, slots=True, kw_only=True)
class Appended(StateChange):
    """An IMAP client stored a message in ``folder`` itself (APPEND, e.g. to Sent)."""

    mailbox: str
    folder: str
    uid: int
    message_id: str
    size: int
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Transferred(StateChange):
    """Messages ``uids`` of ``source`` are now also ``new_uids`` in ``target`` (UIDPLUS's COPYUID)."""

    mailbox: str
    source: str
    target: str
    uids: tuple[int, ...]
    new_uids: tuple[int, ...]
    message_ids: tuple[str, ...]


@action("copied")
@dataclass(frozen=True, slots=True, kw_only=True)
class Copied(Transferred):
    """COPY: the originals stay in ``source``."""


@action("moved")
@dataclass(frozen=True, slots=True, kw_only=True)
class Moved(Transferred):
    """MOVE: as copied, and the originals are gone from ``source``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FolderChange(StateChange):
    """Something happened to one of ``mailbox``'s folders."""

    mailbox: str
    folder: str


@action("folder_created")
@dataclass(frozen=True, slots=True, kw_only=True)
class FolderCreated(FolderChange):
    """A new, empty folder."""


@action("folder_deleted")
@dataclass(frozen=True, slots=True, kw_only=True)
class FolderDeleted(FolderChange):
    """A folder and the messages in it are gone."""


@action("folder_renamed")
@dataclass(frozen=True, slots=True, kw_only=True)
class FolderRenamed(FolderChange):
    """``folder`` is now called ``new_name`` (RENAME INBOX: INBOX's messages moved there)."""

    new_name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginOutcome(StateChange):
    """What the authentication server said about ``user`` logging in to ``service``."""

    user: str
    service: str


@action("login")
@dataclass(frozen=True, slots=True, kw_only=True)
class Login(LoginOutcome):
    """The login was accepted."""


@action("login_failed")
@dataclass(frozen=True, slots=True, kw_only=True)
class LoginFailed(LoginOutcome):
    """The login was refused."""


@action("login_unavailable")
@dataclass(frozen=True, slots=True, kw_only=True)
class LoginUnavailable(LoginOutcome):
    """The authentication server did not answer."""


@action("credentials_checked")
@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialsChecked(StateChange):
    """At the authentication server: the bind of ``dn`` gave ``result``."""

    dn: str
    result: str
