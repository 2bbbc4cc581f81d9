"""SPF in the simulation (RFC 7208): the recipient's server asks DNS at MAIL FROM, and every
question of the check is a DNS line in the trace."""

from __future__ import annotations

from typing import Any

import pytest

from mailsim.mail.auth_results import read_results
from mailsim.scenario.errors import ScenarioError
from mailsim.trace import MessageEvent, Trace
from mailsim.trace.promises import check
from tests.conftest import run_world, variant

RELAY_IP = "198.51.100.25"  # relay.example.net: the last hop before Bob's server


def spf_run(policy: str, mode: str) -> Trace:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["mx.example.jp"]["checks"] = {"spf": mode}
        d["dns"]["example.com"]["spf"] = policy  # the article's steps: send, then Bob reads

    return run_world(variant(change))[1]


def replies_to(trace: Trace, command: str) -> list[str]:
    """The replies mx.example.jp gave to ``command`` lines from the relay."""
    lines = [e for e in trace.messages() if e.protocol == "SMTP" and e.port == 25
             and "mx.example.jp" in (e.src, e.dst)]
    return [lines[i + 1].text for i, e in enumerate(lines[:-1])
            if e.src == "relay.example.net" and e.text.startswith(command)]


def delivered_header(trace: Trace) -> str:
    """The Authentication-Results: line of the mail as Bob's client downloads it (POP3)."""
    (retr,) = [e.text for e in trace.messages() if e.dst == "bob-pc" and "Received:" in e.text]
    lines = retr.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("Authentication-Results:")]
    assert len(starts) == 1 and retr.index(lines[starts[0]]) < retr.index("Received:")  # on top
    field = [lines[starts[0]]]
    for line in lines[starts[0] + 1:]:  # unfold (RFC 5322 §2.2.3)
        if not line[:1].isspace():
            break
        field.append(line)
    return " ".join(part.strip() for part in field)


def test_a_pass_is_asked_of_dns_and_written_in_the_header() -> None:
    trace = spf_run(f"v=spf1 ip4:{RELAY_IP} -all", "reject")
    queries = [e.text for e in trace.messages() if e.port == 53 and e.src == "mx.example.jp"]
    assert queries == ["QUERY example.com. TXT"]
    (checked,) = trace.states("spf_checked")
    assert checked.data == {"sender": "alice@example.com", "domain": "example.com", "ip": RELAY_IP,
                            "result": "pass", "reason": f"ip4:{RELAY_IP}", "lookups": 0}
    assert replies_to(trace, "MAIL FROM")[0].startswith("250")
    header = delivered_header(trace)
    assert read_results(header.split(":", 1)[1].strip()) == [("spf", "pass")]
    assert [s.node for s in trace.states("stored")] == ["mx.example.jp"]


def test_mx_minus_all_fails_behind_a_relay_and_reject_bounces_it() -> None:
    # example.com lists only its own mail server: mail that a relay passes on fails SPF
    trace = spf_run("v=spf1 mx -all", "reject")
    (checked,) = trace.states("spf_checked")
    assert (checked.data["result"], checked.data["reason"]) == ("fail", "-all")
    texts = [e.text for e in trace.messages() if e.port == 53 and e.src == "mx.example.jp"]
    assert texts[:2] == ["QUERY example.com. TXT", "QUERY example.com. MX"]
    assert replies_to(trace, "MAIL FROM") == [
        "550 5.7.23 SPF validation failed: this address may not send for the domain"]
    assert not [s for s in trace.states("stored") if s.node == "mx.example.jp"]
    assert trace.states("bounced")  # the relay returns it to Alice
    verdict = check(trace)
    assert verdict.ok and verdict.bounced == 1, verdict.problems


def test_report_mode_accepts_a_fail_and_says_so() -> None:
    trace = spf_run("v=spf1 mx -all", "report")
    assert replies_to(trace, "MAIL FROM")[0].startswith("250")
    header = delivered_header(trace)
    assert "spf=fail" in header and "smtp.mailfrom=example.com" in header


def test_the_submission_is_not_checked() -> None:
    trace = spf_run("v=spf1 -all", "reject")
    assert [s.node for s in trace.states("spf_checked")] == ["mx.example.jp"]  # not mail.example.com


def test_a_bad_mode_names_the_key() -> None:
    with pytest.raises(ScenarioError) as caught:
        variant(lambda d: d["hosts"]["mx.example.jp"].update(checks={"spf": "maybe"}))
    assert 'hosts["mx.example.jp"].checks.spf' in str(caught.value)


def test_dns_lines_of_the_check_are_lines_on_port_53() -> None:
    trace = spf_run("v=spf1 include:_spf.example.com -all", "report")
    lines = [e for e in trace.messages() if e.port == 53 and "mx.example.jp" in (e.src, e.dst)]
    assert all(isinstance(e, MessageEvent) and e.protocol == "DNS" for e in lines)
    (checked,) = trace.states("spf_checked")
    assert checked.data["result"] == "permerror"  # the include names no SPF record
