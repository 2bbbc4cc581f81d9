"""A finished connection is freed by reference counting alone: no cycle is left for the
collector (Connection.let_go; the TLS flights are an object, not a closure calling itself)."""

from __future__ import annotations

import gc
from typing import Any

import pytest
import simpy

from mailsim.sim.connection import GONE, Endpoint
from mailsim.sim.network import Network
from mailsim.trace.recorder import TraceRecorder


class Session:
    """Holds its endpoint, as the nodes' sessions do; says what it heard."""

    def __init__(self, heard: list[str]) -> None:
        self.endpoint: Endpoint | None = None
        self.heard = heard

    def on_open(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        self.heard.append(f"{endpoint.host} got {data!r}")

    def on_close(self, endpoint: Endpoint) -> None:
        self.heard.append(f"{endpoint.host} closed")

    def on_tls(self) -> None:
        self.heard.append("tls")

    def on_refused(self, reason: str) -> None:
        raise AssertionError(reason)


def network() -> Network:
    net = Network(simpy.Environment(), TraceRecorder())
    net.add_host("a", "test", "192.0.2.1", processing=1_000)
    net.add_host("b", "test", "192.0.2.2", processing=1_000)
    net.add_link("a", "b", latency=10_000, bandwidth=8e6)
    return net


@pytest.mark.parametrize("tls", [False, True])
def test_a_closed_connection_is_freed_without_the_collector(tls: bool) -> None:
    net = network()
    heard: list[str] = []
    net.listen("b", 25, "SMTP", lambda: Session(heard))
    conn = net.connect("a", "b", 25, Session(heard))
    net.env.run()
    if tls:
        conn.upgrade_tls()
        net.env.run()
    conn.client.send(b"QUIT\r\n")
    net.env.run()
    gc.collect()
    gc.disable()
    try:
        conn.client.close()
        net.env.run()
        del conn
        assert gc.collect() == 0  # nothing was left for the collector: all freed already
    finally:
        gc.enable()
    assert heard == [*(["tls", "tls"] if tls else []), "b got b'QUIT\\r\\n'", "b closed"]


def test_a_unit_still_on_its_way_finds_its_peer_closed() -> None:
    net = network()
    heard: list[str] = []
    net.listen("b", 25, "SMTP", lambda: Session(heard))
    conn = net.connect("a", "b", 25, Session(heard))
    net.env.run()
    server = conn.server
    conn.client.close(delay=0)
    # Sent after the client's FIN: the server's data leaves, but nobody reads it any more.
    net.after(25_000, lambda: server.send(b"221 late\r\n", delay=200_000))
    net.env.run()
    assert conn.client is GONE and conn.server is GONE and GONE.closed
    assert server.peer is GONE and "a got b'221 late\\r\\n'" not in heard
    assert heard == ["b closed"]  # the peer hears the FIN; the closing end knows
