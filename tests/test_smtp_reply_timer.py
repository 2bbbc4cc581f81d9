"""The SMTP client's reply timer (RFC 5321 §4.5.3.2): armed lazily, one timer at a time,
yet the session still gives up exactly REPLY_TIMEOUT after the last reply it heard."""

from __future__ import annotations

from typing import Any

import simpy

from mailsim.nodes.smtp_sessions import REPLY_TIMEOUT, SMTPClientSession
from mailsim.protocols.smtp import ClientConfig, Transaction
from mailsim.sim.connection import Endpoint
from mailsim.sim.network import Network
from mailsim.trace.recorder import TraceRecorder

SLOW = 400_000_000  # the server answers EHLO this late: inside the timeout, after the greeting


class SlowServer:
    """Greets, answers EHLO ``SLOW`` later, then never says anything again."""

    def on_open(self, endpoint: Endpoint) -> None:
        endpoint.send(b"220 b ESMTP\r\n")

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        if data.startswith(b"EHLO"):
            endpoint.network.after(SLOW, lambda: endpoint.send(b"250 b\r\n"))

    def on_close(self, endpoint: Endpoint) -> None:
        pass


def run_silent_server() -> tuple[Network, SMTPClientSession, list[tuple[int, str]]]:
    env = simpy.Environment()
    network = Network(env, TraceRecorder())
    network.add_host("a", "client", "192.0.2.1", processing=1_000)
    network.add_host("b", "server", "192.0.2.2", processing=1_000)
    network.add_link("a", "b", latency=10_000, bandwidth=8e6)
    network.listen("b", 25, "SMTP", SlowServer)
    failures: list[tuple[int, str]] = []
    session = SMTPClientSession(
        ClientConfig(helo_name="a"), [Transaction("t1", "x@a", ("y@b",), b"Hi\r\n")],
        on_result=lambda result: None,
        on_failure=lambda todo, reason, reply: failures.append((network.now, reason)),
    )
    arrivals: list[int] = []
    on_data = session.on_data

    def heard(endpoint: Endpoint, data: Any) -> None:
        arrivals.append(network.now)
        on_data(endpoint, data)

    session.on_data = heard  # type: ignore[method-assign]
    network.connect("a", "b", 25, session)
    env.run()
    assert len(arrivals) == 2, arrivals  # the greeting and the late 250
    return network, session, [(when - arrivals[-1], why) for when, why in failures]


def test_gives_up_one_timeout_after_the_last_reply() -> None:
    _, session, failures = run_silent_server()
    # The timer set when the connection opened fired first (before the 250 was
    # REPLY_TIMEOUT old) and waited on: the failure comes REPLY_TIMEOUT after the 250.
    assert failures == [(REPLY_TIMEOUT, "timed out waiting for a reply")]
    assert session.endpoint is not None and session.endpoint.closed
