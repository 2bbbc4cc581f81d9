"""One mail from smtplib through the simulated route to imaplib and poplib, and the trace."""

from __future__ import annotations

import imaplib
import poplib
import smtplib
import ssl
from pathlib import Path

from mailsim.live.tls import RunCertificate
from mailsim.trace import MessageEvent, Trace

from .conftest import HOST, TIMEOUT, serving, stored, wait_for

MAIL = (b"Subject: Through the route\r\nFrom: alice@example.com\r\nTo: bob@example.jp\r\n\r\n"
        b"Hello Bob, from a real mail program.\r\n")


def hops(trace: Trace) -> list[tuple[str, int, bool]]:
    """(protocol, port, live) per connection or datagram flow, in order of first use."""
    seen: dict[tuple[str, int, bool, str | None], None] = {}
    for m in trace.messages():
        if m.protocol in ("SMTP", "LDAP", "DNS", "POP3", "IMAP"):
            seen.setdefault((m.protocol, m.port, m.live, m.conn or "udp"), None)
    return [(protocol, port, live) for protocol, port, live, _ in seen]


def test_smtplib_to_imaplib_and_poplib(certificate: RunCertificate, client_tls: ssl.SSLContext,
                                       tmp_path: Path) -> None:
    path = tmp_path / "live.jsonl"
    with serving(certificate, trace_path=path) as server:
        with smtplib.SMTP(HOST, server.port(587), timeout=TIMEOUT) as smtp:
            smtp.starttls(context=client_tls)
            smtp.login("alice@example.com", "alice-secret")
            smtp.sendmail("alice@example.com", ["bob@example.jp"], MAIL)
        wait_for(server, lambda trace: bool(stored(trace)))
        imap = imaplib.IMAP4(HOST, server.port(143), timeout=TIMEOUT)
        imap.login("bob@example.jp", "bob-secret")
        imap.select()
        fetched = imap.fetch("1", "(RFC822)")[1][0]
        assert isinstance(fetched, tuple) and b"from a real mail program" in fetched[1]
        imap.logout()
        pop = poplib.POP3(HOST, server.port(110), timeout=TIMEOUT)
        pop.user("bob@example.jp")
        pop.pass_("bob-secret")
        message = b"\r\n".join(pop.retr(1)[1])
        pop.quit()
        assert message.count(b"Received:") == 3  # submission, relay, MX (RFC 5321 §4.4)
        assert b"by mail.example.com" in message and b"live-client [127.0.0.1]" in message
    trace = Trace.read_jsonl(path)
    assert trace == server.trace  # streamed line by line, read back whole
    assert ("live-client", "client") in trace.header.hosts
    route = hops(trace)
    expected = [("SMTP", 587, True), ("LDAP", 389, False), ("SMTP", 25, False), ("DNS", 53, False),
                ("SMTP", 25, False), ("IMAP", 143, True), ("POP3", 110, True)]
    remaining = iter(route)
    assert all(hop in remaining for hop in expected), route  # in this order, others between
    messages = [e for e in trace if isinstance(e, MessageEvent)]
    assert all(m.live == ("live-client" in m.nodes) for m in messages)


def test_the_default_scenario_runs_its_steps_while_serving(certificate: RunCertificate,
                                                           client_tls: ssl.SSLContext) -> None:
    with serving(certificate, "article-route") as server:
        # Alice's simulated mail arrives, and Bob's simulated device downloads it at 2 s.
        wait_for(server, lambda trace: bool(trace.states("downloaded")))
        imap = imaplib.IMAP4_SSL(HOST, server.port(993), ssl_context=client_tls, timeout=TIMEOUT)
        assert imap.login("bob@example.jp", "bob-secret")[0] == "OK"
        imap.logout()
    assert server.trace is not None and server.trace.states("read")
