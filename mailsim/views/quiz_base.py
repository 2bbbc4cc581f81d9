"""What every kind of question shares: the question, its texts in every language, the
run's context (its hosts, lines and captions) and the way options are assembled.

The kinds themselves are in :mod:`mailsim.views.quiz_kinds`.
"""

from __future__ import annotations

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
