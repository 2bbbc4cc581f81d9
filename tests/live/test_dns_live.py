"""dnspython (and dig, kdig, drill if installed) against the simulated DNS server over
real UDP and TCP."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import pytest
import yaml

from mailsim.live.server import LiveServer
from mailsim.live.tls import RunCertificate

from .conftest import HOST, LIVE_ROUTE, TIMEOUT, serving, snapshot, wait_for


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


# --- round two: SOA, TCP, truncation, EDNS, ANY (issue 14 items 3 and 6) -----------------

MANY = 40  # MX records for example.jp: the answer is longer than 512 octets


@pytest.fixture
def many_mx_server(certificate: RunCertificate, tmp_path: Path) -> Iterator[LiveServer]:
    scenario = yaml.safe_load(LIVE_ROUTE.read_text(encoding="utf-8"))
    scenario["dns"]["example.jp"]["mx"] += [{"preference": 20 + n, "host": "mx.example.jp"}
                                            for n in range(MANY - 1)]
    path = tmp_path / "many-mx.yaml"
    path.write_text(yaml.safe_dump(scenario), encoding="utf-8")
    with serving(certificate, path) as running:
        yield running


def test_negative_answers_carry_the_soa(server: LiveServer) -> None:
    """RFC 2308 §3: NXDOMAIN and NODATA have the SOA in the authority section."""
    nx = ask(server, "nothing.example.jp", "A")
    assert nx.rcode() == dns.rcode.NXDOMAIN
    (soa,) = nx.authority
    assert soa.rdtype == dns.rdatatype.SOA and soa.name.to_text() == "example.jp."
    assert soa[0].mname.to_text() == "ns1.example.jp." and soa[0].minimum == 300
    nodata = ask(server, "mx.example.jp", "AAAA")
    assert nodata.rcode() == dns.rcode.NOERROR and not nodata.answer
    assert [r.rdtype for r in nodata.authority] == [dns.rdatatype.SOA]


def test_apex_has_soa_and_ns(server: LiveServer) -> None:
    (soa,) = ask(server, "example.jp", "SOA").answer
    assert soa[0].rname.to_text() == "hostmaster.example.jp." and soa[0].serial > 2026000000
    answer = ask(server, "example.jp", "NS")
    assert [r.target.to_text() for r in answer.answer[0]] == ["ns1.example.jp."]
    (glue,) = answer.additional  # the name server's address is the DNS host's
    assert [r.address for r in glue] == ["198.51.100.53"]


def test_edns_version_1_gets_badvers(server: LiveServer) -> None:
    """RFC 6891 §6.1.3: extended RCODE 16, and the OPT record says version 0."""
    query = dns.message.make_query("example.jp", "MX", use_edns=1)
    reply = dns.query.udp(query, HOST, port=server.port(53), timeout=TIMEOUT)
    assert reply.rcode() == dns.rcode.BADVERS and reply.edns == 0 and not reply.answer


def test_any_gets_one_rrset(server: LiveServer) -> None:
    """RFC 8482 §4.1."""
    reply = ask(server, "example.jp", "ANY")
    assert reply.rcode() == dns.rcode.NOERROR and len(reply.answer) == 1


def test_query_over_tcp(server: LiveServer) -> None:
    """RFC 7766: TCP on the same port; the question travels a simulated TCP connection."""
    query = dns.message.make_query("example.jp", "MX")
    reply = dns.query.tcp(query, HOST, port=server.port(53), timeout=TIMEOUT)
    assert [(r.preference, r.exchange.to_text()) for r in reply.answer[0]] == [(10, "mx.example.jp.")]
    lines = wait_for(server, lambda t: any(m.protocol == "DNS" and m.conn and m.src != "live-client"
                                           for m in t.messages())).messages()
    tcp = [m for m in lines if m.port == 53 and m.conn is not None]
    assert [m.text for m in tcp[:3]] == ["SYN", "SYN, ACK", "ACK"]
    (question,) = [m for m in tcp if m.protocol == "DNS" and m.src == "live-client"]
    assert question.text == "QUERY example.jp. MX" and question.live


def test_truncated_udp_answer_then_tcp(many_mx_server: LiveServer) -> None:
    """A long answer over plain UDP has TC=1; dnspython's fallback asks over TCP."""
    port = many_mx_server.port(53)
    query = dns.message.make_query("example.jp", "MX")
    cut = dns.query.udp(query, HOST, port=port, timeout=TIMEOUT, ignore_trailing=True)
    assert cut.flags & dns.flags.TC and not cut.answer
    reply, used_tcp = dns.query.udp_with_fallback(query, HOST, port=port, timeout=TIMEOUT)
    assert used_tcp and len(reply.answer[0]) == MANY and not reply.flags & dns.flags.TC
    assert len(reply.to_wire()) > 512
    # With EDNS a client takes a larger datagram (RFC 6891 §6.2.5): no truncation then.
    big = dns.message.make_query("example.jp", "MX", use_edns=0, payload=4096)
    whole = dns.query.udp(big, HOST, port=port, timeout=TIMEOUT)
    assert not whole.flags & dns.flags.TC and len(whole.answer[0]) == MANY


