"""The independent conservation check: what each SMTP client was told, and how it ended.

Unlike :func:`mailsim.trace.invariants.conservation`, which starts from the
``queued`` events the queueing code writes itself, this check starts from the
wire: every ``250`` a client read after its DATA (``queued as <id>``), for each
recipient that got a 2xx to its RCPT, read from the message events of the client
side of each SMTP session (live clients included). Each such promise is keyed by
the server, its queue id and the recipient, never by Message-ID, and must end
exactly once: stored there, relayed (a later promise from that server whose top
``Received:`` field names the queue id), bounced (a DSN that reached a mailbox, or
was discarded with a reason) or still queued. Still queued is reported apart, and
is a failure when the run ended after the queue's lifetime. A copy stored with no
promise behind it (and not a DSN the server wrote itself) is a problem too.

Content is checked in octets: what a server queued is what it accepted plus its
own Received: field; what it relays is exactly what it queued (and the next hop
sees that Received: on top); what it stores is what it queued plus Return-Path:.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from mailsim.trace.collection import Trace
from mailsim.trace.records import MessageEvent
from mailsim.trace.replay import replay
from mailsim.trace.states import Bounced, Discarded, Queued, Stored, known_change

_QUEUED_AS = re.compile(r"^250 .*queued as (\S+)")
_RECEIVED_ID = re.compile(r"\bid (\S+?);?(?:\s|$)")
_PATH = re.compile(r"<([^>]*)>")


@dataclass(frozen=True, slots=True)
class Promise:
    """A server told a client it took the message for ``recipient`` (250 after DATA)."""

    server: str
    queue_id: str
    sender: str
    recipient: str
    size: int | None  # the content accepted: octets on the wire, unstuffed, no terminator;
    # None when a live client's text was traced by its size only (its dots are unknown)
    time: float  # when the client read the 250
    parent: tuple[str, str] | None  # (host, queue id) in the content's top Received: field
    received_size: int  # that field's size on the wire


@dataclass(slots=True)
class Verdict:
    """The check's result: counts, what is still queued, and every problem found."""

    told: int = 0
    delivered: int = 0
    relayed: int = 0
    bounced: int = 0
    still_queued: list[Promise] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def promises(trace: Trace) -> list[Promise]:
    """Every promise, read from what each SMTP client received."""
    by_conn: dict[str, list[MessageEvent]] = defaultdict(list)
    servers: dict[str, str] = {}  # connection -> the host its SYN went to
    for event in trace.messages():
        if event.conn is None:
            continue
        if event.protocol == "TCP" and event.text == "SYN":
            servers.setdefault(event.conn, event.dst)
        elif event.protocol == "SMTP" and event.t_arrived is not None:
            by_conn[event.conn].append(event)
    found: list[Promise] = []
    for conn, events in by_conn.items():
        # Not the first unit's sender: a live client may write before the greeting.
        found += _session(events, servers.get(conn, events[0].src))
    return found


def _session(events: list[MessageEvent], server: str) -> list[Promise]:
    first = events[0]
    client = first.dst if first.src == server else first.src

    def at_client(e: MessageEvent) -> tuple[float, int, int]:
        # The client's own order: what it read at arrival, what it sent at sending.
        return ((e.t_arrived or 0.0), 0, e.seq) if e.src == server else (e.t_sent, 1, e.seq)

    slots: list[tuple[str, str]] = []
    out: list[Promise] = []
    greeted, content_next = False, False
    sender: str | None = None
    rcpts: dict[tuple[str, str], str] = {}
    content: list[MessageEvent] = []
    for event in sorted(events, key=at_client):
        if event.src == client:
            lines = event.text.split("\n")
            if content_next:
                # The message text may come in several units (a real client's writes);
                # it ends with the line "." (RFC 5321 §4.1.1.4), which a pipelining
                # client may follow with commands in the same write (RFC 2920 §3.1).
                if "." not in lines:
                    content.append(event)
                    continue
                end = lines.index(".") + 1
                lines, rest = lines[:end], lines[end:]
                rest_size = sum(len(line.encode("utf-8")) + 2 for line in rest)
                content.append(replace(event, text="\n".join(lines),
                                       size=event.size - rest_size))
                slots.append(("CONTENT", "\n".join(unit.text for unit in content)))
                content_next, lines = False, rest
            for line in lines:
                verb, _, argument = line.partition(" ")
                slots.append((verb.upper(), argument))
            continue
        code = event.text[:3]
        if not greeted:
            greeted = True
            continue
        if not slots:
            continue
        verb, argument = slots.pop(0)
        ok = code.startswith("2")
        if verb == "MAIL":
            sender, rcpts = (_path(argument) if ok else None), {}
        elif verb == "RCPT" and ok and sender is not None:
            address = _path(argument)
            local, at, domain = address.rpartition("@")
            rcpts.setdefault((local, domain.lower()) if at else (address, ""), address)
        elif verb == "DATA":
            content_next, content = code == "354", []
        elif verb == "CONTENT":
            match = _QUEUED_AS.match(event.text)
            if match and sender is not None:
                parent, received = _top_received(argument)
                out += [Promise(server, match.group(1), sender, r, _accepted_size(content),
                                event.t_arrived or 0.0, parent, received)
                        for r in rcpts.values()]
            sender, rcpts = None, {}
        elif verb in ("RSET", "EHLO", "HELO"):
            sender, rcpts = None, {}
    return out


def _path(argument: str) -> str:
    match = _PATH.search(argument)
    return match.group(1) if match else ""


