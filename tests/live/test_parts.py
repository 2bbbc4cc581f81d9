"""The live package's parts on their own: ports, the bridge's host, TLS, DNS wire form."""

from __future__ import annotations

import ssl

import dns.message
import dns.rcode
import simpy

from mailsim.live.bridge import LIVE_HOST, LiveRecorder, SimClock, add_live_host
from mailsim.live.dns_wire import format_error, wire_answer
from mailsim.live.listeners import ensure_listener
from mailsim.live.ports import DEFAULT_PORTS, resolve_services
from mailsim.live.tls import RunCertificate, TLSPipe
from mailsim.protocols.dns import Query, Record, Response
from mailsim.scenario import load_scenario
from mailsim.scenario.build import build_world
from mailsim.trace import MessageEvent, TraceEvent

from .conftest import LIVE_ROUTE


def test_services_of_the_default_scenario() -> None:
    services = {s.real_port: s for s in resolve_services(load_scenario("article-route"),
                                                         DEFAULT_PORTS)}
    assert set(services) == set(DEFAULT_PORTS)
    assert services[587].host == services[465].host == "mail.example.com"
    assert {services[p].host for p in (25, 110, 143, 993, 995)} == {"mx.example.jp"}
    assert services[53].host == "dns.example.net" and services[53].transport == "udp"
    assert services[993].implicit_tls and not services[143].starttls
    assert services[587].starttls


def test_implicit_ports_are_added_when_the_scenario_lacks_them() -> None:
    scenario = load_scenario("article-route")
    world = build_world(scenario)
    services = {s.real_port: s for s in resolve_services(scenario, DEFAULT_PORTS)}
    assert (993, "IMAP") not in world.network.ports("mx.example.jp")
    for port in (465, 993, 995, 110):
        assert ensure_listener(world.network, world.nodes, services[port])
    assert (993, "IMAP") in world.network.ports("mx.example.jp")
    assert (465, "SMTP") in world.network.ports("mail.example.com")


def test_the_live_host_is_never_a_shortcut() -> None:
    world = build_world(load_scenario(LIVE_ROUTE))
    before = world.network.path("relay.example.net", "mx.example.jp")
    add_live_host(world.network, {"mail.example.com", "mx.example.jp", "dns.example.net"},
                  "127.0.0.1")
    assert world.network.path("relay.example.net", "mx.example.jp") == before
    assert world.network.path(LIVE_HOST, "mx.example.jp") == [LIVE_HOST, "mx.example.jp"]
    assert world.network.transit(LIVE_HOST, "mx.example.jp", 100, 0) == 0


def test_the_recorder_marks_units_of_live_hosts() -> None:
    events: list[TraceEvent] = []
    recorder = LiveRecorder({LIVE_HOST}, events.append)
    common = {"t_sent": 0.0, "t_arrived": 0.0, "protocol": "SMTP", "port": 25, "conn": "c1",
              "text": "NOOP", "size": 6}
    recorder.message(src=LIVE_HOST, dst="mx", **common)
    recorder.message(src="relay", dst="mx", **common)
    assert [isinstance(e, MessageEvent) and e.live for e in events] == [True, False]


def test_the_clock_follows_the_speed() -> None:
    env = simpy.Environment()
    clock = SimClock(env, speed=1000.0)
    assert 0 <= clock.target() < 1_000_000  # well under a simulated second so far
    assert clock.wall_delay(2_000_000) <= 0.002


def test_tls_pipe_against_a_real_client(certificate: RunCertificate) -> None:
    pipe = TLSPipe(certificate.server_context())
    c_in, c_out = ssl.MemoryBIO(), ssl.MemoryBIO()
    client = certificate.client_context().wrap_bio(c_in, c_out, server_hostname="localhost")
    for _ in range(10):
        try:
            client.do_handshake()
            break
        except ssl.SSLWantReadError:
            assert pipe.receive(c_out.read()) == b""
            c_in.write(pipe.outgoing())
    client.write(b"a1 NOOP\r\n")
    assert pipe.receive(c_out.read()) == b"a1 NOOP\r\n"
    pipe.send(b"a1 OK\r\n")
    c_in.write(pipe.outgoing())
    assert client.read() == b"a1 OK\r\n"
    assert pipe.established and pipe.version in ("TLSv1.2", "TLSv1.3")


def test_simulated_answers_in_wire_form() -> None:
    request = dns.message.make_query("example.jp", "MX")
    response = Response(7, "example.jp.", "MX", "NOERROR",
                        (Record("example.jp.", "MX", 300, "mx2.example.jp.", 20),
                         Record("example.jp.", "MX", 300, "mx1.example.jp.", 10)),
                        (Record("mx1.example.jp.", "A", 300, "203.0.113.25"),))
    answer = dns.message.from_wire(wire_answer(request, response))
    assert answer.id == request.id and len(answer.answer[0]) == 2
    assert answer.additional[0][0].address == "203.0.113.25"
    nx = Response(8, "nope.", "A", "NXDOMAIN", ())
    assert dns.message.from_wire(wire_answer(request, nx)).rcode() == dns.rcode.NXDOMAIN
    assert format_error(b"\x00\x07junk") == b"\x00\x07\x80\x01" + bytes(8)
    assert format_error(b"x") is None
    assert Query(1, "example.jp", "MX").to_text() == "QUERY example.jp. MX"
