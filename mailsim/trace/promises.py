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

from collections import defaultdict
from dataclasses import dataclass, field

from mailsim.trace.collection import Trace
from mailsim.trace.folds import FOLDS
from mailsim.trace.records import MessageEvent, StateEvent, TraceEvent
from mailsim.trace.sessions import Promise, PromiseReader
from mailsim.trace.states import (
    STATES,
    Bounced,
    Discarded,
    MessageModified,
    Queued,
    Stored,
    known_change,
)
from mailsim.trace.world import WorldState

__all__ = ["Conservation", "Promise", "Verdict", "check", "promises"]


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
    reader = PromiseReader(ordered=False)
    for event in trace:
        reader.add(event)
    return reader.finish()


def check(trace: Trace, *, lifetime: float | None = None) -> Verdict:
    """Each promise ends exactly once; ``lifetime`` (seconds): still queued after it fails."""
    conservation = Conservation(ordered=False)
    for event in trace:
        conservation.add(event)
    return conservation.verdict(lifetime=lifetime)


class Conservation:
    """The check fed one record at a time (:meth:`add`), then :meth:`verdict`.

    What it keeps grows with the mail (promises, queue ids, mailbox copies), not
    with the trace: ``mailsim run`` checks a run this way while it streams the
    trace to its file. ``ordered=False`` accepts records out of time order (a
    trace put together by hand) by reading the sessions only at the end.
    """

    def __init__(self, *, ordered: bool = True) -> None:
        self._told = PromiseReader(ordered=ordered)
        self._state = WorldState()  # the queues at the end, folded as replay() does
        self._stored: dict[tuple[str, str, str], list[int]] = {}  # [first size, copies]
        self._queued_size: dict[tuple[str, str], int] = {}
        self._modified: set[tuple[str, str]] = set()  # (server, queue id) changed on the way
        self._written_here: set[tuple[str, str]] = set()
        self._bounced: dict[tuple[str, str, str], str] = {}  # -> the bounce's notice id
        self._notice_ends: set[str] = set()
        self._end: float | None = None  # Trace.duration, as a running maximum

    def add(self, event: TraceEvent) -> None:
        self._told.add(event)
        end = (event.t_arrived if isinstance(event, MessageEvent) and event.t_arrived is not None
               else event.time)
        if self._end is None or end > self._end:
            self._end = end
        if isinstance(event, StateEvent):
            self._state_event(event)

    def _state_event(self, event: StateEvent) -> None:
        change = known_change(event)
        if change is None:
            return
        state = self._state
        state.step += 1
        state.time = event.time
        fold = FOLDS.get(STATES[event.action])
        if fold is not None:
            fold(state, event.node, change)
        if isinstance(change, Queued):
            self._queued_size[(event.node, change.queue_id)] = change.size
            if change.notice_of is not None or change.from_host == event.node:
                self._written_here.add((event.node, change.queue_id))  # a DSN: nobody was told
        elif isinstance(change, Stored):
            copies = self._stored.setdefault(
                (event.node, change.queue_id, change.mailbox.lower()), [change.size, 0])
            copies[1] += 1
            self._notice_ends.add(change.message_id)
        elif isinstance(change, Bounced):
            for r in change.recipients:
                self._bounced[(event.node, change.queue_id, r.lower())] = change.notice_id
        elif isinstance(change, MessageModified):  # a list's footer: the size changes on purpose
            self._modified.add((event.node, change.queue_id))
        elif isinstance(change, Discarded) and change.reason:
            self._notice_ends.add(change.message_id)

    def verdict(self, *, lifetime: float | None = None) -> Verdict:
        """Each promise ends exactly once; ``lifetime`` (seconds): still queued after it fails."""
        verdict = Verdict()
        told = self._told.finish()
        verdict.told = len(told)
        stored, bounced = self._stored, self._bounced
        children: dict[tuple[str, str, str], list[Promise]] = defaultdict(list)
        for p in told:
            if p.parent is not None:
                children[(*p.parent, p.recipient)].append(p)  # relayed as it was spelled
        queues = self._state.queues
        queued = {(node, qid, r.lower())
                  for node, queue in queues.items() for qid, entry in queue.items()
                  for r in entry.recipients}
        # A DSN still on its way counts as sent back (it has its own promises on later hops).
        queued_ids = {entry.message_id for queue in queues.values() for entry in queue.values()}
        gone_to = self._notice_ends | queued_ids
        end = 0.0 if self._end is None else self._end
        for p in told:
            key = (p.server, p.queue_id, p.recipient.lower())
            ends: list[str] = []
            # What the server queued is what it accepted plus its own Received: field.
            kept = self._queued_size.get((p.server, p.queue_id), 0)
            if kept <= (p.size or 0):
                verdict.problems.append(f"{_name(p)}: {p.size} octets accepted, {kept} queued"
                                        " (no Received: added, or content lost)")
            copies = stored.get(key)
            if copies is not None:
                ends.append("stored")
                size, count = copies
                if count > 1:
                    verdict.problems.append(f"{_name(p)}: stored {count} times")
                # At delivery the server adds Return-Path: on top of what it queued.
                want = kept + len(f"Return-Path: <{p.sender}>\r\n")
                if size != want:
                    verdict.problems.append(f"{_name(p)}: stored {size} octets, not the"
                                            f" {want} of the {p.size} accepted and the trace"
                                            " fields")
            relays = children.get((p.server, p.queue_id, p.recipient), [])
            if relays:
                ends.append("relayed")
                changed = (p.server, p.queue_id) in self._modified
                for child in relays:
                    if child.size != kept or (p.size is not None and not changed
                                              and child.size - p.size != child.received_size):
                        verdict.problems.append(
                            f"{_name(p)}: relayed as {child.size} octets, not {p.size} accepted"
                            f" plus the {child.received_size}-octet Received: field")
            notice = bounced.get(key)
            if notice is not None:
                ends.append("bounced")
                if notice not in gone_to:
                    verdict.problems.append(f"{_name(p)}: its bounce {notice} went nowhere")
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
                    verdict.problems.append(f"{_name(p)}: still queued after the queue's"
                                            " lifetime")
        promised = {(p.server, p.queue_id) for p in told} | self._written_here
        for node, qid, mailbox in stored:
            if (node, qid) not in promised:
                verdict.problems.append(f"{node} {qid}: stored in {mailbox}, but no client was"
                                        " told 250 for it")
        return verdict


def _name(p: Promise) -> str:
    return f"{p.server} {p.queue_id} <{p.sender}> -> <{p.recipient}>"
