"""The player's model without any UI: cursor, jumps, filters, the play clock, cached states."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.trace.replay import Checkpoints, replay
from mailsim.views.player.model import SPEEDS, PlayerModel, parse_filter
from mailsim.views.select import Selection

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"


@pytest.fixture(scope="module")
def trace() -> Trace:
    return Trace.read_jsonl(GOLDEN)


def stored_seq(trace: Trace) -> int:
    return trace.states("stored")[0].seq


def test_cached_states_equal_a_fresh_replay_at_every_step(trace: Trace) -> None:
    cache = Checkpoints(trace, every=8, recent=4)
    # Out of order on purpose: backwards, then forwards past checkpoints.
    for count in [*range(len(trace), -1, -7), *range(0, len(trace) + 1, 3)]:
        assert cache.after(count) == replay(trace, upto=count), count


def test_forward_and_back_change_the_state(trace: Trace) -> None:
    model = PlayerModel(trace)
    assert model.position == 0 and model.event is trace[0]
    assert model.next() and model.index == 1
    assert model.prev() and model.index == 0
    assert not model.prev(), "no step before the first"
    model.goto_step(stored_seq(trace))
    assert isinstance(model.event, StateEvent) and model.event.action == "stored"
    assert [m.subject for m in model.state.mailbox("bob@example.jp")] == ["Hello from Tokyo"]
    model.prev()
    assert model.state.mailbox("bob@example.jp") == []


def test_first_last_and_the_end(trace: Trace) -> None:
    model = PlayerModel(trace)
    assert model.last() and model.at_end and model.index == len(trace) - 1
    assert not model.next()
    assert model.first() and model.position == 0


def test_jump_by_step_number_or_time(trace: Trace) -> None:
    model = PlayerModel(trace)
    model.jump("42")
    assert model.event is not None and model.event.seq == 42
    model.jump("#7")
    assert model.event is not None and model.event.seq == 7
    model.jump(":20")  # the full-screen player's jump key, typed as is in --plain
    assert model.event is not None and model.event.seq == 20
    model.jump("0.5s")
    event = model.event
    assert event is not None and event.time <= 0.5 < trace[model.position + 1].time
    model.jump("1h")
    assert model.at_end, "a time after the run shows the last step"
    model.jump("99999")
    assert model.at_end
    with pytest.raises(ValueError, match="step number such as 42"):
        model.jump("soon")


def test_filter_keeps_the_place_and_the_whole_state(trace: Trace) -> None:
    model = PlayerModel(trace)
    model.goto_step(stored_seq(trace))
    model.set_filter(protocols=["DNS"], with_state=True)
    shown = model.shown
    assert all(e.protocol == "DNS" for e in shown if isinstance(e, MessageEvent))
    assert any(isinstance(e, MessageEvent) for e in shown)
    # Still on the stored event (every state change passes with_state) ...
    assert model.event is not None and model.event.seq == stored_seq(trace)
    # ... and the state still folds every event before it, shown or not.
    assert len(model.state.mailbox("bob@example.jp")) == 1
    assert model.status().filter == "DNS +state" and model.status().shown == len(shown)
    # Only the state changes DNS lines cause: back to the MX choice, the last of them.
    assert not model.toggle_with_state()
    assert model.event is not None and model.event.action == "mx_selected"
    assert len(model.state.mailbox("bob@example.jp")) == 0, "not stored yet at that step"
    assert model.status().filter == "DNS"
    model.filter_words("dns +state")
    assert model.selection.with_state and model.shown == shown
    model.clear_filter()
    assert model.event is not None and model.event.action == "mx_selected", "the place is kept"
    assert model.status().filter == "" and model.status().shown == len(trace)


def test_filter_by_node_moves_to_the_nearest_earlier_event(trace: Trace) -> None:
    model = PlayerModel(trace)
    model.goto_step(5)  # alice-pc and the mail server talk; DNS comes later
    model.filter_words("dns.example.net")
    assert model.position == 0
    assert all("dns.example.net" in e.nodes for e in model.shown)
    with pytest.raises(ValueError, match="leaves no events"):
        model.set_filter(protocols=["IMAP"], nodes=["dns.example.net"])
    assert model.filter_text() == "dns.example.net", "a refused filter changes nothing"


def test_filter_words_accept_short_names_and_any_case(trace: Trace) -> None:
    assert parse_filter(["smtp", "relay", "MX.example.jp"], trace) == (
        ["SMTP"], ["relay.example.net", "mx.example.jp"])
    with pytest.raises(ValueError, match="unknown protocol or host 'nowhere'"):
        parse_filter(["nowhere"], trace)
    model = PlayerModel(trace, Selection.of(protocols=["LDAP"]))
    assert model.filter_text() == "LDAP"


def test_play_ticks_step_until_the_end(trace: Trace) -> None:
    model = PlayerModel(trace)
    assert not model.tick(), "paused: a tick does nothing"
    assert model.toggle_play()
    assert model.tick() and model.tick() and model.position == 2
    assert not model.toggle_play() and not model.tick() and model.position == 2
    model.goto_position(len(trace) - 2)
    model.toggle_play()
    assert model.tick() and model.at_end and not model.playing, "stops at the last step"
    assert model.toggle_play() and model.position == 0, "play at the end starts again"


def test_speed_steps_through_the_levels_and_sets_the_interval(trace: Trace) -> None:
    model = PlayerModel(trace)
    assert model.interval == 1.0
    model.faster()
    assert model.speed == 2.0 and model.interval == 0.5
    for _ in SPEEDS:
        model.faster()
    assert model.speed == SPEEDS[-1]
    for _ in SPEEDS:
        model.slower()
    assert model.speed == SPEEDS[0]


def test_an_empty_trace_has_no_event_but_a_state(trace: Trace) -> None:
    model = PlayerModel(Trace(trace.header))
    assert model.event is None and model.index is None
    assert not model.next() and not model.toggle_play()
    assert model.state == replay(Trace(trace.header))
    assert model.status().step is None
