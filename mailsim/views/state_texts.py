"""The technical one-liner for each kind of state event (the run table's "state" rows).

The plain-words, bilingual explanation of the same events is the caption layer's
job (:mod:`mailsim.views.captions`); this is what an engineer wants to read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mailsim.trace import StateEvent
from mailsim.views.times import format_time

Data = Mapping[str, Any]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _outcome(action: str) -> Callable[[Data], str]:
    def describe(d: Data) -> str:
        target = f" to {d['to_host']}" if d.get("to_host") else ""
        return f"{action} {d['queue_id']}{target}: {', '.join(d['recipients'])} — {d['reply']}"

    return describe


def _notice(what: str) -> Callable[[Data], str]:
    return lambda d: f"{what} {d['message_id']} to its sender ({d['notice_id']}): {d['reply']}"


_WHERE_READ = {"local": "from this device", "cache": "from the local cache",
               "server": "from the server"}

STATE_TEXTS: dict[str, Callable[[Data], str]] = {
    "queued": lambda d: (f"queued {d['queue_id']} ({_plural(len(d['recipients']), 'recipient')}, "
                         f"{d['size']} bytes)"),
    "stored": lambda d: f"stored in mailbox {d['mailbox']} (uid {d['uid']}, {d['size']} bytes)",
    "relayed": _outcome("relayed"),
    "deferred": _outcome("deferred"),
    "failed": _outcome("failed"),
    "removed": lambda d: f"removed {d['queue_id']} from the queue",
    "dns_cache_hit": lambda d: (f"DNS cache hit {d['name']} {d['qtype']} (TTL left "
                                f"{d['ttl_left']:.0f} s): {'; '.join(d['records']) or d['rcode']}"),
    "dns_cache_store": lambda d: "cached " + "; ".join(
        f"{r['name']} {r['type']} TTL {r['ttl']:.0f}" for r in d["rrsets"]),
    "dns_cache_expired": lambda d: f"DNS cache entry expired: {d['name']} {d['qtype']}",
    "mx_selected": lambda d: f"mail hosts for {d['domain']}: {', '.join(d['hosts'])}",
    "login": lambda d: f"login accepted for {d['user']}",
    "login_failed": lambda d: f"login refused for {d['user']}",
    "login_unavailable": lambda d: (f"cannot check the login of {d['user']}: "
                                    "no answer from the authentication server"),
    "credentials_checked": lambda d: f"credentials checked for {d['dn']}: {d['result']}",
    "composed": lambda d: (f"new mail {d['message_id']} “{d['subject']}” to "
                           f"{', '.join(d['recipients'])}"),
    "submitted": lambda d: f"sent: {d['reply']}",
    "submission_failed": lambda d: f"NOT sent: {d['reply']}",
    "downloaded": lambda d: (f"downloaded “{d['subject']}” ({d['size']} bytes) — "
                             "a copy now lives on this device"),
    "cached": lambda d: f"cached “{d['subject']}” ({d['size']} bytes) for offline reading",
    "synced": lambda d: (f"message list synced from {d['mailbox']}: "
                         f"{_plural(len(d['messages']), 'message')}"),
    "deleted": lambda d: (f"deleted {_plural(len(d['uids']), 'message')} from mailbox "
                          f"{d['mailbox']} ({d['protocol']})"),
    "flags_changed": lambda d: (f"flags of uid {d['uid']} in {d['mailbox']} now "
                                f"{' '.join(d['flags']) or '(none)'}"),
    "read": lambda d: (f"the user reads “{d['subject']}” "
                       f"{_WHERE_READ.get(d['source'], d['source'])}"),
    "read_failed": lambda d: f"cannot open the message: {d['reason']}",
    "local_deleted": lambda d: f"deleted the local copy of {d['message_id']}",
    "check_failed": lambda d: f"checking mail ({d['protocol']}) failed: {d['reason']}",
    "over_quota": lambda d: (f"mailbox {d['mailbox']} is full: {d['used']} + {d['size']} bytes "
                             f"> quota {d['quota']}"),
    "offline": lambda d: "the device goes offline",
    "online": lambda d: "the device is back online",
    "server_copy_expired": lambda d: f"server copy {d['uid']} is old enough to delete",
    "retry": lambda d: (f"retry {d['queue_id']}: attempt {d['attempt']} for "
                        f"{', '.join(d['recipients'])}"),
    "retry_scheduled": lambda d: (f"{d['queue_id']} waits in the queue; next attempt at "
                                  f"{format_time(d['at'])}"),
    "bounced": _notice("bounced"),
    "delay_notice": _notice("delay notice for"),
    "expired": lambda d: f"{d['queue_id']} is too old: giving up on {', '.join(d['recipients'])}",
    "discarded": lambda d: f"discarded {d['message_id']}: {d['reason']}",
    "fault_reply": lambda d: f"scenario fault: answers {d['command']} with {d['reply']}",
    "dns_timeout": lambda d: f"no DNS answer for {d['name']} {d['qtype']}",
    "dns_no_answer": lambda d: f"no DNS answer for {d['name']} {d['qtype']}",
    "connection_failed": lambda d: f"could not connect to {d['host']}: {d['reason']}",
}


def state_text(event: StateEvent) -> str:
    """One line saying what changed in a node."""
    describe = STATE_TEXTS.get(event.action)
    if describe is not None:
        return describe(event.data)
    details = ", ".join(f"{k}={v}" for k, v in sorted(event.data.items()))
    return f"{event.action} {details}".strip()
