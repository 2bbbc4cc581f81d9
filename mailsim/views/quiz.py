"""Questions made from a trace, for the page's challenge mode and ``mailsim quiz``.

Each question is about one step and is asked before that step is shown: who speaks
next, to which port, which reply code comes back, where the mail is now, what the
DNS answer is, whether a tap on the link could read the line. The kinds are in
:mod:`mailsim.views.quiz_kinds`, except the two that read more than one record:
the DNS answer (its question) and where the mail is (every node's state, folded by
:func:`mailsim.trace.replay.walk`). :func:`questions` chooses the steps worth asking
about, spread over the run's phases, with one :class:`random.Random` seeded from the
trace's seed: the same trace gives the same questions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from random import Random

from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.trace.replay import WorldState, walk
from mailsim.views.quiz_base import Context, Question, Texts, assemble, both, same, shuffled
from mailsim.views.quiz_kinds import (
    make_port,
    make_reply,
    make_speaker,
    make_tap,
    port_candidates,
    reply_candidates,
    speaker_candidates,
    tap_candidates,
)

__all__ = ["DEFAULT_COUNT", "KINDS", "Question", "questions"]

DEFAULT_COUNT = 10
MAX_PLACE_CHECKS = 400  # state changes whose mail is looked for (a long trace: spread evenly)
MAX_POOL = 120  # the steps a kind chooses among (a long trace: spread evenly over it)
NEAR = 2  # steps this close to a chosen one are taken only when nothing else is left


# --- what the DNS answer is -----------------------------------------------------------

MX_RECORD = re.compile(r"^ANSWER \S+ MX (\d+) (\S+?)\.?$")


def dns_candidates(ctx: Context) -> list[int]:
    """An answer (or NXDOMAIN) to an MX question."""
    return [index for index, event in enumerate(ctx.events)
            if isinstance(event, MessageEvent) and event.protocol == "DNS"
            and event.text.startswith(("ANSWER", "NXDOMAIN")) and _query_of(ctx, index) is not None]


def _query_of(ctx: Context, index: int) -> int | None:
    event = ctx.events[index]
    assert isinstance(event, MessageEvent)
    found = ctx.previous_message(index, lambda e: e.protocol == "DNS" and e.src == event.dst
                                 and e.dst == event.src and e.text.startswith("QUERY"))
    if found is None:
        return None
    query = ctx.events[found]
    assert isinstance(query, MessageEvent)
    return found if query.text.split("\n", 1)[0].endswith(" MX") else None


def make_dns(ctx: Context, index: int) -> Question | None:
    event = ctx.events[index]
    assert isinstance(event, MessageEvent)
    query_at = _query_of(ctx, index)
    if query_at is None:
        return None
    query = ctx.events[query_at]
    assert isinstance(query, MessageEvent)
    records = [(int(m.group(1)), m.group(2)) for line in event.text.split("\n")
               if (m := MX_RECORD.match(line))]
    named = {host for _, host in records}
    if event.text.startswith("NXDOMAIN"):
        right = ("NXDOMAIN", both("quiz.dns.nxdomain"))
    elif records:
        best = min(records)[1]
        right = (best, ctx.title(best) if best in ctx.roles else same(best))
    else:
        return None
    servers = [h for h in ctx.hosts if ctx.roles.get(h) in ("mail_server", "relay")]
    wrong = [(h, ctx.title(h)) for h in shuffled(ctx, servers) if h not in named]
    if right[0] != "NXDOMAIN":
        wrong.insert(ctx.rng.randrange(min(2, len(wrong)) + 1), ("NXDOMAIN", both("quiz.dns.nxdomain")))
    reason = both("quiz.reason.dns", line=ctx.line(event), caption=ctx.caption(event))
    if len(records) > 1:
        reason = {lang: f"{text} {both('quiz.reason.dns.many')[lang]}" for lang, text in reason.items()}
    return assemble(ctx, "dns", index,
                    both("quiz.prompt.dns", asker=ctx.title(query.src), query=ctx.line(query)),
                    right, wrong, reason)


# --- where the mail is now ------------------------------------------------------------


def places_of(state: WorldState, message_id: str) -> set[str]:
    """Every place a mail is in: ``queue|node``, ``mailbox|node|address``, ``device|node``..."""
    found: set[str] = set()
    for node, queue in state.queues.items():
        if any(q.message_id == message_id for q in queue.values()):
            found.add(f"queue|{node}")
    for node, boxes in state.mailboxes.items():
        for address, box in boxes.items():
            if any(m.message_id == message_id for m in box):
                found.add(f"mailbox|{node}|{address}")
    for node, accounts in state.folders.items():
        for address, folders in accounts.items():
            for folder, box in folders.items():
                if any(m.message_id == message_id for m in box):
                    found.add(f"folder|{node}|{address}|{folder}")
    for node, device in state.devices.items():
        if any(c.message_id == message_id for c in device.local.values()):
            found.add(f"device|{node}")
        if any(c.message_id == message_id for c in device.sent.values()):
            found.add(f"sent|{node}")
    return found


def place_text(ctx: Context, place: str) -> Texts:
    kind, node, *rest = place.split("|")
    values: dict[str, str | Texts] = {"host": ctx.title(node)}
    if rest:
        values["address"] = rest[0]
    if len(rest) > 1:
        values["folder"] = rest[1]
    return both(f"quiz.place.{kind}", **values)


def where_candidates(ctx: Context) -> list[int]:
    """State changes that put a mail somewhere new (read from the folded state)."""
    changes = [i for i, e in enumerate(ctx.events)
               if isinstance(e, StateEvent) and isinstance(e.data.get("message_id"), str)]
    checked = set(spread(changes, MAX_PLACE_CHECKS))
    last: dict[str, set[str]] = {}
    visits: dict[str, set[str]] = {}
    seen: dict[str, None] = {}
    news: dict[int, tuple[str, str, set[str]]] = {}
    for index, (event, state) in enumerate(walk(ctx.trace)):
        if index not in checked:
            continue
        assert isinstance(event, StateEvent)
        mail = str(event.data["message_id"])
        after = places_of(state, mail)
        new = after - last.get(mail, set())
        last[mail] = after
        visits.setdefault(mail, set()).update(after)
        seen.update(dict.fromkeys(sorted(after)))
        if new:
            news[index] = (mail, sorted(new)[0], after)
    ctx.cache["where"] = (news, visits, list(seen))
    return sorted(news)


def make_where(ctx: Context, index: int) -> Question | None:
    news, visits, seen = ctx.cache["where"]
    mail, right, after = news[index]
    event = ctx.events[index]
    assert isinstance(event, StateEvent)
    servers = [f"queue|{h}" for h in ctx.hosts if ctx.roles.get(h) in ("mail_server", "relay")]
    wrong = [*shuffled(ctx, sorted(visits[mail])), *shuffled(ctx, seen), *shuffled(ctx, servers)]
    subject = event.data.get("subject")
    return assemble(
        ctx, "where", index,
        both("quiz.prompt.where", subject=str(subject) if subject else mail),
        (right, place_text(ctx, right)),
        [(p, place_text(ctx, p)) for p in wrong if p not in after],
        both("quiz.reason.where", change=ctx.change(event), caption=ctx.caption(event)))


# --- choosing the steps -----------------------------------------------------------------

Kind = tuple[Callable[[Context], list[int]], Callable[[Context, int], Question | None]]
KINDS: dict[str, Kind] = {
    "speaker": (speaker_candidates, make_speaker),
    "port": (port_candidates, make_port),
    "reply": (reply_candidates, make_reply),
    "where": (where_candidates, make_where),
    "dns": (dns_candidates, make_dns),
    "tap": (tap_candidates, make_tap),
}


def spread(steps: list[int], most: int) -> list[int]:
    """At most ``most`` of ``steps``, evenly spaced over them (all when fewer)."""
    if len(steps) <= most:
        return steps
    every = len(steps) / most
    return [steps[int(k * every)] for k in range(most)]


def flavour(ctx: Context, index: int) -> object:
    """What makes two questions of a kind alike: a line's port and encryption, a change's action."""
    event = ctx.events[index]
    return (event.encrypted, event.port) if isinstance(event, MessageEvent) else event.action


def questions(trace: Trace, n: int = DEFAULT_COUNT, *, seed: int | None = None) -> list[Question]:
    """Up to ``n`` questions, in step order, at most one a step, spread over the phases.

    The kinds take turns; each takes a step in the phase episode asked about least
    so far (the nearest ones to a chosen step last), picked by the one ``Random``
    seeded from ``seed`` or the trace's own; among those, one unlike the kind's
    earlier questions (another port, plain after encrypted) first. Step 0 is never asked: it is shown first.
    """
    ctx = Context(trace, Random(trace.header.seed if seed is None else seed))
    pools = {kind: spread([i for i in candidates(ctx) if i > 0], MAX_POOL)
             for kind, (candidates, _) in KINDS.items()}
    chosen: dict[int, Question] = {}
    asked: Counter[object] = Counter()  # by phase episode, and by (kind, flavour)

    def rank(kind: str, i: int) -> tuple[int, int, bool]:
        return (asked[ctx.episode(i)], asked[kind, flavour(ctx, i)],
                any(abs(i - c) <= NEAR for c in chosen))

    while len(chosen) < n and any(pools.values()):
        for kind, (_, make) in KINDS.items():
            pool = pools[kind]
            while pool and len(chosen) < n:
                best = min(rank(kind, i) for i in pool)
                index = ctx.rng.choice([i for i in pool if rank(kind, i) == best])
                pool.remove(index)
                question = None if index in chosen else make(ctx, index)
                if question is not None:
                    chosen[index] = question
                    asked[ctx.episode(index)] += 1
                    asked[kind, flavour(ctx, index)] += 1
                    break
    return [chosen[step] for step in sorted(chosen)]
