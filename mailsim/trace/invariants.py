"""Checks over a finished trace: the promises mailsim keeps, verified from the trace alone.

Conservation: every message a server accepted (a ``queued`` event), for every
recipient it was accepted for, ends exactly one way — stored in that
recipient's mailbox, bounced to its sender, discarded (a bounce that could not
be delivered, RFC 5321 §4.5.5), or still waiting in a queue when the run ends.
Never lost, never duplicated.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.trace.collection import Trace
from mailsim.trace.replay import replay
from mailsim.trace.states import Bounced, Discarded, Queued, Stored, known_change


@dataclass(frozen=True, slots=True)
class Violation:
    message_id: str
    recipient: str
    problem: str

    def __str__(self) -> str:
        return f"{self.message_id} for {self.recipient}: {self.problem}"


def conservation(trace: Trace) -> list[Violation]:
    """Every accepted (message, recipient) ends once: delivered, bounced, discarded or queued.

    Recipients are compared in any case, as the servers look mailboxes up; two
    spellings of one address (``Ghost@`` and ``ghost@``, which RFC 5321 keeps apart)
    may each end once, but no spelling may end twice.
    """
    accepted: dict[tuple[str, str], None] = {}
    ends: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for event in trace.states():
        change = known_change(event)
        if isinstance(change, Queued):
            for recipient in change.recipients:
                accepted.setdefault((change.message_id, recipient.lower()), None)
            continue
        if isinstance(change, Stored):
            spellings = [change.mailbox]
        elif isinstance(change, Bounced | Discarded):
            spellings = list(change.recipients)
        else:
            continue
        for spelling in spellings:
            key = (change.message_id, spelling.lower())
            ends.setdefault(key, []).append((change.action, spelling))
    for node_queue in replay(trace).queues.values():
        for entry in node_queue.values():
            for recipient in entry.recipients:
                key = (entry.message_id, recipient.lower())
                ends.setdefault(key, []).append(("still queued", recipient))
    violations = []
    for key in accepted:
        found = ends.get(key, [])
        if not found:
            violations.append(Violation(*key, "lost: neither delivered, bounced nor queued"))
        elif len(set(found)) < len(found) or len({kind for kind, _ in found}) > 1:
            violations.append(Violation(*key, "more than one end: "
                                        + ", ".join(kind for kind, _ in found)))
    for key in ends:
        if key not in accepted:
            violations.append(Violation(*key, "ended somewhere without being accepted"))
    return violations
