"""DKIM and DMARC in the simulation: the sender's server signs, the recipient's server looks
up the key and the policy in DNS (lines on port 53) and applies it."""

from __future__ import annotations

from typing import Any

import pytest

from mailsim.mail.auth_results import read_results
from mailsim.scenario.errors import ScenarioError
from mailsim.trace import Trace
from mailsim.trace.promises import check
from tests.conftest import run_world, variant
from tests.test_spf_checks import RELAY_IP, delivered_header

SPF_PASS = f"v=spf1 ip4:{RELAY_IP} -all"  # example.com lets the relay send for it
SPF_BEHIND_RELAY = "v=spf1 mx -all"  # only its own server: the relay's hop fails


def run(spf: str, *, signed: bool, policy: str = "reject", mode: str = "enforce") -> Trace:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["mx.example.jp"]["checks"] = {"dmarc": mode}
        if signed:
            d["hosts"]["mail.example.com"]["dkim"] = {"selector": "s1"}
        d["dns"]["example.com"].update(spf=spf, dmarc=f"v=DMARC1; p={policy}")

    return run_world(variant(change))[1]


def states(trace: Trace, action: str) -> list[dict[str, Any]]:
    return [dict(e.data) for e in trace.states(action)]


def test_a_signed_mail_passes_and_every_check_is_a_dns_line() -> None:
    trace = run(SPF_PASS, signed=True)
    assert states(trace, "dkim_signed") == [
        {"message_id": "<51c91e7ea419@example.com>", "domain": "example.com", "selector": "s1"}]
    asked = [e.text for e in trace.messages() if e.port == 53 and e.src == "mx.example.jp"]
    assert asked == ["QUERY example.com. TXT", "QUERY s1._domainkey.example.com. TXT",
                     "QUERY _dmarc.example.com. TXT"]
    (dkim,) = states(trace, "dkim_checked")
    assert (dkim["domain"], dkim["result"]) == ("example.com", "pass")
    (dmarc,) = states(trace, "dmarc_checked")
    assert (dmarc["result"], dmarc["disposition"], dmarc["aligned"]) == ("pass", "none", "spf")
    header = delivered_header(trace).split(":", 1)[1].strip()
    assert read_results(header) == [("spf", "pass"), ("dkim", "pass"), ("dmarc", "pass")]
    (stored,) = [s for s in states(trace, "stored") if s["mailbox"] == "bob@example.jp"]
    assert "folder" not in stored  # INBOX
    # the signature and the results are fields the servers added: nothing lost or changed
    verdict = check(trace)
    assert verdict.ok and verdict.delivered == 1, verdict.problems


def test_the_signature_survives_the_relay_where_spf_does_not() -> None:
    trace = run(SPF_BEHIND_RELAY, signed=True)
    assert states(trace, "spf_checked")[0]["result"] == "fail"
    (dmarc,) = states(trace, "dmarc_checked")
    assert (dmarc["result"], dmarc["aligned"]) == ("pass", "dkim")


def test_unsigned_and_failing_spf_is_rejected_and_bounced() -> None:
    trace = run(SPF_BEHIND_RELAY, signed=False)
    (dmarc,) = states(trace, "dmarc_checked")
    assert (dmarc["result"], dmarc["disposition"]) == ("fail", "reject")
    replies = [e.text for e in trace.messages() if e.src == "mx.example.jp" and e.port == 25]
    assert any(r.startswith("550 5.7.1 ") for r in replies)
    assert not [s for s in states(trace, "stored") if s["mailbox"] == "bob@example.jp"]
    verdict = check(trace)
    assert verdict.ok and verdict.bounced == 1


def test_quarantine_files_the_mail_in_junk() -> None:
    trace = run(SPF_BEHIND_RELAY, signed=False, policy="quarantine")
    (stored,) = [s for s in states(trace, "stored") if s["mailbox"] == "bob@example.jp"]
    assert stored["folder"] == "Junk"


