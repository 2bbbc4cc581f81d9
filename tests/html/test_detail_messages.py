"""The page's 'messages' section, in Python: every DATA content of a run is read with its
header fields, Received: chain and envelope; nothing else gets an entry."""

from __future__ import annotations

import dataclasses

import pytest

from mailsim.trace import MessageEvent, Trace
from mailsim.views.html.sections.messages import build, parse, received
from tests.html.conftest import _trace_of


def contents(trace: Trace) -> dict[int, MessageEvent]:
    """The units right after a 354 on the same connection, from the client told it."""
    told: dict[str, str] = {}
    out: dict[int, MessageEvent] = {}
    for i, e in enumerate(trace):
        if not isinstance(e, MessageEvent) or e.protocol != "SMTP":
            continue
        if e.conn in told and e.src == told[e.conn]:
            out[i] = e
            del told[e.conn]
        elif e.text.startswith("354") and e.conn is not None:
            told[e.conn] = e.dst
    return out


@pytest.mark.parametrize("name", ["article-route", "dns-cache", "mailbox-full", "two-domains",
                                  "unknown-recipient"])
def test_every_data_content_and_only_those(name: str) -> None:
    trace = _trace_of(name)[0]
    built = build(trace)
    expected = contents(trace)
    assert sorted(int(k) for k in built) == sorted(expected)
    for key, entry in built.items():
        text = expected[int(key)].text
        lines = text.split("\n")
        head = lines[:lines.index("")]
        assert len(entry["received"]) == sum(1 for line in head if line.startswith("Received:"))
        assert [h[0] for h in entry["headers"]] == [line.split(":")[0] for line in head
                                                   if not line[0].isspace()]
        # the envelope is that connection's last MAIL FROM and the RCPT TOs after it
        conn = expected[int(key)].conn
        lines = [e.text for e in list(trace)[:int(key)]
                 if isinstance(e, MessageEvent) and e.conn == conn]
        mail_at = max(i for i, t in enumerate(lines) if t.upper().startswith("MAIL FROM:"))
        assert f"<{entry['envelope']['from']}>" in lines[mail_at]
        assert len(entry["envelope"]["to"]) == sum(
            1 for t in lines[mail_at:] if t.upper().startswith("RCPT TO:"))


def test_received_fields_are_read_into_parts() -> None:
    parts = received("from mail.example.com (mail.example.com [192.0.2.25]) by\n relay.example.net"
                     " (mailsim) with ESMTP id A58306D03B for <bob@example.jp>;\n Wed, 01 Apr 2026"
                     " 09:00:00 +0900")
    assert parts == {"from": "mail.example.com", "host": "mail.example.com", "ip": "192.0.2.25",
                     "by": "relay.example.net", "with": "ESMTP", "id": "A58306D03B",
                     "for": "bob@example.jp", "date": "Wed, 01 Apr 2026 09:00:00 +0900"}
    local = received("by relay.example.net (mailsim); Wed, 01 Apr 2026 10:16:02 +0900")
    assert local["from"] is None and local["by"] == "relay.example.net"
    assert received("from [IPv6:2001:db8::1] by mx")["ip"] == "2001:db8::1"


def test_dots_are_unstuffed_and_the_terminator_goes() -> None:
    entry = parse("Subject: x\n\n..one dot\n...two\nlast\n.")
    assert entry["body"] == ".one dot\n..two\nlast"
    assert entry["headers"] == [["Subject", "x"]] and entry["received"] == []


def test_a_bounce_shows_its_parts() -> None:
    trace = _trace_of("unknown-recipient")[0]
    bounce = [e for e in build(trace).values() if e["envelope"]["from"] == ""]
    assert bounce, "the bounce is sent with the null reverse-path (RFC 5321 §4.5.5)"
    assert "[message/delivery-status]" in bounce[0]["body"]
    assert "Status: 5." in bounce[0]["body"]


def test_a_live_content_known_by_its_size_only_gets_no_entry() -> None:
    trace = _trace_of("article-route")[0]
    assert "33" in build(trace)
    live = [dataclasses.replace(e, live=True, text="[message text: 385 octets]")
            if i == 33 and isinstance(e, MessageEvent) else e for i, e in enumerate(trace)]
    built = build(Trace(trace.header, live))
    assert "33" not in built and "54" in built
