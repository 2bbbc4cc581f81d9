"""Typed state events: the conversions keep the trace's data exact, and bad data fails loudly."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from pathlib import Path
from typing import Any

import pytest
import simpy
from hypothesis import given
from hypothesis import strategies as st

from mailsim.sim.network import Network
from mailsim.trace import StateEvent, Trace
from mailsim.trace.codec import dumps, event_from_dict, event_to_dict
from mailsim.trace.recorder import TraceRecorder
from mailsim.trace.states import (
    STATES,
    DNSCacheStore,
    Queued,
    Record,
    RRsetEntry,
    StateChange,
    StateDataError,
    Submitted,
    from_data,
    from_event,
    known_change,
)
from mailsim.trace.visible import visible

GOLDEN = Path(__file__).parents[1] / "golden" / "article-route.jsonl"
QUEUED = {"queue_id": "Q1", "message_id": "<m@x>", "sender": "a@x", "recipients": ["b@y"],
          "size": 120, "subject": "Hi", "from_host": "pc"}


def golden_lines() -> list[str]:
    return GOLDEN.read_text(encoding="utf-8").splitlines()[1:]  # after the header


def test_every_state_of_the_golden_trace_converts_to_typed_and_back_exactly() -> None:
    trace = Trace.read_jsonl(GOLDEN)
    lines = golden_lines()
    checked = set()
    for event in trace.states():
        change = from_event(event)
        assert type(change) is STATES[event.action]
        again = StateEvent(event.seq, event.t, event.node, change.action, change.to_data())
        assert again.data == event.data
        assert dumps(event_to_dict(again)) == lines[event.seq]  # the same bytes in the file
        checked.add(event.action)
    assert {"queued", "stored", "dns_cache_store", "submitted", "relayed"} <= checked


def test_an_optional_field_is_left_out_when_not_given() -> None:
    plain = Queued.from_data(QUEUED)
    assert plain.notice_of is None and "notice_of" not in plain.to_data()
    bounce = Queued.from_data({**QUEUED, "notice_of": "<orig@x>"})
    assert bounce.to_data()["notice_of"] == "<orig@x>"
    assert "refused" not in Submitted(message_id="<m>", accepted=(), reply="451").to_data()


def test_values_are_never_coerced() -> None:
    """A TTL from a zone is an int, the negative TTL a float: JSON must keep writing 3600 and 300.0."""
    data = {"name": "example.jp", "qtype": "MX", "rcode": "NOERROR", "rrsets": [
        {"name": "example.jp", "type": "MX", "ttl": 3600, "records": ["10 mx"], "rcode": "NOERROR"},
        {"name": "x.jp", "type": "A", "ttl": 300.0, "records": [], "rcode": "NXDOMAIN"}]}
    change = DNSCacheStore.from_data(data)
    assert change.rrsets[0] == RRsetEntry(name="example.jp", type="MX", ttl=3600,
                                          records=("10 mx",), rcode="NOERROR")
    assert dumps(change.to_data()) == dumps(data)
    assert '"ttl":3600,' in dumps(change.to_data()) and '"ttl":300.0,' in dumps(change.to_data())


@pytest.mark.parametrize(
    ("action", "data", "words"),
    [
        ("teleported", {}, "unknown state action 'teleported'"),
        ("queued", {k: v for k, v in QUEUED.items() if k != "sender"}, "misses the field sender"),
        ("queued", {**QUEUED, "colour": "red"}, "has no field colour"),
        ("queued", {**QUEUED, "size": "120"}, "Queued.size must be int"),
        ("queued", {**QUEUED, "size": True}, "Queued.size must be int"),
        ("queued", {**QUEUED, "recipients": "b@y"}, "Queued.recipients must be a list"),
        ("queued", {**QUEUED, "recipients": [1]}, r"Queued.recipients\[\] must be str"),
        ("dns_cache_store", {"name": "a", "qtype": "A", "rcode": "NOERROR", "rrsets": [{"name": "a"}]},
         "RRsetEntry misses the field type"),
    ],
)
def test_data_that_does_not_fit_is_refused(action: str, data: dict[str, Any], words: str) -> None:
    with pytest.raises(StateDataError, match=words):
        from_data(action, data)


def test_an_unknown_action_in_a_trace_is_no_typed_change() -> None:
    """Hand-made notes (a test diagram's "note") are not mailsim's vocabulary: None, not an error."""
    assert known_change(StateEvent(0, 0.0, "mx", "note", {"text": "hi"})) is None
    with pytest.raises(StateDataError):
        known_change(StateEvent(0, 0.0, "mx", "queued", {"queue_id": "Q1"}))


def network() -> Network:
    net = Network(simpy.Environment(), TraceRecorder())
    net.add_host("mx", "mail_server", "192.0.2.1", processing=1_000)
    return net


def test_the_network_records_a_typed_change_as_its_action_and_data() -> None:
    net = network()
    net.record_state("mx", Queued.from_data(QUEUED))
    (event,) = net.recorder.freeze(Trace.read_jsonl(GOLDEN).header).states()
    assert event.node == "mx" and event.action == "queued" and event.data == QUEUED
    assert list(event.data) == list(QUEUED)  # the order the nodes wrote, too


def test_the_network_has_no_state_by_action_name() -> None:
    """Nodes report typed changes only; the data is checked when a trace is read back."""
    assert not hasattr(network(), "state")


# --- property: any value of any class survives the JSONL codec unchanged ------------


def _strategy(hint: Any) -> st.SearchStrategy[Any]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_strategy(a) for a in args))
    if origin is tuple:
        return st.lists(_strategy(args[0]), max_size=3).map(tuple)
    if hint is type(None):
        return st.none()
    if isinstance(hint, type) and issubclass(hint, Record):
        return _record(hint)
    # A record's strings hold no control characters: the simulation never writes one (a
    # scenario with one is refused), serve writes them as escapes and so does the reader.
    return {str: st.text(max_size=12).map(visible), int: st.integers(), bool: st.booleans(),
            float: st.floats(allow_nan=False, allow_infinity=False) | st.integers()}[hint]


def _record(cls: type[Record]) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    return st.builds(cls, **{f.name: _strategy(hints[f.name]) for f in dataclasses.fields(cls)})


ANY_CHANGE = st.sampled_from(sorted(STATES.values(), key=lambda c: c.action)).flatmap(_record)


@given(ANY_CHANGE)
def test_any_typed_change_round_trips_through_the_jsonl_codec(change: StateChange) -> None:
    line = dumps(event_to_dict(StateEvent(0, 1.0, "node", change.action, change.to_data())))
    event = event_from_dict(json.loads(line))
    assert isinstance(event, StateEvent)
    again = from_event(event)
    assert again == change
    assert dumps(again.to_data()) == dumps(change.to_data())  # ints stay ints, floats floats
