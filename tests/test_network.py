"""Transit times, TCP open/close, refusal, ordering and modelled TLS on the network."""

from __future__ import annotations

from typing import Any

import simpy

from mailsim.sim.connection import Endpoint
from mailsim.sim.network import Network
from mailsim.sim.tls import start_tls
from mailsim.trace import MessageEvent, TraceHeader
from mailsim.trace.recorder import TraceRecorder
from mailsim.trace.states import Offline

HEADER = TraceHeader("network-test", 0, "")


def make_network() -> Network:
    network = Network(simpy.Environment(), TraceRecorder())
    for name in ("a", "r", "b"):
        network.add_host(name, "test", f"192.0.2.{len(network.hosts) + 1}", processing=1_000)
    network.add_link("a", "r", latency=10_000, bandwidth=8e6)  # 1 byte per microsecond
    network.add_link("r", "b", latency=5_000, bandwidth=8e6)
    return network


class Recorder:
    """A stream handler that keeps what happened to it."""

    def __init__(self, reply: bytes | None = None) -> None:
        self.reply = reply
        self.events: list[tuple[int, str, Any]] = []
        self.endpoint: Endpoint | None = None

    def on_open(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.events.append((endpoint.network.now, "open", None))

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        self.events.append((endpoint.network.now, "data", data))
        if self.reply is not None:
            endpoint.send(self.reply)

    def on_close(self, endpoint: Endpoint) -> None:
        self.events.append((endpoint.network.now, "close", None))

    def on_refused(self, reason: str) -> None:
        self.events.append((0, "refused", reason))


def messages(network: Network) -> list[MessageEvent]:
    return network.recorder.freeze(HEADER).messages()


def test_transit_is_store_and_forward_over_the_lowest_latency_path() -> None:
    network = make_network()
    assert network.path("a", "b") == ["a", "r", "b"]
    # 100 bytes: 100 us on the wire per hop, plus each hop's latency.
    assert network.transit("a", "b", 100, start=0) == 100 + 10_000 + 100 + 5_000


def test_a_busy_link_serialises_units_in_sending_order() -> None:
    network = make_network()
    first = network.transit("a", "r", 1_000, start=0)
    second = network.transit("a", "r", 1_000, start=0)
    assert (first, second) == (11_000, 12_000)


def test_three_way_handshake_then_data_then_close() -> None:
    network = make_network()
    server, client = Recorder(reply=b"250 ok\r\n"), Recorder()
    network.listen("b", 25, "SMTP", lambda: server)
    network.connect("a", "b", 25, client)
    network.env.run()
    assert client.endpoint is not None
    client.endpoint.send(b"NOOP\r\n")
    network.env.run()
    client.endpoint.close()
    network.env.run()
    texts = [(m.src, m.protocol, m.text) for m in messages(network)]
    assert texts == [
        ("a", "TCP", "SYN"), ("b", "TCP", "SYN, ACK"), ("a", "TCP", "ACK"),
        ("a", "SMTP", "NOOP"), ("b", "SMTP", "250 ok"),
        ("a", "TCP", "FIN, ACK"), ("b", "TCP", "FIN, ACK"), ("a", "TCP", "ACK"),
    ]
    assert [kind for _, kind, _ in server.events] == ["open", "data", "close"]
    assert server.events[1][2] == b"NOOP\r\n"
    assert all(m.port == 25 and m.conn == "c1" for m in messages(network))


def test_connection_to_a_closed_port_is_refused() -> None:
    network = make_network()
    client = Recorder()
    network.connect("a", "b", 110, client)
    network.env.run()
    assert client.events == [(0, "refused", "connection refused")]
    assert [m.text for m in messages(network)] == ["SYN", "RST, ACK (connection refused)"]


def test_units_from_one_end_never_overtake_each_other() -> None:
    network = make_network()
    server, client = Recorder(), Recorder()
    network.listen("b", 25, "SMTP", lambda: server)
    network.connect("a", "b", 25, client)
    network.env.run()
    assert client.endpoint is not None
    client.endpoint.send(b"x" * 5_000 + b"\r\n", delay=0)
    client.endpoint.send(b"y\r\n", delay=0)
    network.env.run()
    data = [payload for _, kind, payload in server.events if kind == "data"]
    assert data == [b"x" * 5_000 + b"\r\n", b"y\r\n"]
    arrivals = [m.t_arrived for m in messages(network) if m.protocol == "SMTP"]
    assert arrivals == sorted(arrivals)


def test_tls_handshake_marks_later_units_encrypted() -> None:
    network = make_network()
    server, client = Recorder(), Recorder()
    network.listen("b", 587, "SMTP", lambda: server)
    conn = network.connect("a", "b", 587, client)
    network.env.run()
    ready: list[str] = []
    start_tls(conn, lambda: ready.append("client"), lambda: ready.append("server"))
    network.env.run()
    assert ready == ["client", "server"]
    assert client.endpoint is not None
    client.endpoint.send(b"EHLO a\r\n")
    network.env.run()
    tls = [m for m in messages(network) if m.protocol == "TLS"]
    assert [m.src for m in tls] == ["a", "b", "a"]
    assert not any(m.encrypted for m in tls)
    last = messages(network)[-1]
    assert last.text == "EHLO a" and last.encrypted


class TLSRecorder(Recorder):
    """A handler that also hears when TLS is up on its end."""

    def on_tls(self) -> None:
        assert self.endpoint is not None
        self.events.append((self.endpoint.network.now, "tls", None))


def tls_times(handler: Recorder) -> list[int]:
    return [t for t, kind, _ in handler.events if kind == "tls"]


def test_upgrade_tls_tells_each_end_when_it_may_go_on() -> None:
    network = make_network()
    server, client = TLSRecorder(), TLSRecorder()
    network.listen("b", 587, "SMTP", lambda: server)
    conn = network.connect("a", "b", 587, client)
    network.env.run()
    conn.upgrade_tls()
    network.env.run()
    finished = [m for m in messages(network) if m.protocol == "TLS"][-1]
    assert finished.src == "a"
    # The client may send right after its Finished flight; the server hears it on arrival.
    assert tls_times(client) == [round(finished.t_sent * 1_000_000)]
    assert finished.t_arrived is not None
    assert tls_times(server) == [round(finished.t_arrived * 1_000_000)]
    assert conn.encrypted


def test_upgrade_tls_skips_an_end_that_does_not_listen_for_it() -> None:
    network = make_network()
    server, client = Recorder(), TLSRecorder()
    network.listen("b", 587, "SMTP", lambda: server)
    conn = network.connect("a", "b", 587, client)
    network.env.run()
    conn.upgrade_tls()
    network.env.run()
    assert len(tls_times(client)) == 1 and conn.encrypted


def test_state_events_are_stamped_with_simulated_seconds() -> None:
    network = make_network()
    network.after(2_500_000, lambda: network.record_state("b", Offline()))
    network.env.run()
    (event,) = network.recorder.freeze(HEADER).states()
    assert event.t == 2.5 and event.node == "b" and event.action == "offline" and event.data == {}
