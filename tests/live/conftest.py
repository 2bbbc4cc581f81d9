"""Live tests: a server in a background thread, real clients over loopback.

Every listener is bound to port 0 (any free port), every socket has a timeout,
and simulated time runs 50x faster than the wall clock, so each test ends by
itself within seconds.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mailsim.live.limits import Limits
from mailsim.live.ports import DEFAULT_PORTS
from mailsim.live.server import LiveServer, ServeOptions
from mailsim.live.tls import RunCertificate, make_certificate
from mailsim.scenario import load_scenario
from mailsim.trace import StateEvent, Trace

HERE = Path(__file__).parent
LIVE_ROUTE = HERE / "live-route.yaml"
SPEED = 50.0
TIMEOUT = 5.0
HOST = "127.0.0.1"
# Failed logins wait this long in tests (2 s in a real run): the delay's own tests set theirs.
QUICK = 0.05

@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> RunCertificate:
    return make_certificate(HOST, tmp_path_factory.mktemp("cert"))


@pytest.fixture
def client_tls(certificate: RunCertificate) -> ssl.SSLContext:
    return certificate.client_context()


@contextmanager
def serving(certificate: RunCertificate, scenario: str | Path = LIVE_ROUTE,
            trace_path: Path | None = None, limits: Limits | None = None,
            speed: float = SPEED) -> Iterator[LiveServer]:
    options = ServeOptions(host=HOST, ports={port: 0 for port in DEFAULT_PORTS}, speed=speed,
                           trace_path=trace_path, limits=limits or Limits(login_failure_delay=QUICK))
    server = LiveServer(load_scenario(scenario), options, certificate)
    with server.running(timeout=TIMEOUT):
        yield server


@pytest.fixture
def server(certificate: RunCertificate) -> Iterator[LiveServer]:
    with serving(certificate) as running:
        yield running


def snapshot(server: LiveServer) -> Trace:
    """The trace so far (read from the test's thread; appends are atomic in CPython)."""
    assert server.world is not None
    return server.world.recorder.freeze(server.world.header())


def wait_for(server: LiveServer, predicate: Callable[[Trace], bool], timeout: float = TIMEOUT) -> Trace:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        trace = snapshot(server)
        if predicate(trace):
            return trace
        time.sleep(0.02)
    raise AssertionError("the simulation did not get there in time")


def stored(trace: Trace) -> list[StateEvent]:
    return trace.states("stored")


def deliver(server: LiveServer, count: int = 1, recipient: str = "bob@example.jp") -> None:
    """Put ``count`` mails into the recipient's mailbox through port 25 (the MX)."""
    before = len(stored(snapshot(server)))
    with smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT) as smtp:
        for n in range(1, count + 1):
            body = f"Subject: Test {n}\r\nFrom: carol@example.org\r\n\r\nMail number {n}.\r\n"
            smtp.sendmail("carol@example.org", [recipient], body.encode())
    wait_for(server, lambda trace: len(stored(trace)) >= before + count)
