"""A tap on the link between serve's live client and a server reads what the real program sent."""

from __future__ import annotations

import smtplib

from mailsim.live.bridge import LIVE_HOST
from mailsim.live.tls import RunCertificate
from mailsim.views.tap import links, resolve_link, tap

from .conftest import HOST, TIMEOUT, serving


def test_a_tap_on_the_live_link_reads_the_session(certificate: RunCertificate) -> None:
    with serving(certificate) as server, \
            smtplib.SMTP(HOST, server.port(25), timeout=TIMEOUT) as client:
        client.sendmail("alice@example.com", ["bob@example.jp"], "Subject: hi\r\n\r\nbody\r\n")
    trace = server.trace  # what serve keeps and writes with --trace: its header is the file's
    assert trace is not None
    first = next(m for m in trace.messages() if m.live)
    server_host = first.dst if first.src == LIVE_HOST else first.src
    assert (LIVE_HOST, server_host) in links(trace)
    assert all(LIVE_HOST not in (a, b) for a, b, _, _ in trace.header.links)  # not the scenario's
    a, b = resolve_link(trace, f"{LIVE_HOST},{server_host}")
    read = [seen.event.text for seen in tap(trace, a, b)]
    assert any(text.upper().startswith("MAIL FROM:<ALICE@EXAMPLE.COM>") for text in read)
    assert all(seen.event.live for seen in tap(trace, a, b))  # only the real program's units
