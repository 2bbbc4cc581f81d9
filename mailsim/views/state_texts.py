"""The technical one-liner for each kind of state event (the run table's "state" rows).

The plain-words, bilingual explanation of the same events is the caption layer's
job (:mod:`mailsim.views.captions`); this is what an engineer wants to read.
``STATE_TEXTS`` has one describing function per typed state class
(:mod:`mailsim.trace.states`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from mailsim.trace import StateEvent
from mailsim.trace.states import (
    AttemptOutcome,
    Bounced,
    Cached,
    CheckFailed,
    Composed,
    ConnectionFailed,
    CredentialsChecked,
    Deferred,
    DelayNotice,
    Deleted,
    Discarded,
    DNSCacheExpired,
    DNSCacheHit,
    DNSCacheStore,
    DNSNoAnswer,
    DNSTimeout,
    Downloaded,
    DuplicateRecipient,
    Expired,
    Failed,
    FaultReply,
    FlagsChanged,
    LocalDeleted,
    Login,
    LoginFailed,
    LoginUnavailable,
    MXSelected,
    Notice,
    Offline,
    Online,
    OverQuota,
    Queued,
    Read,
    ReadFailed,
    Relayed,
    Removed,
    Retry,
    RetryScheduled,
    ServerCopyExpired,
    StateChange,
    StateDataError,
    Stored,
    SubmissionFailed,
    Submitted,
    Synced,
    known_change,
)
from mailsim.views.times import format_time

C = TypeVar("C", bound=StateChange)
Describe = Callable[[Any], str]

STATE_TEXTS: dict[type[StateChange], Describe] = {}


def describes(*classes: type[C]) -> Callable[[Callable[[C], str]], Callable[[C], str]]:
    """Register the decorated function as the one-liner of ``classes``."""

    def register(function: Callable[[C], str]) -> Callable[[C], str]:
        for cls in classes:
            STATE_TEXTS[cls] = function
        return function

    return register


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@describes(Queued)
def _queued(c: Queued) -> str:
    return f"queued {c.queue_id} ({_plural(len(c.recipients), 'recipient')}, {c.size} bytes)"


@describes(Stored)
def _stored(c: Stored) -> str:
    return f"stored in mailbox {c.mailbox} (uid {c.uid}, {c.size} bytes)"


@describes(Relayed, Deferred, Failed)
def _outcome(c: AttemptOutcome) -> str:
    target = f" to {c.to_host}" if c.to_host else ""
    return f"{c.action} {c.queue_id}{target}: {', '.join(c.recipients)} — {c.reply}"


@describes(Removed)
def _removed(c: Removed) -> str:
    return f"removed {c.queue_id} from the queue"


@describes(DNSCacheHit)
def _cache_hit(c: DNSCacheHit) -> str:
    return (f"DNS cache hit {c.name} {c.qtype} (TTL left {c.ttl_left:.0f} s): "
            f"{'; '.join(c.records) or c.rcode}")


@describes(DNSCacheStore)
def _cache_store(c: DNSCacheStore) -> str:
    return "cached " + "; ".join(f"{r.name} {r.type} TTL {r.ttl:.0f}" for r in c.rrsets)


@describes(DNSCacheExpired)
def _cache_expired(c: DNSCacheExpired) -> str:
    return f"DNS cache entry expired: {c.name} {c.qtype}"


@describes(MXSelected)
def _mx_selected(c: MXSelected) -> str:
    return f"mail hosts for {c.domain}: {', '.join(c.hosts)}"


@describes(Login)
def _login(c: Login) -> str:
    return f"login accepted for {c.user}"


@describes(LoginFailed)
def _login_failed(c: LoginFailed) -> str:
    return f"login refused for {c.user}"


@describes(LoginUnavailable)
def _login_unavailable(c: LoginUnavailable) -> str:
    return f"cannot check the login of {c.user}: no answer from the authentication server"


@describes(CredentialsChecked)
def _credentials_checked(c: CredentialsChecked) -> str:
    return f"credentials checked for {c.dn}: {c.result}"


@describes(Composed)
def _composed(c: Composed) -> str:
    return f"new mail {c.message_id} “{c.subject}” to {', '.join(c.recipients)}"


@describes(DuplicateRecipient)
def _duplicate_recipient(c: DuplicateRecipient) -> str:
    return f"{c.recipient} is {c.same_as} again: one copy for {c.message_id}"


@describes(Submitted)
def _submitted(c: Submitted) -> str:
    return f"sent: {c.reply}"


@describes(SubmissionFailed)
def _submission_failed(c: SubmissionFailed) -> str:
    return f"NOT sent: {c.reply}"


@describes(Downloaded)
def _downloaded(c: Downloaded) -> str:
    return f"downloaded “{c.subject}” ({c.size} bytes) — a copy now lives on this device"


@describes(Cached)
def _cached(c: Cached) -> str:
    return f"cached “{c.subject}” ({c.size} bytes) for offline reading"


@describes(Synced)
def _synced(c: Synced) -> str:
    return f"message list synced from {c.mailbox}: {_plural(len(c.messages), 'message')}"


@describes(Deleted)
def _deleted(c: Deleted) -> str:
    return f"deleted {_plural(len(c.uids), 'message')} from mailbox {c.mailbox} ({c.protocol})"


@describes(FlagsChanged)
def _flags_changed(c: FlagsChanged) -> str:
    return f"flags of uid {c.uid} in {c.mailbox} now {' '.join(c.flags) or '(none)'}"


_WHERE_READ = {"local": "from this device", "cache": "from the local cache",
               "server": "from the server"}


@describes(Read)
def _read(c: Read) -> str:
    return f"the user reads “{c.subject}” {_WHERE_READ.get(c.source, c.source)}"


@describes(ReadFailed)
def _read_failed(c: ReadFailed) -> str:
    return f"cannot open the message: {c.reason}"


@describes(LocalDeleted)
def _local_deleted(c: LocalDeleted) -> str:
    return f"deleted the local copy of {c.message_id}"


@describes(CheckFailed)
def _check_failed(c: CheckFailed) -> str:
    return f"checking mail ({c.protocol}) failed: {c.reason}"


@describes(OverQuota)
def _over_quota(c: OverQuota) -> str:
    return f"mailbox {c.mailbox} is full: {c.used} + {c.size} bytes > quota {c.quota}"


@describes(Offline)
def _offline(c: Offline) -> str:
    return "the device goes offline"


@describes(Online)
def _online(c: Online) -> str:
    return "the device is back online"


@describes(ServerCopyExpired)
def _server_copy_expired(c: ServerCopyExpired) -> str:
    return f"server copy {c.uid} is old enough to delete"


@describes(Retry)
def _retry(c: Retry) -> str:
    return f"retry {c.queue_id}: attempt {c.attempt} for {', '.join(c.recipients)}"


@describes(RetryScheduled)
def _retry_scheduled(c: RetryScheduled) -> str:
    return f"{c.queue_id} waits in the queue; next attempt at {format_time(c.at)}"


_NOTICE_WORDS = {Bounced: "bounced", DelayNotice: "delay notice for"}


@describes(Bounced, DelayNotice)
def _notice(c: Notice) -> str:
    return f"{_NOTICE_WORDS[type(c)]} {c.message_id} to its sender ({c.notice_id}): {c.reply}"


@describes(Expired)
def _expired(c: Expired) -> str:
    return f"{c.queue_id} is too old: giving up on {', '.join(c.recipients)}"


@describes(Discarded)
def _discarded(c: Discarded) -> str:
    return f"discarded {c.message_id}: {c.reason}"


@describes(FaultReply)
def _fault_reply(c: FaultReply) -> str:
    return f"scenario fault: answers {c.command} with {c.reply}"


@describes(DNSTimeout)
def _dns_timeout(c: DNSTimeout) -> str:
    return f"no DNS answer for {c.name} {c.qtype}"


@describes(DNSNoAnswer)
def _dns_no_answer(c: DNSNoAnswer) -> str:
    return f"no DNS answer for {c.name} {c.qtype}"


@describes(ConnectionFailed)
def _connection_failed(c: ConnectionFailed) -> str:
    return f"could not connect to {c.host}: {c.reason}"


def state_text(event: StateEvent) -> str:
    """One line saying what changed in a node."""
    try:
        change = known_change(event)
    except StateDataError:  # a record that does not fit its class: show it as it is
        change = None
    describe = STATE_TEXTS.get(type(change)) if change is not None else None
    if describe is not None:
        return describe(change)
    details = ", ".join(f"{k}={v}" for k, v in sorted(event.data.items()))
    return f"{event.action} {details}".strip()
