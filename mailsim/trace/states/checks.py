"""What a receiving mail server finds when it checks who really sent a mail (SPF, RFC 7208)."""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.trace.states.base import StateChange, action


@action("spf_checked")
@dataclass(frozen=True, slots=True, kw_only=True)
class SPFChecked(StateChange):
    """The SPF result for the client's address ``ip`` sending as ``sender`` (MAIL FROM)."""

    sender: str
    domain: str
    ip: str
    result: str  # none, neutral, pass, fail, softfail, temperror, permerror
    reason: str
    lookups: int


@action("dkim_signed")
@dataclass(frozen=True, slots=True, kw_only=True)
class DKIMSigned(StateChange):
    """The sender's server signed ``message_id`` for ``domain`` with ``selector``'s key."""

    message_id: str
    domain: str
    selector: str


@action("dkim_checked")
@dataclass(frozen=True, slots=True, kw_only=True)
class DKIMChecked(StateChange):
    """The signature by ``domain`` (``selector``'s key) is: pass, fail or permerror."""

    domain: str
    selector: str
    result: str
    reason: str


@action("dmarc_checked")
@dataclass(frozen=True, slots=True, kw_only=True)
class DMARCChecked(StateChange):
    """The From: ``domain``'s DMARC result and what its policy asks (none, quarantine, reject)."""

    domain: str
    result: str
    disposition: str
    policy_domain: str
    aligned: str  # "spf", "dkim" or "" (nothing aligned passed)
    reason: str


@action("message_modified")
@dataclass(frozen=True, slots=True, kw_only=True)
class MessageModified(StateChange):
    """A server on the way changed the mail (a list's footer, a subject tag) before passing it on."""

    queue_id: str
    message_id: str
    changes: tuple[str, ...]  # "footer", "subject_tag"
