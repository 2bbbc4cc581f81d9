"""The caption layer: role titles, the postal analogy and plain words for each step.

Everything comes from the catalogues in :mod:`mailsim.locales`; this module
only decides which key an event or a host gets, from the trace alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from mailsim.locales import catalog
from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.trace.states import Stored
from mailsim.views.protocols import caption_class, is_submission, reads_mail


def ui(key: str, lang: str = "en", **values: object) -> str:
    """A UI label (``ui.*`` keys) in ``lang``, English if missing, the key if unknown."""
    text = catalog(lang).get(key) or catalog("en").get(key) or key
    return text.format(**values) if values else text


def text(key: str, lang: str = "en") -> str | None:
    return catalog(lang).get(key) or catalog("en").get(key)


# --- hosts ----------------------------------------------------------------------


@lru_cache(maxsize=8)
def _sides(trace: Trace) -> tuple[frozenset[str], frozenset[str]]:
    """Hosts on the sending side (took or made a submission) and the reading side."""
    senders: set[str] = set()
    readers: set[str] = set()
    roles = dict(trace.header.hosts)
    for event in trace.messages():
        # A device's SMTP on port 25 hands in its user's mail too (before RFC 6409: POP before SMTP).
        if is_submission(event.protocol, event.port) or (
                event.protocol == "SMTP" and not event.live and roles.get(event.src) == "client"):
            senders.update((event.src, event.dst))
        if reads_mail(event.protocol):
            readers.update((event.src, event.dst))
    readers.update(stored.node for stored in trace.states(Stored.action))
    return frozenset(senders), frozenset(readers)


@lru_cache(maxsize=8)
def _live(trace: Trace) -> frozenset[str]:
    """Hosts that sent a live unit: a client among them is a real program (``serve``)."""
    return frozenset(event.src for event in trace.messages() if event.live)


def role_key(trace: Trace, host: str) -> str:
    """``mail_server.sender``, ``client.reader``, ``client.both``, ``relay`` ... for a host."""
    role = dict(trace.header.hosts).get(host, "")
    if role not in ("client", "mail_server"):
        return role
    if role == "client" and host in _live(trace):
        return "client.live"  # not "your mail client": that is the scenario's device
    senders, readers = _sides(trace)
    if host in senders and host in readers:
        # It sends and it reads (every user of a workload does both): neither "your"
        # nor "the recipient's" would be true, so its title is the plain role's.
        return f"{role}.both"
    if host in senders:
        roles = dict(trace.header.hosts)
        alike = [h for h in senders - readers if roles.get(h) == role and h not in _live(trace)]
        # Two senders (a forger and the real one): neither is simply "yours".
        return f"{role}.sending" if len(alike) > 1 else f"{role}.sender"
    if host in readers:
        return f"{role}.recipient" if role == "mail_server" else f"{role}.reader"
    return role


def host_title(trace: Trace, host: str, lang: str = "en") -> str:
    """The role title for a lifeline head: "your mail server", "DNSサーバー"..."""
    key = role_key(trace, host)
    return text(f"role.{key}", lang) or text(f"role.{key.split('.')[0]}", lang) or key


def node_caption(trace: Trace, host: str, lang: str = "en") -> str | None:
    """The postal analogy for a host: "the post office that takes your postcard"."""
    key = role_key(trace, host)
    return text(f"analogy.{key}", lang) or text(f"analogy.{key.split('.')[0]}", lang)


# --- steps ------------------------------------------------------------------------

_REPLY = re.compile(r"^(\d{3})[ -]")
_SMTP_COMMANDS = {
    "EHLO": "ehlo", "HELO": "ehlo", "STARTTLS": "starttls", "AUTH": "auth", "MAIL": "mail",
    "RCPT": "rcpt", "DATA": "data", "QUIT": "quit", "RSET": "rset", "NOOP": "noop", "VRFY": "vrfy",
}
_SMTP_REPLIES = {
    220: "greeting", 221: "bye", 235: "auth_ok", 334: "auth_challenge", 354: "go_ahead",
    530: "auth_required", 535: "auth_failed", 550: "unknown_user", 554: "relay_denied",
    452: "mailbox_full", 552: "mailbox_full",
}
_POP3_COMMANDS = frozenset({"CAPA", "USER", "PASS", "APOP", "STAT", "LIST", "UIDL", "RETR",
                            "TOP", "DELE", "RSET", "QUIT", "STLS"})
_IMAP_COMMANDS = {
    "CAPABILITY": "capability", "LOGIN": "login", "SELECT": "select", "EXAMINE": "select",
    "STORE": "store", "EXPUNGE": "expunge", "SEARCH": "search", "LOGOUT": "logout",
    "STARTTLS": "starttls", "CLOSE": "expunge",
}


def step_key(event: TraceEvent) -> str | None:
    """The catalogue key explaining ``event`` (``step.smtp.rcpt``, ``state.stored``...)."""
    if isinstance(event, StateEvent):
        return f"state.{event.action}"
    kind = _message_kind(event)
    return f"step.{kind}" if kind else None


def event_caption(event: TraceEvent, lang: str = "en", *, reveal: bool = True) -> str | None:
    """One line in plain words for a protocol step or a state change.

    With ``reveal=False`` an encrypted line says only that it is encrypted, as a
    diagram that hides encrypted text must not explain it either.
    """
    if not reveal and isinstance(event, MessageEvent) and event.encrypted:
        return text("step.encrypted", lang)
    key = step_key(event)
    return text(key, lang) if key else None


def _message_kind(event: MessageEvent) -> str | None:
    """The step kind of a line, by the caption class its protocol's descriptor names."""
    caption = caption_class(event.protocol)
    kind = _KINDS.get(caption) if caption is not None else None
    if kind is None:
        return None
    first = event.text.split("\n", 1)[0]
    words = first.split()
    head = words[0].upper() if words else ""
    return kind(event, first, head)


