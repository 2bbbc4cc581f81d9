"""The kinds of question a trace can answer, each asked before the step it is about.

Every kind has two parts: ``candidates(ctx)``, the steps it could ask about (cheap,
read from the records), and ``make(ctx, index)``, the question itself: its prompt,
the right option, plausible wrong ones taken from the same run (its other hosts,
ports, reply codes, queues and mailboxes) and the reason in plain words, reusing
the captions of :mod:`mailsim.views.captions`. Every text is made in every language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from random import Random
from typing import Any

from mailsim.locales import LANGUAGES, catalog
from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.views.captions import event_caption, host_title, step_key
from mailsim.views.phases import phase_of_events
from mailsim.views.state_texts import state_text
from mailsim.views.text import is_message_content, short_names
from mailsim.views.timeline import lifeline_order

Texts = dict[str, str]  # one text per language
MIN_OPTIONS, MAX_OPTIONS = 3, 4
LINE_WIDTH = 60  # a quoted protocol line is cut here: the prompt stays one sentence


@dataclass(frozen=True, slots=True)
class Question:
    """A multiple-choice question about the event at ``step``, asked before it is shown.

    ``values`` are the options' plain values (a host, a port, a reply code, a place),
    so a test can check the right one against the trace.
    """

    step: int
    kind: str
    phase: str
    prompt: Texts
    options: tuple[Texts, ...]
    values: tuple[str, ...]
    answer: int
    reason: Texts

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: what the page's challenge mode reads."""
        return {"step": self.step, "kind": self.kind, "phase": self.phase, "prompt": self.prompt,
                "options": list(self.options), "answer": self.answer, "reason": self.reason}


def both(key: str, **values: str | int | Mapping[str, str]) -> Texts:
    """The catalogue text ``key`` in every language, each value in that language too."""
    out: Texts = {}
    for lang in LANGUAGES:
        text = catalog(lang).get(key) or catalog("en")[key]
        filled = {k: (v[lang] if isinstance(v, Mapping) else v) for k, v in values.items()}
        out[lang] = text.format(**filled)
    out["en"] = out["en"][:1].upper() + out["en"][1:]  # a title may start an English sentence
    return out


def same(text: str) -> Texts:
    """A text that reads the same in every language: a port, a code, a host name."""
    return {lang: text for lang in LANGUAGES}


@dataclass
class Context:
    """What every kind reads: the trace, its hosts' titles, phases, and the one seeded ``rng``."""

    trace: Trace
    rng: Random
    cache: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def events(self) -> list[TraceEvent]:
        return list(self.trace)

    @cached_property
    def roles(self) -> dict[str, str]:
        return dict(self.trace.header.hosts)

    @cached_property
    def hosts(self) -> list[str]:
        """Every host, in route order (those that never spoke last)."""
        order = lifeline_order(self.trace)
        return order + [name for name, _ in self.trace.header.hosts if name not in order]

    @cached_property
    def _shorts(self) -> dict[str, str]:
        return short_names(self.hosts)

    @cached_property
    def _episodes(self) -> tuple[list[int], list[str]]:
        return phase_of_events(self.trace)

    def episode(self, index: int) -> int:
        return self._episodes[0][index]

    def phase(self, index: int) -> str:
        episode = self._episodes[0][index]
        return self._episodes[1][episode] if episode >= 0 else ""

    @cached_property
    def lines(self) -> frozenset[int]:
        """The steps that are protocol lines worth a question (see :func:`is_line`)."""
        return frozenset(i for i, event in enumerate(self.events) if is_line(event))

    def title(self, host: str) -> Texts:
        """"your mail server (mail)": the role title and the short name, as the page says it."""
        key = f"title:{host}"
        if key not in self.cache:
            short = self._shorts.get(host, host)
            self.cache[key] = {lang: f"{host_title(self.trace, host, lang)} ({short})"
                               for lang in LANGUAGES}
        found: Texts = self.cache[key]
        return found

    def line(self, event: MessageEvent) -> Texts:
        """A line as a prompt quotes it: its first line, cut; never an encrypted line's words."""
        if event.encrypted:
            return both("quiz.line.encrypted")
        if is_message_content(event):
            return both("quiz.command.content")
        first = event.text.split("\n", 1)[0]
        return same(first if len(first) <= LINE_WIDTH else first[: LINE_WIDTH - 1] + "…")

    def caption(self, event: TraceEvent) -> Texts:
        """The plain-words caption (an encrypted line's says only that it is encrypted)."""
        return {lang: event_caption(event, lang, reveal=False) or "" for lang in LANGUAGES}

    def change(self, event: StateEvent) -> Texts:
        return {lang: state_text(event, lang) for lang in LANGUAGES}

    def slot(self, size: int) -> int:
        """Where the right option goes: drawn from a shuffled deck of the ``size`` places, so
        a worksheet's answers spread over a–d instead of clustering by chance."""
        deck: list[int] = self.cache.setdefault(f"deck:{size}", [])
        if not deck:
            deck.extend(range(size))
            self.rng.shuffle(deck)
        return deck.pop()

    def previous_message(self, index: int, accept: Callable[[MessageEvent], bool]) -> int | None:
        """The nearest message before ``index`` that ``accept`` takes (within a short look-back)."""
        for back in range(index - 1, max(-1, index - 200), -1):
            event = self.events[back]
            if isinstance(event, MessageEvent) and accept(event):
                return back
        return None


def assemble(ctx: Context, kind: str, index: int, prompt: Texts, right: tuple[str, Texts],
             wrong: Iterable[tuple[str, Texts]], reason: Texts) -> Question | None:
    """The right option among up to three distinct wrong ones, shuffled (None: too few)."""
    options = [right]
    for value, text in wrong:
        if value != right[0] and all(value != v for v, _ in options):
            options.append((value, text))
        if len(options) == MAX_OPTIONS:
            break
    if len(options) < MIN_OPTIONS:
        return None
    wrongs = options[1:]
    ctx.rng.shuffle(wrongs)
    wrongs.insert(ctx.slot(len(options)), right)
    values = tuple(v for v, _ in wrongs)
    options = wrongs
    return Question(step=index, kind=kind, phase=ctx.phase(index), prompt=prompt,
                    options=tuple(t for _, t in options), values=values,
                    answer=values.index(right[0]), reason=reason)


def shuffled(ctx: Context, items: Iterable[Any]) -> list[Any]:
    out = list(items)
    ctx.rng.shuffle(out)
    return out


def is_line(event: TraceEvent) -> bool:
    """A protocol line worth a question: not a bare TCP segment, and one the captions explain."""
    return (isinstance(event, MessageEvent) and event.protocol not in ("TCP", "TLS")
            and step_key(event) is not None)


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
