"""What a mail server's mailboxes and logins report, and the authentication server."""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.trace.states.base import StateChange, action


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


@action("flags_changed")
@dataclass(frozen=True, slots=True, kw_only=True)
class FlagsChanged(StateChange):
    """The IMAP flags of one stored message are now ``flags``."""

    mailbox: str
    uid: int
    message_id: str
    flags: tuple[str, ...]


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
