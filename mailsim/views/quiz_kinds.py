"""The kinds of question a trace can answer, each asked before the step it is about.

Every kind has two parts: ``candidates(ctx)``, the steps it could ask about (cheap,
read from the records), and ``make(ctx, index)``, the question itself: its prompt,
the right option, plausible wrong ones taken from the same run (its other hosts,
ports, reply codes, queues and mailboxes) and the reason in plain words, reusing
the captions of :mod:`mailsim.views.captions`. Every text is made in every language.
"""

from __future__ import annotations

import re

from mailsim.locales import catalog
from mailsim.trace import MessageEvent
from mailsim.views.quiz_base import Context, Question, assemble, both, same, shuffled

# --- who speaks next -----------------------------------------------------------------


def speaker_candidates(ctx: Context) -> list[int]:
    """Lines where the turn passes: the one before came from another host."""
    out = []
    last: MessageEvent | None = None
    for index, event in enumerate(ctx.events):
        if not isinstance(event, MessageEvent):
            continue
        if last is not None and last.src != event.src and index in ctx.lines:
            out.append(index)
        last = event
    return out


def make_speaker(ctx: Context, index: int) -> Question | None:
    event = ctx.events[index]
    assert isinstance(event, MessageEvent)
    before = ctx.previous_message(index, lambda e: True)
    if before is None:
        return None
    prev = ctx.events[before]
    assert isinstance(prev, MessageEvent)
    ends = [prev.src, prev.dst, event.dst]
    near = [h for e in ctx.events[max(0, index - 30): index + 30] for h in e.nodes]
    others = shuffled(ctx, dict.fromkeys(h for h in near + ctx.hosts if h not in ends))
    # an encrypted line is never quoted, not even as a lock: "sends “🔒” to" reads badly
    asked = "quiz.prompt.speaker" + (".encrypted" if prev.encrypted else "")
    told = "quiz.reason.speaker" + (".encrypted" if event.encrypted else "")
    return assemble(
        ctx, "speaker", index,
        both(asked, src=ctx.title(prev.src), dst=ctx.title(prev.dst), line=ctx.line(prev)),
        (event.src, ctx.title(event.src)),
        [(h, ctx.title(h)) for h in [*ends[:2], *others[:1], ends[2], *others[1:]]],
        both(told, src=ctx.title(event.src), dst=ctx.title(event.dst),
             line=ctx.line(event), caption=ctx.caption(event)))


# --- to which port --------------------------------------------------------------------

STANDARD_PORTS = (25, 587, 465, 110, 995, 143, 993, 53, 389)


def port_candidates(ctx: Context) -> list[int]:
    """A connection opened (the first SYN) or a DNS question sent over UDP."""
    out = []
    for index, event in enumerate(ctx.events):
        if not isinstance(event, MessageEvent):
            continue
        opens = event.protocol == "TCP" and event.text.startswith("SYN") and "ACK" not in event.text
        asks = event.protocol == "DNS" and event.conn is None and event.text.startswith("QUERY")
        if opens or asks:
            out.append(index)
    return out


def make_port(ctx: Context, index: int) -> Question | None:
    event = ctx.events[index]
    assert isinstance(event, MessageEvent)
    listening = {(host, port): protocol for host, port, protocol in ctx.trace.header.ports}
    own = [port for host, port, _ in ctx.trace.header.ports if host == event.dst]
    run = shuffled(ctx, dict.fromkeys(port for _, port, _ in ctx.trace.header.ports))
    wrong = [*shuffled(ctx, own), *run, *shuffled(ctx, STANDARD_PORTS)]
    protocol = listening.get((event.dst, event.port)) or (
        "DNS" if event.protocol == "DNS" else event.protocol)
    key = f"quiz.port.{event.port}"
    meaning = both(key if key in catalog("en") else "quiz.port.other")
    prompt = "quiz.prompt.port.udp" if event.protocol == "DNS" else "quiz.prompt.port.tcp"
    return assemble(
        ctx, "port", index, both(prompt, src=ctx.title(event.src), dst=ctx.title(event.dst)),
        (str(event.port), same(str(event.port))),
        [(str(p), same(str(p))) for p in wrong],
        both("quiz.reason.port", dst=ctx.title(event.dst), port=event.port, protocol=protocol,
             meaning=meaning))


