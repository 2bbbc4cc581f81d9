"""What one run came to, in a few numbers read from its trace (``mailsim sweep``).

A sweep runs a scenario many times; only these small records travel back from
the worker processes, never the traces. Everything is read from the trace, as
every view does: nothing is asked of the simulation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mailsim.trace import MessageEvent, StateEvent, TraceEvent
from mailsim.trace.states.device import Composed
from mailsim.trace.states.mailbox import Stored
from mailsim.trace.states.queue import Bounced, Retry


@dataclass(frozen=True, slots=True)
class Outcome:
    """One run: ``delivered`` counts the stored copies of the mails users sent (not
    bounce notices), ``delay`` is their mean time from Send to stored (None if none),
    ``retries`` the queue's further attempts, ``bounces`` the recipients bounced,
    ``wire_bytes`` every unit on the wire."""

    seed: int
    delivered: int
    delay: float | None
    retries: int
    bounces: int
    wire_bytes: int


def outcome_of(events: Iterable[TraceEvent], seed: int) -> Outcome:
    """Read one run's outcome from its events, in one pass."""
    sent_at: dict[str, float] = {}
    delays: list[float] = []
    retries = bounces = wire_bytes = 0
    for event in events:
        if isinstance(event, MessageEvent):
            wire_bytes += event.size
        elif isinstance(event, StateEvent):
            action = event.action
            if action == Composed.action:
                sent_at.setdefault(event.data["message_id"], event.t)
            elif action == Stored.action:
                sent = sent_at.get(event.data["message_id"])
                if sent is not None:
                    delays.append(event.t - sent)
            elif action == Retry.action:
                retries += 1
            elif action == Bounced.action:
                bounces += len(event.data["recipients"])
    delay = sum(delays) / len(delays) if delays else None
    return Outcome(seed, len(delays), delay, retries, bounces, wire_bytes)


@dataclass(frozen=True, slots=True)
class Spread:
    """Mean, smallest and largest of one number over the seeds of a variant."""

    mean: float
    low: float
    high: float


def spread(values: Iterable[float | None]) -> Spread | None:
    """The spread of the values that exist (None when no run had one)."""
    known = [value for value in values if value is not None]
    if not known:
        return None
    return Spread(sum(known) / len(known), min(known), max(known))


METRICS = ("delay", "retries", "wire_bytes", "bounces", "delivered")


@dataclass(frozen=True, slots=True)
class VariantSummary:
    """A variant's outcomes over its seeds: one :class:`Spread` per name in ``METRICS``."""

    label: str
    runs: int
    spreads: dict[str, Spread | None]


def summarize(label: str, outcomes: Sequence[Outcome]) -> VariantSummary:
    return VariantSummary(label, len(outcomes), {
        metric: spread(getattr(outcome, metric) for outcome in outcomes) for metric in METRICS
    })