def _accepted_size(units: list[MessageEvent]) -> int | None:
    """The message the server got: the units' octets without the ".\\r\\n" terminator
    and without the dot added to each line that starts with one (RFC 5321 §4.5.2).
    None when a live client's text is in the trace as its size only."""
    if any(unit.live and unit.text.startswith("[message text:") for unit in units):
        return None
    lines = "\n".join(unit.text for unit in units).split("\n")  # stuffed lines, "." last
    stuffed = sum(1 for line in lines[:-1] if line.startswith("."))
    return sum(unit.size for unit in units) - len(".\r\n") - stuffed


def _top_received(text: str) -> tuple[tuple[str, str] | None, int]:
    """(host, queue id) named by the first field if it is a Received:, and its size."""
    if not text.startswith("Received:"):
        return None, 0
    lines = text.split("\n")
    field_lines = [lines[0]]
    for line in lines[1:]:
        if not line[:1].isspace():
            break
        field_lines.append(line)
    value = " ".join(field_lines)
    by = re.search(r"\bby\s+(\S+)", value)
    ident = _RECEIVED_ID.search(value)
    size = sum(len(line.encode("utf-8")) + 2 for line in field_lines)
    if by is None or ident is None:
        return None, size
    return (by.group(1), ident.group(1)), size


def check(trace: Trace, *, lifetime: float | None = None) -> Verdict:
    """Each promise ends exactly once; ``lifetime`` (seconds): still queued after it fails."""
    verdict = Verdict()
    told = promises(trace)
    verdict.told = len(told)
    stored: dict[tuple[str, str, str], list[Stored]] = defaultdict(list)
    queued_size: dict[tuple[str, str], int] = {}
    written_here: set[tuple[str, str]] = set()
    bounced: dict[tuple[str, str, str], Bounced] = {}
    notice_ends: set[str] = set()
    for event in trace.states():
        change = known_change(event)
        if isinstance(change, Queued):
            queued_size[(event.node, change.queue_id)] = change.size
            if change.notice_of is not None or change.from_host == event.node:
                written_here.add((event.node, change.queue_id))  # a DSN: nobody was told
        elif isinstance(change, Stored):
            stored[(event.node, change.queue_id, change.mailbox.lower())].append(change)
            notice_ends.add(change.message_id)
        elif isinstance(change, Bounced):
            for r in change.recipients:
                bounced[(event.node, change.queue_id, r.lower())] = change
        elif isinstance(change, Discarded) and change.reason:
            notice_ends.add(change.message_id)
    children: dict[tuple[str, str, str], list[Promise]] = defaultdict(list)
    for p in told:
        if p.parent is not None:
            children[(*p.parent, p.recipient)].append(p)  # relayed as it was spelled
    queues = replay(trace).queues
    queued = {(node, qid, r.lower())
              for node, queue in queues.items() for qid, entry in queue.items()
              for r in entry.recipients}
    # A DSN still on its way counts as sent back (it has its own promises on later hops).
    queued_ids = {entry.message_id for queue in queues.values() for entry in queue.values()}
    end = trace.duration
    for p in told:
        key = (p.server, p.queue_id, p.recipient.lower())
        ends: list[str] = []
        # What the server queued is what it accepted plus its own Received: field.
        kept = queued_size.get((p.server, p.queue_id), 0)
        if kept <= (p.size or 0):
            verdict.problems.append(f"{_name(p)}: {p.size} octets accepted, {kept} queued"
                                    " (no Received: added, or content lost)")
        copies = stored.get(key, [])
        if copies:
            ends.append("stored")
            if len(copies) > 1:
                verdict.problems.append(f"{_name(p)}: stored {len(copies)} times")
            # At delivery the server adds Return-Path: on top of what it queued.
            want = kept + len(f"Return-Path: <{p.sender}>\r\n")
            if copies[0].size != want:
                verdict.problems.append(f"{_name(p)}: stored {copies[0].size} octets, not the"
                                        f" {want} of the {p.size} accepted and the trace fields")
        relays = children.get((p.server, p.queue_id, p.recipient), [])
        if relays:
            ends.append("relayed")
            for child in relays:
                if child.size != kept or (p.size is not None
                                          and child.size - p.size != child.received_size):
                    verdict.problems.append(
                        f"{_name(p)}: relayed as {child.size} octets, not {p.size} accepted"
                        f" plus the {child.received_size}-octet Received: field")
        notice = bounced.get(key)
        if notice is not None:
            ends.append("bounced")
            if notice.notice_id not in notice_ends | queued_ids:
                verdict.problems.append(f"{_name(p)}: its bounce {notice.notice_id} went nowhere")
        if key in queued:
            ends.append("still queued")
        if not ends:
            verdict.problems.append(f"{_name(p)}: lost (told 250, then neither stored, "
                                    "relayed, bounced nor queued)")
        elif len(set(ends)) > 1 or len(relays) > 1:
            verdict.problems.append(f"{_name(p)}: more than one end: {', '.join(ends)}")
        elif ends == ["stored"]:
            verdict.delivered += 1
        elif ends == ["relayed"]:
            verdict.relayed += 1
        elif ends == ["bounced"]:
            verdict.bounced += 1
        else:
            verdict.still_queued.append(p)
            if lifetime is not None and end - p.time > lifetime:
                verdict.problems.append(f"{_name(p)}: still queued after the queue's lifetime")
    promised = {(p.server, p.queue_id) for p in told}
    for node, qid, mailbox in stored:
        if (node, qid) not in promised | written_here:
            verdict.problems.append(f"{node} {qid}: stored in {mailbox}, but no client was told"
                                    " 250 for it")
    return verdict


def _name(p: Promise) -> str:
    return f"{p.server} {p.queue_id} <{p.sender}> -> <{p.recipient}>"
