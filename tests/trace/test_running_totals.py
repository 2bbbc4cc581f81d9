"""The fold's running storage totals equal a re-sum of every mailbox and device at every step."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.scenario import bundled_names, load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.scenario.compare import run_strategies
from mailsim.study.sample import sample_scenario
from mailsim.trace import StateEvent, Trace
from mailsim.trace.replay import Checkpoints, WorldState, walk
from mailsim.trace.states import Cached, Deleted, Downloaded, LocalDeleted, StateChange, Stored


def resummed(state: WorldState) -> tuple[int, dict[str, int]]:
    """Server and device octets counted the slow way, message by message."""
    server = sum(m.size for boxes in state.mailboxes.values() for box in boxes.values()
                 for m in box)
    server += sum(m.size for accounts in state.folders.values() for folders in accounts.values()
                  for box in folders.values() for m in box)  # IMAP folders besides INBOX
    return server, {n: sum(c.size for c in (*d.local.values(), *d.sent.values()))
                    for n, d in state.devices.items()}


def totals(state: WorldState) -> tuple[int, dict[str, int]]:
    return state.server_bytes(), {n: d.local_bytes for n, d in state.devices.items()}


def assert_totals_at_every_step(trace: Trace) -> int:
    """Checks every step; returns the largest server total seen (so a test sees it moved)."""
    peak = 0
    for event, state in walk(trace):
        assert totals(state) == resummed(state), f"step {state.step} ({event.seq})"
        peak = max(peak, state.server_bytes())
    return peak


@pytest.mark.parametrize("name", bundled_names())
def test_running_totals_match_a_resum_in_every_bundled_scenario(name: str) -> None:
    # A session-level study is checked through its sample users' line-level run.
    assert_totals_at_every_step(run_scenario(sample_scenario(load_scenario(name))))


def test_running_totals_match_in_every_compare_strategy() -> None:
    traces = run_strategies(load_scenario("pop3-vs-imap"))
    for key, trace in traces.items():
        assert assert_totals_at_every_step(trace) > 0, key


NODES = ("mx", "mx2")
BOXES = ("bob@example.jp", "carol@example.jp")
DEVICES = ("bob-pc", "bob-phone")
IDS = tuple(f"<m{i}@example.com>" for i in range(4))


def change_events() -> st.SearchStrategy[tuple[str, StateChange]]:
    """Random adds and removals on a few servers and devices: repeats, misses and all."""
    uid = st.integers(1, 4)
    size = st.integers(0, 5000)
    stored = st.builds(lambda box, u, m, n: Stored(mailbox=box, queue_id="q1", message_id=m,
                                                   uid=u, size=n, subject="s", sender="a@b"),
                       st.sampled_from(BOXES), uid, st.sampled_from(IDS), size)
    deleted = st.builds(lambda box, uids: Deleted(mailbox=box, uids=tuple(uids),
                                                  message_ids=(), protocol="POP3"),
                        st.sampled_from(BOXES), st.lists(uid, max_size=3))
    downloaded = st.builds(lambda m, n: Downloaded(mailbox=BOXES[0], uid="u", message_id=m,
                                                   size=n, subject="s"),
                           st.sampled_from(IDS), size)
    cached = st.builds(lambda m, n, u: Cached(mailbox=BOXES[0], uid=u, message_id=m, size=n,
                                              subject="s"),
                       st.sampled_from(IDS), size, uid)
    dropped = st.builds(lambda m: LocalDeleted(message_id=m), st.sampled_from(IDS))
    server = st.tuples(st.sampled_from(NODES), st.one_of(stored, deleted))
    device = st.tuples(st.sampled_from(DEVICES), st.one_of(downloaded, cached, dropped))
    return st.one_of(server, device)


def as_trace(changes: list[tuple[str, StateChange]]) -> Trace:
    golden = Trace.read_jsonl("tests/golden/article-route.jsonl")
    events = [StateEvent(seq, float(seq), node, change.action, change.to_data())
              for seq, (node, change) in enumerate(changes)]
    return Trace(golden.header, events)


@settings(max_examples=150, deadline=None)
@given(st.lists(change_events(), max_size=40))
def test_running_totals_survive_any_order_of_adds_and_removals(
        changes: list[tuple[str, StateChange]]) -> None:
    trace = as_trace(changes)
    assert_totals_at_every_step(trace)
    # Snapshots and their copies carry the totals too: any jump agrees with a re-sum.
    points = Checkpoints(trace, every=3)
    for count in (len(trace), len(trace) // 2, 0, len(trace) // 3):
        state = points.after(count)
        assert totals(state) == resummed(state)
        assert totals(state.copy()) == totals(state)


def test_a_second_download_replaces_the_first_copy_in_the_total() -> None:
    first = Downloaded(mailbox=BOXES[0], uid="u1", message_id=IDS[0], size=1000, subject="s")
    again = Downloaded(mailbox=BOXES[0], uid="u1", message_id=IDS[0], size=1200, subject="s")
    state = Checkpoints(as_trace([("bob-pc", first), ("bob-pc", again)])).after(2)
    assert state.device("bob-pc").local_bytes == 1200
