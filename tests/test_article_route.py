"""The default scenario: the article's route, end to end, every hop a real dialogue."""

from __future__ import annotations

import os
from email import message_from_bytes, policy
from pathlib import Path

from mailsim.nodes.client import MailClient
from mailsim.scenario.build import World
from mailsim.trace import MessageEvent, Trace
from mailsim.trace.replay import describe_state, replay
from tests.conftest import run_world, variant

GOLDEN = Path(__file__).parent / "golden" / "article-route.jsonl"


def hops(trace: Trace) -> list[tuple[str, str, str, int]]:
    """(client, server, protocol, port) of each conversation, in order of its first line.

    The client of a TCP connection is whoever sent its SYN; of a DNS exchange,
    whoever sent the query.
    """
    clients: dict[str, str] = {}
    seen: dict[tuple[str, str, str, int], None] = {}
    for event in trace.messages():
        if event.protocol == "TCP" and event.text == "SYN" and event.conn:
            clients[event.conn] = event.src
        elif event.protocol not in ("TCP", "TLS") and (
            event.text.startswith("QUERY") or clients.get(event.conn or "") == event.src
        ):
            seen.setdefault((event.src, event.dst, event.protocol, event.port), None)
    return list(seen)


def test_the_route_follows_the_article(article_run: tuple[World, Trace]) -> None:
    _, trace = article_run
    assert hops(trace) == [
        ("alice-pc", "mail.example.com", "SMTP", 587),  # the client submits
        ("mail.example.com", "auth.example.com", "LDAP", 389),  # the login is checked
        ("mail.example.com", "relay.example.net", "SMTP", 25),  # 1. your mail server -> 2. relay
        ("relay.example.net", "dns.example.net", "DNS", 53),  # 3. who takes mail for example.jp?
        ("relay.example.net", "mx.example.jp", "SMTP", 25),  # 4. SMTP server -> 5. mailbox
        ("bob-pc", "mx.example.jp", "POP3", 110),  # Bob's mail client takes it home
        ("mx.example.jp", "auth.example.jp", "LDAP", 389),  # Bob's login is checked
    ]
    (stored,) = trace.states("stored")
    assert stored.node == "mx.example.jp" and stored.data["mailbox"] == "bob@example.jp"
    assert stored.seq > max(e.seq for e in trace.messages() if e.protocol == "DNS")
    (read,) = trace.states("read")
    assert read.node == "bob-pc" and read.data["source"] == "local"
    assert read.seq > trace.states("downloaded")[0].seq > stored.seq


def test_every_smtp_hop_is_a_full_dialogue(article_run: tuple[World, Trace]) -> None:
    _, trace = article_run
    by_conn: dict[str, list[MessageEvent]] = {}
    for event in trace.messages():
        if event.protocol == "SMTP" and event.conn:
            by_conn.setdefault(event.conn, []).append(event)
    assert len(by_conn) == 3
    for events in by_conn.values():
        client = events[1].src
        commands = [e.text.split()[0].upper() for e in events if e.src == client]
        replies = [int(e.text[:3]) for e in events if e.src != client]
        assert commands[0] == "EHLO" and commands[-1] == "QUIT"
        assert {"MAIL", "RCPT", "DATA"} <= set(commands)
        assert replies[0] == 220 and replies[-1] == 221 and 354 in replies


def test_submission_is_encrypted_after_starttls_and_relay_hops_are_not(
    article_run: tuple[World, Trace],
) -> None:
    _, trace = article_run
    submission = [e for e in trace.messages() if e.port == 587 and e.protocol == "SMTP"]
    starttls = next(i for i, e in enumerate(submission) if e.text.startswith("220 2.0.0"))
    assert not any(e.encrypted for e in submission[: starttls + 1])
    assert all(e.encrypted for e in submission[starttls + 1 :])
    assert any(e.text.startswith("AUTH PLAIN ") for e in submission[starttls + 1 :])
    assert not any(e.encrypted for e in trace.messages() if e.port == 25)


def test_the_delivered_message_carries_trace_headers(article_run: tuple[World, Trace]) -> None:
    world, _ = article_run
    bob_pc = world.nodes["bob-pc"]
    assert isinstance(bob_pc, MailClient)
    assert world.mailboxes["bob@example.jp"].messages == []  # POP3 took it home
    (stored,) = bob_pc.local.values()
    message = message_from_bytes(stored.content, policy=policy.default)
    assert message["Return-Path"] == "<alice@example.com>"
    received = message.get_all("Received")
    assert [r.split(" by ")[1].split()[0] for r in received] == [
        "mx.example.jp", "relay.example.net", "mail.example.com",
    ]
    assert " with ESMTPSA id " in received[2]  # authenticated, over TLS (RFC 3848)
    assert " with ESMTP id " in received[0]
    body = message.get_content()
    assert ".A line that starts with a dot" in body  # dot-stuffing undone at every hop
    assert stored.content.count(b"\r\n..A line") == 0


def test_replay_at_the_end_equals_the_final_state(article_run: tuple[World, Trace]) -> None:
    world, trace = article_run
    state = replay(trace)
    assert state.mailbox("bob@example.jp") == []
    assert describe_state(state)["queues"] == {}
    bob_pc = world.nodes["bob-pc"]
    assert isinstance(bob_pc, MailClient)
    assert describe_state(state)["devices"] == {
        "bob-pc": sorted(m.message_id for m in bob_pc.local.values())
    }
    middle = replay(trace, upto=trace.states("queued")[1].seq + 1)
    assert list(middle.queues["relay.example.net"]) == [trace.states("queued")[1].data["queue_id"]]
    assert middle.mailbox("bob@example.jp") == []
    delivered = replay(trace, upto=trace.states("stored")[0].seq + 1)
    assert [m.subject for m in delivered.mailbox("bob@example.jp")] == ["Hello from Tokyo"]


def test_same_seed_gives_byte_identical_trace_and_another_seed_does_not() -> None:
    first = run_world(variant())[1].to_jsonl()
    second = run_world(variant())[1].to_jsonl()
    other = run_world(variant(lambda d: d.update(seed=99)))[1].to_jsonl()
    assert first == second
    assert first != other


def test_golden_trace(article_run: tuple[World, Trace]) -> None:
    """The default scenario's trace, byte for byte. After an intended change,
    regenerate with MAILSIM_UPDATE_GOLDEN=1 and read the diff."""
    _, trace = article_run
    text = trace.to_jsonl()
    if os.environ.get("MAILSIM_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
