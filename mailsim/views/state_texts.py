"""The technical one-liner for each kind of state event (the run table's "state" rows).

The plain-words, bilingual explanation of the same events is the caption layer's
job (:mod:`mailsim.views.captions`); this is what an engineer wants to read.
``STATE_TEXTS`` has one describing function per typed state class
(:mod:`mailsim.trace.states`); the texts are the catalogues' ``text.*`` keys
(:mod:`mailsim.locales.en_texts`), so ``--lang ja`` gives them in Japanese.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from mailsim.locales import catalog
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
from mailsim.views.folder_texts import folder_texts
from mailsim.views.say import count, reason, say
from mailsim.views.security_texts import SECURITY_TEXTS
from mailsim.views.times import format_time

C = TypeVar("C", bound=StateChange)
Describe = Callable[[Any, str], str]

STATE_TEXTS: dict[type[StateChange], Describe] = {}


def describes(*classes: type[C]) -> Callable[[Callable[..., str]], Callable[..., str]]:
    """Register the decorated function as the one-liner of ``classes``.

    It is called with the change and the language; a function of the change alone
    (a part that has English only) is called without the language.
    """

    def register(function: Callable[..., str]) -> Callable[..., str]:
        takes_lang = len(inspect.signature(function).parameters) > 1
        describe: Describe = function if takes_lang else (lambda change, lang: function(change))
        for cls in classes:
            STATE_TEXTS[cls] = describe
        return function

    return register


@describes(Stored,
           Removed,
           DNSCacheExpired,
           Login,
           LoginFailed,
           LoginUnavailable,
           DuplicateRecipient,
           Submitted,
           SubmissionFailed,
           Downloaded,
           Cached,
           LocalDeleted,
           OverQuota,
           Offline,
           Online,
           ServerCopyExpired,
           FaultReply,
           DNSTimeout,
           DNSNoAnswer)
def _fields(c: StateChange, lang: str) -> str:
    """Changes whose text takes their fields as they are (``text.<action>``)."""
    values = {field.name: getattr(c, field.name) for field in dataclasses.fields(c)}
    return say(f"text.{c.action}", lang, **values)


@describes(Queued)
def _queued(c: Queued, lang: str) -> str:
    return say("text.queued", lang, queue_id=c.queue_id, size=c.size,
               recipients=count(len(c.recipients), "recipient", lang))


@describes(Relayed, Deferred, Failed)
def _outcome(c: AttemptOutcome, lang: str) -> str:
    target = say("text.to_host", lang, host=c.to_host) if c.to_host else ""
    return say(f"text.{c.action}", lang, queue_id=c.queue_id, target=target,
               recipients=", ".join(c.recipients), reply=c.reply)


@describes(DNSCacheHit)
def _cache_hit(c: DNSCacheHit, lang: str) -> str:
    return say("text.dns_cache_hit", lang, name=c.name, qtype=c.qtype, ttl=f"{c.ttl_left:.0f}",
               answer="; ".join(c.records) or c.rcode)


@describes(DNSCacheStore)
def _cache_store(c: DNSCacheStore, lang: str) -> str:
    records = "; ".join(f"{r.name} {r.type} TTL {r.ttl:.0f}" for r in c.rrsets)
    return say("text.dns_cache_store", lang, records=records)


@describes(MXSelected)
def _mx_selected(c: MXSelected, lang: str) -> str:
    return say("text.mx_selected", lang, domain=c.domain, hosts=", ".join(c.hosts))


@describes(CredentialsChecked)
def _credentials_checked(c: CredentialsChecked, lang: str) -> str:
    return say("text.credentials_checked", lang, dn=c.dn, result=reason(c.result, lang))


@describes(Composed)
def _composed(c: Composed, lang: str) -> str:
    return say("text.composed", lang, message_id=c.message_id, subject=c.subject,
               recipients=", ".join(c.recipients))


@describes(Synced)
def _synced(c: Synced, lang: str) -> str:
    return say("text.synced", lang, mailbox=c.mailbox,
               messages=count(len(c.messages), "message", lang))


@describes(Deleted)
def _deleted(c: Deleted, lang: str) -> str:
    return say("text.deleted", lang, messages=count(len(c.uids), "message", lang),
               mailbox=c.mailbox, protocol=c.protocol)


@describes(FlagsChanged)
def _flags_changed(c: FlagsChanged, lang: str) -> str:
    return say("text.flags_changed", lang, uid=c.uid, mailbox=c.mailbox,
               flags=" ".join(c.flags) or say("text.no_flags", lang))


@describes(Read)
def _read(c: Read, lang: str) -> str:
    where = catalog(lang).get(f"text.read.{c.source}") or c.source
    return say("text.read", lang, subject=c.subject, where=where)


@describes(ReadFailed)
def _read_failed(c: ReadFailed, lang: str) -> str:
    return say("text.read_failed", lang, reason=reason(c.reason, lang))


@describes(CheckFailed)
def _check_failed(c: CheckFailed, lang: str) -> str:
    return say("text.check_failed", lang, protocol=c.protocol, reason=reason(c.reason, lang))


@describes(Retry)
def _retry(c: Retry, lang: str) -> str:
    return say("text.retry", lang, queue_id=c.queue_id, attempt=c.attempt,
               recipients=", ".join(c.recipients))


@describes(RetryScheduled)
def _retry_scheduled(c: RetryScheduled, lang: str) -> str:
    return say("text.retry_scheduled", lang, queue_id=c.queue_id, at=format_time(c.at))


_NOTICE_KEYS = {Bounced: "text.bounced", DelayNotice: "text.delay_notice"}


@describes(Bounced, DelayNotice)
def _notice(c: Notice, lang: str) -> str:
    return say(_NOTICE_KEYS[type(c)], lang, message_id=c.message_id, notice_id=c.notice_id,
               reply=c.reply)


@describes(Expired)
def _expired(c: Expired, lang: str) -> str:
    return say("text.expired", lang, queue_id=c.queue_id, recipients=", ".join(c.recipients))


@describes(Discarded)
def _discarded(c: Discarded, lang: str) -> str:
    return say("text.discarded", lang, message_id=c.message_id, reason=reason(c.reason, lang))


@describes(ConnectionFailed)
def _connection_failed(c: ConnectionFailed, lang: str) -> str:
    return say("text.connection_failed", lang, host=c.host, reason=reason(c.reason, lang))


# IMAP folders' texts (APPEND, MOVE, Sent kept locally, IDLE) and the texts of who sent a
# mail (OP25B, POP before SMTP, SPF, DKIM, DMARC) live in their own modules.
STATE_TEXTS.update(folder_texts(STATE_TEXTS))
STATE_TEXTS.update(SECURITY_TEXTS)


def state_text(event: StateEvent, lang: str = "en") -> str:
    """One line saying what changed in a node, in ``lang``."""
    try:
        change = known_change(event)
    except StateDataError:  # a record that does not fit its class: show it as it is
        change = None
    describe = STATE_TEXTS.get(type(change)) if change is not None else None
    if describe is not None:
        return describe(change, lang)
    details = ", ".join(f"{k}={v}" for k, v in sorted(event.data.items()))
    return f"{event.action} {details}".strip()
