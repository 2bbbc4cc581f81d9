"""The transport's fast paths do what the plain ones did: calendar entries, cached routes, records."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import simpy
from hypothesis import given
from hypothesis import strategies as st

from mailsim.sim.network import Network
from mailsim.trace import MessageEvent, StateEvent, TraceHeader
from mailsim.trace.recorder import TraceRecorder
from mailsim.trace.records import make_message, make_state
from mailsim.trace.states import Offline

HEADER = TraceHeader("fast-test", 0, "")
texts = st.text(max_size=20)
maybe_time = st.none() | st.floats(0, 1e6)


@given(st.integers(0, 2**40), st.floats(0, 1e6), maybe_time, texts, texts, texts,
       st.integers(0, 65535), st.none() | texts, texts, st.integers(0, 2**31), st.booleans())
def test_make_message_is_the_dataclass_record(seq: int, t_sent: float, t_arrived: float | None,
                                              src: str, dst: str, protocol: str, port: int,
                                              conn: str | None, text: str, size: int,
                                              encrypted: bool) -> None:
    values = (seq, t_sent, t_arrived, src, dst, protocol, port, conn, text, size, encrypted)
    fast, plain = make_message(*values), MessageEvent(*values)
    assert fast == plain and type(fast) is MessageEvent
    assert dataclasses.astuple(fast) == dataclasses.astuple(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "changed"  # type: ignore[misc]


@given(st.integers(0, 2**40), st.floats(0, 1e6), texts, texts,
       st.dictionaries(texts, st.integers() | texts, max_size=3))
def test_make_state_is_the_dataclass_record(seq: int, t: float, node: str, action: str,
                                            data: dict[str, Any]) -> None:
    fast = make_state(seq, t, node, action, data)
    assert fast == StateEvent(seq, t, node, action, data) and fast.kind == "state"


class Marking(TraceRecorder):
    """Refines the keyword methods only, as serve's LiveRecorder does."""

    def message(self, **fields: Any) -> MessageEvent:
        return super().message(**{**fields, "live": fields["src"] == "a"})

    def state(self, t: float, node: str, action: str, **data: Any) -> StateEvent:
        return super().state(t, node, action, **{**data, "seen": True})


def two_hosts(recorder: TraceRecorder) -> Network:
    network = Network(simpy.Environment(), recorder)
    network.add_host("a", "test", "192.0.2.1", processing=1_000)
    network.add_host("b", "test", "192.0.2.2", processing=1_000)
    network.add_link("a", "b", latency=10_000, bandwidth=8e6)
    return network


def test_a_recorder_refining_message_and_state_sees_the_fast_paths() -> None:
    recorder = Marking()
    network = two_hosts(recorder)
    network.emit("a", "b", "SMTP", 25, "NOOP", 6, lambda: None)
    network.emit("b", "a", "SMTP", 25, "250 ok", 8, lambda: None)
    network.record_state("b", Offline())
    trace = recorder.freeze(HEADER)
    assert [m.live for m in trace.messages()] == [True, False]
    assert trace.states()[0].data == {"seen": True}


def test_a_recorder_swapped_in_later_gets_the_records() -> None:
    first, second = TraceRecorder(), TraceRecorder()
    network = two_hosts(first)
    network.recorder = second
    network.emit("a", "b", "SMTP", 25, "NOOP", 6, lambda: None)
    network.record_state("a", Offline())
    assert len(first) == 0 and len(second) == 2
    assert [e.seq for e in second.freeze(HEADER)] == [0, 1]


def test_a_new_link_gives_a_new_route() -> None:
    network = two_hosts(TraceRecorder())
    network.add_host("r", "test", "192.0.2.3", processing=0)
    assert network.emit("a", "b", "SMTP", 25, "x", 0, lambda: None) == 10_000
    network.add_link("a", "r", latency=1_000, bandwidth=8e6)
    network.add_link("r", "b", latency=1_000, bandwidth=8e6)
    assert network.path("a", "b") == ["a", "r", "b"]
    assert network.emit("a", "b", "SMTP", 25, "x", 0, lambda: None) == 2_000


