"""The player's logic without any UI: a cursor over a filtered trace, jumps, play.

The state shown at a step is the fold of the trace up to and including that
step's event (:func:`mailsim.trace.replay.replay` with ``upto = index + 1``); the
simulation is never re-run. :class:`~mailsim.trace.replay.Checkpoints` keeps a
bounded number of snapshots, so that stepping back, or jumping anywhere, copies
one and folds at most the events up to the next one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from mailsim.trace import Trace, TraceEvent
from mailsim.trace.replay import Checkpoints, WorldState
from mailsim.units import parse_duration
from mailsim.views.captions import ui
from mailsim.views.protocols import known_protocol, protocol_names
from mailsim.views.select import EVERYTHING, Selection, UnknownHost, resolve_host, trace_hosts

# Steps per second when playing; the teacher picks with + and -.
SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
DEFAULT_SPEED = 1.0
# Shown after the filter's words when every state change is kept (``--with-state``).
WITH_STATE_WORD = "+state"
_STEP = re.compile(r"#?(\d+)")


@dataclass(frozen=True, slots=True)
class Status:
    """What the status line shows."""

    step: int | None  # the current event's sequence number (the ``#`` column)
    position: int  # 1-based place among the shown events
    shown: int
    total: int
    time: float
    playing: bool
    speed: float
    filter: str  # "" when everything is shown


def parse_filter(words: Iterable[str], trace: Trace,
                 lang: str = "en") -> tuple[list[str], list[str]]:
    """Split filter words into protocols and hosts; hosts are named as
    :func:`~mailsim.views.select.resolve_host` allows (full, short, prefix, role).

    Raises :class:`ValueError` naming an unknown word, the nearest names and the choices.
    """
    protocols: list[str] = []
    nodes: list[str] = []
    for word in words:
        word = word.strip().strip(",")
        if not word:
            continue
        protocol = known_protocol(word)
        if protocol is not None:
            protocols.append(protocol)
            continue
        try:
            host = resolve_host(word, trace, lang)
        except UnknownHost as exc:
            if exc.ambiguous:
                raise  # a word naming several hosts: that message says which
            hint = (ui("select.did_you_mean", lang, names=", ".join(exc.suggestions))
                    if exc.suggestions else "")
            raise ValueError(ui("select.unknown_word", lang, word=word, hint=hint, choices=", ".join(
                [*protocol_names(), *trace_hosts(trace)]))) from None
        if host not in nodes:
            nodes.append(host)
    return protocols, nodes


class PlayerModel:
    """A cursor over the events a filter keeps, with jumps and a play clock.

    Positions count shown events; ``index`` is the current event's place in the
    whole trace, so the state always comes from every event up to it, filtered
    or not.
    """

    def __init__(self, trace: Trace, selection: Selection = EVERYTHING) -> None:
        self.trace = trace
        self._states = Checkpoints(trace)
        self.selection = EVERYTHING
        self._shown: list[int] = list(range(len(trace)))
        self.position = 0
        self.playing = False
        self.speed = DEFAULT_SPEED
        if selection != EVERYTHING:
            self.set_selection(selection)

    # --- what is shown ----------------------------------------------------------

    @property
    def shown(self) -> list[TraceEvent]:
        return [self.trace[i] for i in self._shown]

    @property
    def shown_count(self) -> int:
        return len(self._shown)

    def shown_between(self, start: int, stop: int) -> list[TraceEvent]:
        """The shown events at positions ``start`` to ``stop - 1``: a window of the list."""
        return [self.trace[i] for i in self._shown[start:stop]]

    @property
    def index(self) -> int | None:
        """The current event's index in the whole trace (``None`` for an empty trace)."""
        return self._shown[self.position] if self._shown else None

    @property
    def event(self) -> TraceEvent | None:
        index = self.index
        return None if index is None else self.trace[index]

    @property
    def state(self) -> WorldState:
        """Every node's state just after the current event."""
        index = self.index
        return self._states.after(0 if index is None else index + 1)

    def state_after(self, count: int) -> WorldState:
        return self._states.after(count)

    @property
    def at_end(self) -> bool:
        return self.position >= len(self._shown) - 1

    def status(self) -> Status:
        event = self.event
        return Status(
            step=None if event is None else event.seq,
            position=self.position + 1 if self._shown else 0,
            shown=len(self._shown), total=len(self.trace),
            time=0.0 if event is None else event.time,
            playing=self.playing, speed=self.speed, filter=self.filter_text(),
        )

    def filter_text(self) -> str:
        words = [*sorted(self.selection.protocols), *sorted(self.selection.nodes)]
        if words and self.selection.with_state and self.selection.protocols:
            words.append(WITH_STATE_WORD)
        return " ".join(words)

    # --- moving ------------------------------------------------------------------

    def next(self) -> bool:
        """One shown event on; ``False`` at the end."""
        return self.goto_position(self.position + 1)

    def prev(self) -> bool:
        return self.goto_position(self.position - 1)

    def first(self) -> bool:
        return self.goto_position(0)

    def last(self) -> bool:
        return self.goto_position(len(self._shown) - 1)

    def goto_position(self, position: int) -> bool:
        """Move to a place in the shown list (clamped); ``True`` if the cursor moved."""
        position = max(0, min(position, len(self._shown) - 1))
        moved = position != self.position
        self.position = max(position, 0)
        return moved

    def goto_step(self, seq: int) -> bool:
        """The shown event numbered ``seq``, else the last shown one before it."""
        return self._goto_last(lambda e: e.seq <= seq)

    def goto_time(self, t: float) -> bool:
        """The last shown event at or before simulated time ``t``: the world at ``t``."""
        return self._goto_last(lambda e: e.time <= t)

    def jump(self, text: str) -> bool:
        """``42`` or ``#42`` is a step number, anything else a time such as ``1m30s``.

        A leading ``:`` (the full-screen player's jump key, typed as is in ``--plain``)
        is allowed.
        """
        text = text.strip().removeprefix(":").strip()
        match = _STEP.fullmatch(text)
        if match:
            return self.goto_step(int(match.group(1)))
        try:
            t = parse_duration(text)
        except ValueError:
            raise ValueError(f"{text!r}: expected a step number such as 42 "
                             "or a time such as 1m30s") from None
        return self.goto_time(t)

    def _goto_last(self, before: Callable[[TraceEvent], bool]) -> bool:
        # The shown list is in trace order, so the last match is the nearest.
        candidates = [p for p, i in enumerate(self._shown) if before(self.trace[i])]
        return self.goto_position(candidates[-1] if candidates else 0)

    # --- filtering -----------------------------------------------------------------

    def set_filter(self, protocols: Sequence[str] = (), nodes: Sequence[str] = (),
                   with_state: bool | None = None) -> None:
        """Filter by protocols and hosts; ``with_state`` (default: as before) keeps every
        state change instead of only those the kept lines cause."""
        keep_all = self.selection.with_state if with_state is None else with_state
        self.set_selection(Selection.of(protocols=protocols, nodes=nodes, with_state=keep_all))

    def toggle_with_state(self) -> bool:
        """Every state change, or only those the filter's lines cause; returns the new mode."""
        selection = self.selection
        self.set_selection(Selection.of(protocols=selection.protocols, nodes=selection.nodes,
                                        with_state=not selection.with_state))
        return self.selection.with_state

    def filter_words(self, text: str, lang: str = "en") -> None:
        """Filter by words such as ``smtp dns relay``; an empty text clears the filter.

        The word ``+state`` keeps every state change, not only those the lines cause.
        """
        words = text.replace(",", " ").split()
        keep_all = WITH_STATE_WORD in words or None
        protocols, nodes = parse_filter([w for w in words if w != WITH_STATE_WORD], self.trace,
                                        lang)
        self.set_filter(protocols, nodes, keep_all)

    def clear_filter(self) -> None:
        """Show everything (a later filter still keeps every state change if asked to)."""
        self.set_selection(Selection.of(with_state=self.selection.with_state))

    def set_selection(self, selection: Selection) -> None:
        """Show only what ``selection`` keeps, staying at (or just before) the current event.

        A filter that keeps nothing is refused with :class:`ValueError`, so the
        player always has an event to show.
        """
        shown = selection.kept(self.trace)
        if not shown and len(self.trace):
            raise ValueError("this filter leaves no events")
        current = self.index
        self.selection, self._shown = selection, shown
        earlier = [p for p, i in enumerate(shown) if current is not None and i <= current]
        self.position = earlier[-1] if earlier else 0

    # --- playing ------------------------------------------------------------------

    def toggle_play(self) -> bool:
        """Start or pause; starting at the last event plays again from the first."""
        if not self.playing and self.at_end:
            self.first()
        self.playing = not self.playing and len(self._shown) > 1
        return self.playing

    def pause(self) -> None:
        self.playing = False

    def faster(self) -> float:
        self.speed = next((s for s in SPEEDS if s > self.speed), SPEEDS[-1])
        return self.speed

    def slower(self) -> float:
        self.speed = next((s for s in reversed(SPEEDS) if s < self.speed), SPEEDS[0])
        return self.speed

    @property
    def interval(self) -> float:
        """Seconds of wall-clock time between two steps while playing."""
        return 1.0 / self.speed

    def tick(self) -> bool:
        """One play-clock tick: step on while playing, pause at the end."""
        if not self.playing:
            return False
        moved = self.next()
        if self.at_end:
            self.playing = False
        return moved