def test_report_mode_delivers_a_failing_mail_and_says_so() -> None:
    trace = run(SPF_BEHIND_RELAY, signed=False, mode="report")
    (stored,) = [s for s in states(trace, "stored") if s["mailbox"] == "bob@example.jp"]
    assert "folder" not in stored
    header = delivered_header(trace)
    assert "dmarc=fail" in header and "dkim=none" in header


def test_the_same_scenario_gives_the_same_signature_and_key() -> None:
    first, second = run(SPF_PASS, signed=True), run(SPF_PASS, signed=True)
    assert first.to_jsonl() == second.to_jsonl()


def test_signing_needs_the_domain_in_dns() -> None:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["mail.example.com"]["dkim"] = True
        del d["dns"]["example.com"]

    with pytest.raises(ScenarioError) as caught:
        variant(change)
    assert 'hosts["mail.example.com"].domains[0]' in str(caught.value)


def test_a_broken_dmarc_policy_names_the_key() -> None:
    with pytest.raises(ScenarioError) as caught:
        variant(lambda d: d["dns"]["example.com"].update(dmarc="v=DMARC1; p=sometimes"))
    assert 'dns["example.com"].dmarc' in str(caught.value)


def test_a_relays_footer_and_subject_tag_break_the_signature() -> None:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["mx.example.jp"]["checks"] = {"dmarc": "enforce"}
        d["hosts"]["mail.example.com"]["dkim"] = True
        d["hosts"]["relay.example.net"]["modify"] = {"footer": "Sent through the list\nUnsubscribe: "
                                                     "list@example.net", "subject_tag": "[LIST]"}
        d["dns"]["example.com"].update(spf=SPF_BEHIND_RELAY, dmarc="v=DMARC1; p=quarantine")

    trace = run_world(variant(change))[1]
    (modified,) = states(trace, "message_modified")
    assert modified["changes"] == ["footer", "subject_tag"]
    (dkim,) = states(trace, "dkim_checked")
    assert dkim["result"] == "fail"  # the body hash no longer matches
    (stored,) = [s for s in states(trace, "stored") if s["mailbox"] == "bob@example.jp"]
    assert (stored["folder"], stored["subject"]) == ("Junk", "[LIST] Hello from Tokyo")
    (relayed,) = [e.text for e in trace.messages() if e.src == "relay.example.net"
                  and e.dst == "mx.example.jp" and "Received:" in e.text]
    assert relayed.splitlines()[-4:] == ["-- ", "Sent through the list",
                                         "Unsubscribe: list@example.net", "."]
    assert "Subject: [LIST] Hello from Tokyo" in relayed.splitlines()
    verdict = check(trace)  # changed on purpose, and said so: still delivered exactly once
    assert verdict.ok and verdict.delivered == 1, verdict.problems


def test_a_forged_from_is_caught_by_dmarc_alone() -> None:
    """Alice's server sends honestly (SPF passes for example.com), but the From: says
    bob@example.jp: nothing vouches for example.jp, whose policy says reject."""
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["mx.example.jp"]["checks"] = {"dmarc": "enforce"}
        d["dns"]["example.com"]["spf"] = SPF_PASS
        d["dns"]["example.jp"]["dmarc"] = "v=DMARC1; p=reject"
        d["steps"][0]["send"]["header_from"] = "Bob <bob@example.jp>"

    trace = run_world(variant(change))[1]
    assert states(trace, "spf_checked")[0]["result"] == "pass"  # for the envelope's domain
    (dmarc,) = states(trace, "dmarc_checked")
    assert (dmarc["domain"], dmarc["result"], dmarc["disposition"]) == ("example.jp", "fail",
                                                                         "reject")
    assert not [s for s in states(trace, "stored") if s["mailbox"] == "bob@example.jp"]


def test_the_run_summary_says_a_quarantined_mail_is_in_junk() -> None:
    from mailsim.views.table import summary_text

    trace = run(SPF_BEHIND_RELAY, signed=False, policy="quarantine")
    assert "bob@example.jp (Junk)" in summary_text(trace).plain
