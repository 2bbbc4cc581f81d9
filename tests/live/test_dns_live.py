"""dnspython against the simulated DNS server over real UDP."""

from __future__ import annotations

import socket

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

from mailsim.live.server import LiveServer

from .conftest import HOST, TIMEOUT, snapshot


def ask(server: LiveServer, name: str, rdtype: str) -> dns.message.Message:
    query = dns.message.make_query(name, rdtype)
    return dns.query.udp(query, HOST, port=server.port(53), timeout=TIMEOUT)


def test_mx_query(server: LiveServer) -> None:
    answer = ask(server, "example.jp", "MX")
    assert answer.rcode() == dns.rcode.NOERROR and answer.flags & dns.flags.AA
    (mx,) = answer.answer
    assert mx.rdtype == dns.rdatatype.MX
    assert [(r.preference, r.exchange.to_text()) for r in mx] == [(10, "mx.example.jp.")]
    (glue,) = answer.additional  # RFC 1035 §3.3.9: the exchange's address comes along
    assert [r.address for r in glue] == ["203.0.113.25"]
    lines = [m for m in snapshot(server).messages() if m.protocol == "DNS"]
    assert [(m.src, m.dst, m.text.splitlines()[0], m.live) for m in lines] == [
        ("live-client", "dns.example.net", "QUERY example.jp. MX", True),
        ("dns.example.net", "live-client", "ANSWER example.jp. MX 10 mx.example.jp.", True),
    ]


def test_a_query_and_nxdomain(server: LiveServer) -> None:
    assert [r.address for r in ask(server, "mx.example.jp", "A").answer[0]] == ["203.0.113.25"]
    assert ask(server, "no-such-name.example", "A").rcode() == dns.rcode.NXDOMAIN


def test_garbage_gets_formerr(server: LiveServer) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(TIMEOUT)
        sock.sendto(b"\x12\x34garbage", (HOST, server.port(53)))
        reply, _ = sock.recvfrom(512)
    assert reply[:2] == b"\x12\x34" and reply[3] & 0x0F == dns.rcode.FORMERR
    assert ask(server, "example.jp", "MX").rcode() == dns.rcode.NOERROR