def test_many_questions_on_one_tcp_connection(server: LiveServer) -> None:
    """RFC 7766 §6.2.1.1: a client may send several queries before reading the answers."""
    queries = [dns.message.make_query(name, "A") for name in ("mx.example.jp", "dns.example.net")]
    with socket.create_connection((HOST, server.port(53)), timeout=TIMEOUT) as sock:
        sock.sendall(b"".join(len(w).to_bytes(2, "big") + w for w in (q.to_wire() for q in queries)))
        answers = [dns.query.receive_tcp(sock, expiration=time.time() + TIMEOUT)[0]
                   for _ in queries]
    assert sorted(a.id for a in answers) == sorted(q.id for q in queries)
    assert {a.answer[0][0].address for a in answers} == {"203.0.113.25", "198.51.100.53"}


@pytest.mark.parametrize(("program", "package", "flags"), [
    ("dig", "bind9-dnsutils", ["+tcp", "+short"]),
    ("kdig", "knot-dnsutils", ["+tcp", "+short"]),
    ("drill", "ldnsutils", ["-t"]),
])
def test_command_line_clients_over_tcp(server: LiveServer, program: str, package: str,
                                       flags: list[str]) -> None:
    path = shutil.which(program)
    if path is None:
        pytest.skip(f"{program} is not installed (Debian package {package})")
    port = ["-p", str(server.port(53))]
    command = ([path, "@" + HOST, *port, "example.jp", "MX", *flags] if program != "drill"
               else [path, *flags, *port, "example.jp", "MX", "@" + HOST])
    out = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=True)
    assert "mx.example.jp." in out.stdout


def test_dig_retries_a_truncated_answer_over_tcp(many_mx_server: LiveServer) -> None:
    """Without EDNS (512 octets) dig gets TC=1 and asks again over TCP by itself."""
    path = shutil.which("dig")
    if path is None:
        pytest.skip("dig is not installed (Debian package bind9-dnsutils)")
    out = subprocess.run([path, "@" + HOST, "-p", str(many_mx_server.port(53)), "+noedns",
                          "example.jp", "MX"], capture_output=True, text=True, timeout=TIMEOUT,
                         check=True).stdout
    assert "Truncated, retrying in TCP mode" in out
    assert out.count("IN\tMX\t") == MANY


def test_tcp_garbage_gets_formerr_and_a_silent_connection_is_closed(
        server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken message on TCP is answered FORMERR (length first); idle, the server closes."""
    monkeypatch.setattr("mailsim.live.dns_stream.IDLE_TIMEOUT", 0.3)
    with socket.create_connection((HOST, server.port(53)), timeout=TIMEOUT) as sock:
        sock.sendall(b"\x00\x09\x12\x34garbage")
        reply = sock.recv(512)
        assert reply[:2] == b"\x00\x0c" and reply[2:4] == b"\x12\x34"  # 12 octets: a header
        assert reply[5] & 0x0F == dns.rcode.FORMERR
        started = time.monotonic()
        assert sock.recv(16) == b""  # closed by the server, not by the test's timeout
        assert time.monotonic() - started < TIMEOUT / 2