# --- which reply code comes back ------------------------------------------------------

REPLY = re.compile(r"^(\d{3})[ -]")
STANDARD_CODES = (250, 354, 221, 220, 235, 550, 451, 452, 421, 530, 535, 554)


def _is_reply(event: MessageEvent) -> bool:
    return REPLY.match(event.text) is not None


def reply_candidates(ctx: Context) -> list[int]:
    """A plain-text SMTP reply to a plain-text command of the same connection."""
    out = []
    for index, event in enumerate(ctx.events):
        if (isinstance(event, MessageEvent) and event.protocol == "SMTP" and not event.encrypted
                and _is_reply(event) and _command_of(ctx, index) is not None):
            out.append(index)
    return out


def _command_of(ctx: Context, index: int) -> int | None:
    event = ctx.events[index]
    assert isinstance(event, MessageEvent)
    found = ctx.previous_message(index, lambda e: e.conn == event.conn and e.protocol == "SMTP")
    if found is None:
        return None
    command = ctx.events[found]
    assert isinstance(command, MessageEvent)
    if command.src != event.dst or command.encrypted or _is_reply(command):
        return None
    return found


def make_reply(ctx: Context, index: int) -> Question | None:
    event = ctx.events[index]
    assert isinstance(event, MessageEvent)
    found = _command_of(ctx, index)
    if found is None:
        return None
    command = ctx.events[found]
    assert isinstance(command, MessageEvent)
    if "codes" not in ctx.cache:
        ctx.cache["codes"] = sorted({int(m.group(1)) for e in ctx.trace.messages()
                                     if e.protocol == "SMTP" and (m := REPLY.match(e.text))})
    code = int(event.text[:3])
    wrong = [*shuffled(ctx, ctx.cache["codes"]), *shuffled(ctx, STANDARD_CODES)]
    return assemble(
        ctx, "reply", index,
        both("quiz.prompt.reply", client=ctx.title(command.src), server=ctx.title(event.src),
             command=ctx.line(command)),
        (str(code), same(str(code))), [(str(c), same(str(c))) for c in wrong],
        both("quiz.reason.reply", server=ctx.title(event.src), line=ctx.line(event),
             caption=ctx.caption(event), klass=both(f"quiz.class.{code // 100}")))


# --- could a tap read it --------------------------------------------------------------


def tap_candidates(ctx: Context) -> list[int]:
    """The first line of each kind on each link: plain or encrypted, by protocol and port."""
    seen: set[tuple[frozenset[str], str, int, bool]] = set()
    out = []
    for index in sorted(ctx.lines):
        event = ctx.events[index]
        assert isinstance(event, MessageEvent)
        key = (frozenset(event.nodes), event.protocol, event.port, event.encrypted)
        if key not in seen:
            seen.add(key)
            out.append(index)
    return out


def make_tap(ctx: Context, index: int) -> Question | None:
    event = ctx.events[index]
    assert isinstance(event, MessageEvent)
    right = "encrypted" if event.encrypted else "plain"
    if event.encrypted:
        reason = both("quiz.reason.tap.encrypted", caption=ctx.caption(event))
    else:
        reason = both("quiz.reason.tap.plain", protocol=event.protocol, line=ctx.line(event))
    return assemble(
        ctx, "tap", index,
        both("quiz.prompt.tap", src=ctx.title(event.src), dst=ctx.title(event.dst),
             protocol=event.protocol),
        (right, both(f"quiz.tap.{right}")),
        [(v, both(f"quiz.tap.{v}")) for v in ("plain", "encrypted", "addresses")], reason)