def test_each_direction_of_a_link_is_busy_on_its_own() -> None:
    network = two_hosts(TraceRecorder())
    # 1,000 octets take 1,000 us on the wire each way; the way back does not wait.
    there = network.emit("a", "b", "SMTP", 25, "x", 1_000, lambda: None)
    back = network.emit("b", "a", "SMTP", 25, "x", 1_000, lambda: None)
    again = network.emit("a", "b", "SMTP", 25, "x", 1_000, lambda: None)
    assert (there, back, again) == (11_000, 11_000, 12_000)


def test_calls_and_simpy_events_keep_one_order_at_one_time() -> None:
    network = two_hosts(TraceRecorder())
    env, seen = network.env, []
    network.after(5, lambda: seen.append("call 1"))
    env.timeout(5).callbacks.append(lambda _event: seen.append("timeout"))
    network.after(5, lambda: seen.append("call 2"))
    network.after(1, lambda: network.after(4, lambda: seen.append("call 3, scheduled later")))
    env.run()
    assert seen == ["call 1", "timeout", "call 2", "call 3, scheduled later"]
    assert env.now == 5


def test_a_negative_delay_is_refused() -> None:
    network = two_hosts(TraceRecorder())
    with pytest.raises(ValueError, match="Negative delay"):
        network.after(-1, lambda: None)


def test_a_unit_arriving_at_a_closed_end_is_not_handed_over() -> None:
    network = two_hosts(TraceRecorder())
    got: list[Any] = []

    class Server:
        def on_open(self, endpoint: Any) -> None:
            pass

        def on_data(self, endpoint: Any, data: Any) -> None:
            got.append(data)

        def on_close(self, endpoint: Any) -> None:
            pass

    class Client(Server):
        def on_refused(self, reason: str) -> None:
            raise AssertionError(reason)

    network.listen("b", 25, "SMTP", Server)
    conn = network.connect("a", "b", 25, Client())
    network.env.run()
    conn.client.send(b"first\r\n")
    network.env.run()
    conn.client.send(b"second\r\n")
    conn.server.closed = True  # closed while the unit is on its way
    network.env.run()
    assert got == [b"first\r\n"]
    assert [m.text for m in network.recorder.freeze(HEADER).messages()][-2:] == ["first",
                                                                                  "second"]


class CountingEnvironment(simpy.Environment):
    """An environment that refines schedule(): the network must go through it."""

    def __init__(self) -> None:
        super().__init__()
        self.scheduled = 0

    def schedule(self, event: Any, priority: Any = 1, delay: Any = 0) -> None:
        self.scheduled += 1
        super().schedule(event, priority, delay)


def test_an_environment_with_its_own_schedule_is_asked() -> None:
    network = Network(CountingEnvironment(), TraceRecorder())
    network.add_host("a", "test", "192.0.2.1", processing=0)
    network.add_host("b", "test", "192.0.2.2", processing=0)
    network.add_link("a", "b", latency=10, bandwidth=8e6)
    seen: list[int] = []
    network.after(5, lambda: seen.append(network.now))
    network.emit("a", "b", "SMTP", 25, "x", 0, lambda: seen.append(network.now))
    network.env.run()
    assert seen == [5, 10]
    assert isinstance(network.env, CountingEnvironment) and network.env.scheduled == 2


def test_a_closed_connection_lets_go_of_its_handlers() -> None:
    import gc
    import weakref

    network = two_hosts(TraceRecorder())
    servers: list[weakref.ref[Any]] = []
    closed: list[str] = []

    class Session:
        """Holds its endpoint, as the nodes' sessions do (a cycle while the connection lives)."""

        def __init__(self) -> None:
            self.endpoint: Any = None

        def on_open(self, endpoint: Any) -> None:
            self.endpoint = endpoint

        def on_data(self, endpoint: Any, data: Any) -> None:
            pass

        def on_close(self, endpoint: Any) -> None:
            closed.append(endpoint.host)

        def on_refused(self, reason: str) -> None:
            raise AssertionError(reason)

    def factory() -> Session:
        session = Session()
        servers.append(weakref.ref(session))
        return session

    network.listen("b", 25, "SMTP", factory)
    conn = network.connect("a", "b", 25, Session())
    network.env.run()
    assert conn.client.handler is not None and servers[0]() is not None
    conn.client.close()
    gc.disable()  # freed by reference counting alone, not by the cycle collector
    try:
        network.env.run()
        assert closed == ["b"]
        assert conn.client.handler is None and conn.server.handler is None
        assert servers[0]() is None
    finally:
        gc.enable()