def _tcp(event: MessageEvent, first: str, head: str) -> str | None:
    if head.startswith("SYN") and "ACK" not in first:
        return "tcp.open"
    if head.startswith("RST"):
        return "tcp.refused"
    if head.startswith("FIN") and event.text.startswith("FIN"):
        return "tcp.close"
    return None


def _tls(event: MessageEvent, first: str, head: str) -> str | None:
    return "tls" if head.startswith("CLIENTHELLO") else None


def _smtp(event: MessageEvent, first: str, head: str) -> str | None:
    reply = _REPLY.match(first)
    if reply is None:
        if "\n" in event.text and event.text.endswith("\n."):
            return "smtp.content"
        return f"smtp.{_SMTP_COMMANDS[head]}" if head in _SMTP_COMMANDS else None
    code = int(reply.group(1))
    if code == 250:
        if first.startswith("250-"):
            return "smtp.ehlo_reply"
        return "smtp.queued" if "queued as" in first else "smtp.ok"
    if code == 220 and "TLS" in first:
        return "smtp.ready_tls"
    if code in (550, 554):  # the enhanced code says why (RFC 3463 §3.8: X.7 is policy)
        if " 5.7.23 " in f"{first} ":  # RFC 7372: SPF validation failed
            return "smtp.spf_rejected"
        if " 5.7.1 " in f"{first} " and "Relay access denied" not in first:
            return "smtp.policy_rejected"  # e.g. the From: domain's DMARC policy (RFC 7489 §10.3)
    if code in _SMTP_REPLIES:
        return f"smtp.{_SMTP_REPLIES[code]}"
    return "smtp.temporary" if 400 <= code < 500 else "smtp.permanent" if code >= 500 else None


def _dns(event: MessageEvent, first: str, head: str) -> str | None:
    if head == "QUERY":  # QUERY <name> <type> [(EDNS ...)]
        words = first.split()
        qtype = words[2] if len(words) > 2 else ""
        return {"MX": "dns.query_mx", "A": "dns.query_a", "AAAA": "dns.query_a",
                "TXT": "dns.query_txt"}.get(qtype, "dns.query_other")
    return {"ANSWER": "dns.answer", "NXDOMAIN": "dns.nxdomain", "NODATA": "dns.nodata",
            "SERVFAIL": "dns.servfail", "TRUNCATED": "dns.truncated"}.get(head)


def _ldap(event: MessageEvent, first: str, head: str) -> str | None:
    if first.startswith("bindRequest"):
        return "ldap.bind"
    if first.startswith("bindResponse"):
        return "ldap.bind_ok" if first.endswith("success") else "ldap.bind_failed"
    return "ldap.unbind" if first.startswith("unbindRequest") else None


def _pop3(event: MessageEvent, first: str, head: str) -> str | None:
    if head == "+OK":
        return "pop3.greeting" if "ready" in first else "pop3.ok"
    if head == "-ERR":
        return "pop3.err"
    return f"pop3.{head.lower()}" if head in _POP3_COMMANDS else None


def _imap(event: MessageEvent, first: str, head: str) -> str | None:
    words = first.split()
    # IMAP folders (helper A2): the continuation, IDLE's DONE, an APPEND's message itself
    if head in ("+", "DONE") or (head.endswith(":") and "\n" in event.text):
        return {"+": "imap.continue", "DONE": "imap.done"}.get(head, "imap.literal")
    if len(words) > 1 and (words[2] if words[1].upper() == "UID" and len(words) > 2
                           else words[1]).upper() in _FOLDER_COMMANDS:
        return "imap." + (words[2] if words[1].upper() == "UID" else words[1]).lower()
    if head == "*":
        return "imap.greeting" if len(words) > 1 and words[1] == "OK" and "ready" in first \
            else "imap.untagged"
    verb = words[1].upper() if len(words) > 1 else ""
    if verb == "UID" and len(words) > 2:
        verb = words[2].upper()
    if verb in ("OK", "NO", "BAD"):
        return f"imap.{verb.lower()}"
    if verb == "FETCH":
        if "BODY[]" in first.upper() or "RFC822)" in first.upper() or first.upper().endswith("RFC822"):
            return "imap.fetch_body"
        return "imap.fetch_peek" if "BODY.PEEK[]" in first.upper() else "imap.fetch_list"
    return f"imap.{_IMAP_COMMANDS[verb]}" if verb in _IMAP_COMMANDS else None


_FOLDER_COMMANDS = ("APPEND", "IDLE", "MOVE", "COPY", "CREATE", "DELETE", "RENAME", "LIST", "LSUB",
                    "STATUS", "SUBSCRIBE", "UNSUBSCRIBE", "NAMESPACE")


# Caption class (a descriptor's ``caption``) -> what reads a line of that protocol.
_KINDS: dict[str, Callable[[MessageEvent, str, str], str | None]] = {
    "smtp": _smtp, "dns": _dns, "ldap": _ldap, "pop3": _pop3, "imap": _imap,
    "tls": _tls, "tcp": _tcp,
}
