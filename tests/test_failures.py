"""When things go wrong: retries on schedule, bounces as real DSNs, failover, faults."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest

from mailsim.scenario import load_scenario
from mailsim.scenario.build import World, build_world
from mailsim.trace import Trace
from mailsim.trace.invariants import conservation
from mailsim.trace.replay import replay
from tests.conftest import run_world, send_step, variant


def run(name: str) -> tuple[World, Trace]:
    world = build_world(load_scenario(name))
    return world, world.run()


def test_relay_outage_retries_on_the_backoff_schedule_and_delivers_late() -> None:
    _, trace = run("relay-outage")
    attempts = [e.t for e in trace.states("retry") if e.node == "mail.example.com"]
    first_failure = trace.states("deferred")[0].t
    gaps = [round(b - a) for a, b in zip([first_failure, *attempts], attempts, strict=False)]
    # 5, 10, 20, 40 minutes, then capped at 4000 s (Postfix's maximal_backoff_time);
    # each failed attempt itself takes the 30 s connect timeout.
    assert gaps == [300, 630, 1230, 2430, 4030]
    (stored,) = trace.states("stored")
    assert 2 * 3600 < stored.t < 2.5 * 3600  # after the outage ends at 2 h
    syns = [e for e in trace.messages() if e.text == "SYN" and e.dst == "relay.example.net"]
    assert syns and all(e.t_arrived is None for e in syns if e.t_sent < 7200)
    assert conservation(trace) == []


def dsn_in(world: World, mailbox: str) -> EmailMessage:
    (stored,) = [m for m in world.mailboxes[mailbox].messages
                 if b"multipart/report" in m.content]
    message = message_from_bytes(stored.content, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_bounce_is_a_valid_dsn_that_the_email_parser_reads_back() -> None:
    world, trace = run("no-such-domain")
    report = dsn_in(world, "alice@example.com")
    assert report.get_content_type() == "multipart/report"
    assert report.get_param("report-type") == "delivery-status"
    assert report["Return-Path"] == "<>"  # sent with MAIL FROM:<>
    human, status, headers = report.iter_parts()
    assert "could not" in human.get_content()
    per_message, per_recipient = status.get_payload()
    assert per_message["Reporting-MTA"] == "dns; relay.example.net"
    assert per_recipient["Final-Recipient"] == "rfc822; bob@example.jq"
    assert per_recipient["Action"] == "failed"
    assert per_recipient["Status"] == "5.4.4"
    assert per_recipient["Diagnostic-Code"].startswith("smtp; 550 5.4.4")
    assert headers.get_content_type() == "text/rfc822-headers"
    assert "Subject: Minutes of the meeting" in headers.get_content()
    assert any(e.text.startswith("MAIL FROM:<> ") for e in trace.messages())


def test_a_full_mailbox_defers_then_warns_then_bounces() -> None:
    world, trace = run("mailbox-full")
    refusals = [e for e in trace.messages() if e.text.startswith("452 4.2.2")]
    assert len(refusals) >= 3  # the first try and the retries
    (notice,) = trace.states("delay_notice")
    assert 3600 <= notice.t < 3 * 3600
    (expired,) = trace.states("expired")
    assert expired.t >= 3 * 3600
    subjects = [m.content for m in world.mailboxes["alice@example.com"].messages]
    assert len(subjects) == 2  # the delay notice and the bounce
    report = dsn_in_all(world, "alice@example.com")
    assert [r["Action"] for r in report] == ["delayed", "failed"]
    assert all(r["Status"] == "4.2.2" for r in report)
    assert conservation(trace) == []


def dsn_in_all(world: World, mailbox: str) -> list[Any]:
    blocks = []
    for stored in world.mailboxes[mailbox].messages:
        message = message_from_bytes(stored.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        status = list(message.iter_parts())[1]
        blocks.append(status.get_payload()[1])
    return blocks


def test_mx_failover_goes_to_the_backup_which_hands_over_later() -> None:
    _, trace = run("mx-failover")
    relayed = [(e.node, e.data["to_host"]) for e in trace.states("relayed")]
    assert ("relay.example.net", "mx2.example.jp") in relayed
    assert ("mx2.example.jp", "mx.example.jp") in relayed
    # The backup never tries itself or the relay (RFC 5321 §5.1).
    assert not [e for e in trace.messages() if e.src == "mx2.example.jp" and e.text == "SYN"
                and e.dst != "mx.example.jp"]
    (stored,) = trace.states("stored")
    assert stored.node == "mx.example.jp" and stored.t >= 30 * 60


def test_greylisting_is_a_450_then_a_retry_five_minutes_later() -> None:
    _, trace = run("greylisting")
    (deferred,) = trace.states("deferred")
    assert deferred.data["reply"].startswith("450 4.2.0")
    (stored,) = trace.states("stored")
    assert stored.t - deferred.t == pytest.approx(300, abs=1)


def test_a_busy_server_refuses_at_connect_with_421() -> None:
    def change(d: dict[str, Any]) -> None:
        d["faults"] = [{"smtp_reply": {"host": "mx.example.jp", "command": "connect",
                                       "reply": "421 4.3.2 Too busy, try later", "until": "1m"}}]

    _, trace = run_world(variant(change))
    assert any(e.text == "421 4.3.2 Too busy, try later" for e in trace.messages())
    assert len(trace.states("stored")) == 1 and conservation(trace) == []


def test_dns_servfail_and_silence_are_temporary() -> None:
    for answer in ("servfail", "timeout"):
        def change(d: dict[str, Any], answer: str = answer) -> None:
            d["faults"] = [{"dns_failure": {"domain": "example.jp", "answer": answer,
                                            "until": "2m"}}]

        _, trace = run_world(variant(change))
        deferred = trace.states("deferred")
        assert deferred and deferred[0].data["reply"].startswith("451 4.4.3"), answer
        assert len(trace.states("stored")) == 1, answer  # the retry after 5 min succeeds
        if answer == "timeout":
            assert [e.data["attempt"] for e in trace.states("dns_timeout")][:2] == [1, 2]


def test_the_auth_server_down_gives_454_not_535() -> None:
    def change(d: dict[str, Any]) -> None:
        d["faults"] = [{"host_down": {"host": "auth.example.com"}}]

    _, trace = run_world(variant(change))
    assert any(e.text == "454 4.7.0 Temporary authentication failure" for e in trace.messages())
    assert not any(e.text.startswith("535") for e in trace.messages())


def test_packet_loss_costs_time_but_no_mail() -> None:
    def change(d: dict[str, Any]) -> None:
        d["faults"] = [{"packet_loss": {"between": ["relay.example.net", "mx.example.jp"],
                                        "rate": 0.3}}]
        d["steps"] = [send_step(f"{i}s", ["bob@example.jp"], f"Mail {i}") for i in range(5)]

    _, trace = run_world(variant(change))
    lost = [e for e in trace.messages() if e.t_arrived is None]
    assert lost  # some units were dropped ...
    assert len(trace.states("stored")) == 5  # ... and TCP sent them again
    assert conservation(trace) == []


@pytest.mark.parametrize(("reply", "outcome"), [("451 4.3.0 Try later", "stored"),
                                                 ("550 5.7.1 Sender refused", "bounced")])
def test_a_refused_mail_from_is_retried_or_bounced_never_stuck(reply: str, outcome: str) -> None:
    def change(d: dict[str, Any]) -> None:
        d["faults"] = [{"smtp_reply": {"host": "mx.example.jp", "command": "mail",
                                       "reply": reply, "times": 1}}]

    _, trace = run_world(variant(change))
    assert trace.states(outcome)
    assert conservation(trace) == []
    assert not [q for q in replay(trace).queues.values() if q]


def test_an_mx_pointing_back_at_the_relay_bounces_as_a_loop() -> None:
    def change(d: dict[str, Any]) -> None:
        d["dns"]["example.jp"]["mx"] = [{"preference": 10, "host": "relay.example.net"}]
        d["hosts"]["relay.example.net"]["relay_domains"] = ["example.jp"]

    _, trace = run_world(variant(change))
    (failed,) = trace.states("failed")
    assert failed.data["reply"] == "554 5.4.6 mail for example.jp loops back to myself"
    assert trace.states("bounced") and conservation(trace) == []


def test_more_than_a_hundred_recipients_go_in_several_transactions() -> None:
    def change(d: dict[str, Any]) -> None:
        d["users"].update({f"u{i}@example.jp": {"password": "x"} for i in range(105)})
        d["steps"] = [send_step("0s", [f"u{i}@example.jp" for i in range(105)])]

    _, trace = run_world(variant(change))
    assert len(trace.states("stored")) == 105
    submitted = trace.states("submitted")
    assert [len(s.data["accepted"]) for s in submitted] == [100, 5]
    assert all(s.data["refused"] == [] for s in submitted)
    assert conservation(trace) == []
