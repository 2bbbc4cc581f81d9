"""What the simulated servers do in the cases a class asks about."""

from __future__ import annotations

from typing import Any

from mailsim.nodes.mta import MTA
from mailsim.nodes.queue import QueueEntry
from mailsim.scenario.build import World, build_world
from mailsim.trace import Trace
from tests.conftest import run_world, send_step, variant


def assert_bounced_to_alice(trace: Trace, reply: str) -> None:
    """The only delivery is the bounce, into the sender's mailbox, with MAIL FROM:<>."""
    (stored,) = trace.states("stored")
    assert stored.data["mailbox"] == "alice@example.com" and stored.data["sender"] == ""
    assert stored.data["subject"] == "Undelivered Mail Returned to Sender"
    (bounced,) = trace.states("bounced")
    assert bounced.data["reply"].startswith(reply)
    assert bounced.data["notice_id"] == stored.data["message_id"]


def dns_queries(trace: Trace) -> list[str]:
    return [e.text for e in trace.messages() if e.protocol == "DNS" and e.text.startswith("QUERY")]


def test_second_mail_inside_the_ttl_is_answered_by_the_cache() -> None:
    scenario = variant(lambda d: d.update(steps=[send_step("0s", ["bob@example.jp"]),
                                                 send_step("10s", ["bob@example.jp"])]))
    _, trace = run_world(scenario)
    assert dns_queries(trace) == ["QUERY example.jp. MX"]
    hit, address = trace.states("dns_cache_hit")
    assert hit.node == "relay.example.net" and hit.data["qtype"] == "MX"
    assert hit.data["records"] == ["example.jp. MX 10 mx.example.jp."]
    # The MX host's address was cached from the first answer's additional section.
    assert address.data["records"] == ["mx.example.jp. A 203.0.113.25"]
    assert 3580 < hit.data["ttl_left"] < 3600
    assert len(trace.states("stored")) == 2


def test_after_the_ttl_the_relay_asks_again() -> None:
    def change(d: dict[str, Any]) -> None:
        d["dns"]["example.jp"]["ttl"] = "5m"
        d["steps"] = [send_step("0s", ["bob@example.jp"]), send_step("10m", ["bob@example.jp"])]

    _, trace = run_world(variant(change))
    assert dns_queries(trace) == ["QUERY example.jp. MX", "QUERY example.jp. MX"]
    assert not trace.states("dns_cache_hit")
    assert [e.data["qtype"] for e in trace.states("dns_cache_expired")] == ["MX"]


def test_a_relay_that_does_not_trust_the_sender_refuses_to_relay() -> None:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["relay.example.net"]["relay_for"] = []

    _, trace = run_world(variant(change))
    assert any(e.text.startswith("554 5.7.1 <bob@example.jp>: Relay access denied")
               and e.src == "relay.example.net" for e in trace.messages())
    (failed,) = trace.states("failed")
    assert failed.node == "mail.example.com" and failed.data["reply"].startswith("554 5.7.1")
    assert_bounced_to_alice(trace, "554 5.7.1")


def test_unknown_local_user_is_refused_by_the_recipient_server() -> None:
    _, trace = run_world(variant(lambda d: d.update(steps=[send_step("0s", ["nobody@example.jp"])])))
    refusal = [e for e in trace.messages() if e.src == "mx.example.jp" and e.text.startswith("550")]
    assert refusal and refusal[0].text.startswith("550 5.1.1 <nobody@example.jp>")
    (failed,) = trace.states("failed")
    assert failed.node == "relay.example.net" and failed.data["recipients"] == ["nobody@example.jp"]


def test_wrong_password_is_refused_and_nothing_is_queued() -> None:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["alice-pc"]["password"] = "alice-secrte"

    _, trace = run_world(variant(change))
    assert any(e.text == "535 5.7.8 Error: authentication failed" for e in trace.messages())
    checked = [c for c in trace.states("credentials_checked") if c.node == "auth.example.com"]
    assert [c.data["result"] for c in checked] == ["invalidCredentials"]
    assert [s.data["user"] for s in trace.states("login_failed")] == ["alice@example.com"]
    assert not trace.states("queued")
    (failed,) = trace.states("submission_failed")
    assert failed.data["reply"].startswith("535")


def test_login_mechanism_and_plain_text_submission() -> None:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["alice-pc"].update(tls="none", auth_mechanism="LOGIN")
        d["hosts"]["mail.example.com"]["submission"] = {"starttls": False}

    _, trace = run_world(variant(change))
    lines = [e.text for e in trace.messages() if e.port == 587 and e.protocol == "SMTP"]
    # With an initial response the user name rides on the command (RFC 4954 §4).
    assert "AUTH LOGIN YWxpY2VAZXhhbXBsZS5jb20=" in lines and "334 UGFzc3dvcmQ6" in lines
    assert not any(e.encrypted for e in trace.messages())
    assert len(trace.states("stored")) == 1


def test_two_domains_two_mx_lookups_one_submission() -> None:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["mx.example.org"] = {"role": "mail_server", "domains": ["example.org"]}
        d["links"].append({"between": ["relay.example.net", "mx.example.org"], "latency": "30ms"})
        d["dns"]["example.org"] = {"mx": [{"preference": 5, "host": "mx.example.org"}]}
        d["users"]["carol@example.org"] = {"password": "carol-secret"}
        d["steps"] = [send_step("0s", ["bob@example.jp", "carol@example.org"])]

    _, trace = run_world(variant(change))
    assert sorted(dns_queries(trace)) == ["QUERY example.jp. MX", "QUERY example.org. MX"]
    assert sorted(s.data["mailbox"] for s in trace.states("stored")) == [
        "bob@example.jp", "carol@example.org",
    ]
    assert len([e for e in trace.messages() if e.port == 587 and e.text.startswith("DATA")]) == 1


def test_implicit_mx_uses_the_domains_own_address() -> None:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["example.org"] = {"role": "mail_server", "domains": ["example.org"]}
        d["links"].append({"between": ["relay.example.net", "example.org"]})
        d["users"]["carol@example.org"] = {"password": "carol-secret"}
        d["steps"] = [send_step("0s", ["carol@example.org"])]

    _, trace = run_world(variant(change))
    assert dns_queries(trace) == ["QUERY example.org. MX", "QUERY example.org. A"]
    assert any(e.text.splitlines()[0] == "NODATA example.org. MX" for e in trace.messages())
    assert [s.data["mailbox"] for s in trace.states("stored")] == ["carol@example.org"]


def test_a_domain_that_does_not_exist_fails_permanently() -> None:
    _, trace = run_world(variant(lambda d: d.update(steps=[send_step("0s", ["x@nowhere.test"])])))
    assert any(e.text.splitlines()[0] == "NXDOMAIN nowhere.test. MX" for e in trace.messages())
    (failed,) = trace.states("failed")
    assert failed.node == "relay.example.net" and failed.data["reply"].startswith("550 5.4.4")
    assert_bounced_to_alice(trace, "550 5.4.4")


def test_equal_preference_mx_order_comes_from_the_seed() -> None:
    def change(seed: int) -> Any:
        def apply(d: dict[str, Any]) -> None:
            d["seed"] = seed
            d["hosts"]["mx2.example.jp"] = {"role": "mail_server"}
            d["links"].append({"between": ["relay.example.net", "mx2.example.jp"]})
            d["dns"]["example.jp"]["mx"].append({"preference": 10, "host": "mx2.example.jp"})
        return apply

    orders = set()
    for seed in range(8):
        _, trace = run_world(variant(change(seed)))
        orders.add(tuple(trace.states("mx_selected")[0].data["hosts"]))
    assert orders == {("10 mx.example.jp.", "10 mx2.example.jp."),
                      ("10 mx2.example.jp.", "10 mx.example.jp.")}


def _quiet_mx(quota: str | None = None) -> tuple[World, MTA]:
    """The article's world with no steps, and Bob's mail server."""

    def change(d: dict[str, Any]) -> None:
        d["steps"] = []
        if quota is not None:
            d["users"]["bob@example.jp"]["quota"] = quota

    world = build_world(variant(change))
    mx = world.nodes["mx.example.jp"]
    assert isinstance(mx, MTA)
    return world, mx


def _entry(body: bytes = b"Hi.\r\n") -> QueueEntry:
    content = b"Message-ID: <m1@example.com>\r\nSubject: hi\r\n\r\n" + body
    return QueueEntry("Q1", "<m1@example.com>", "alice@example.com", ["bob@example.jp"],
                      content, 0, "hi")


def test_local_delivery_returns_none_once_stored_and_leaves_the_queue_to_the_runner() -> None:
    world, mx = _quiet_mx()
    entry = _entry()
    assert mx.deliver_local(entry, "bob@example.jp") is None
    assert [m.message_id for m in world.mailboxes["bob@example.jp"].messages] == ["<m1@example.com>"]
    assert entry.recipients == ["bob@example.jp"]  # settling is the runner's job


def test_local_delivery_returns_the_refusal_when_the_mailbox_is_full() -> None:
    world, mx = _quiet_mx(quota="1KB")
    reply = mx.deliver_local(_entry(b"x" * 2000 + b"\r\n"), "bob@example.jp")
    assert reply is not None and (reply.code, reply.text) == (452, "4.2.2 Mailbox full")
    assert world.mailboxes["bob@example.jp"].messages == []


def test_the_runner_settles_local_delivery_from_the_outcome() -> None:
    for quota, actions in ((None, ["queued", "stored", "removed"]),
                           ("1KB", ["queued", "over_quota", "deferred", "retry_scheduled"])):
        world, mx = _quiet_mx(quota)
        mx.runner.add(_entry(b"x" * 2000 + b"\r\n"), from_host="mx.example.jp")
        trace = world.run()
        mine = [e.action for e in trace.states() if e.node == "mx.example.jp"
                and e.data.get("queue_id", "Q1") == "Q1"][:len(actions)]
        assert mine == actions, quota



def test_the_same_mailbox_twice_in_to_and_cc_is_one_copy_with_a_note() -> None:
    step = send_step("0s", ["bob@example.jp", "bob@EXAMPLE.jp"])
    step["send"]["cc"] = ["bob@example.jp"]
    _, trace = run_world(variant(lambda d: d.update(steps=[step])))
    (composed,) = trace.states("composed")
    assert composed.data["recipients"] == ["bob@example.jp"]
    notes = trace.states("duplicate_recipient")
    assert [n.data["same_as"] for n in notes] == ["bob@example.jp", "bob@example.jp"]
    assert all(q.data["recipients"] == ["bob@example.jp"] for q in trace.states("queued"))
    assert [s.data["mailbox"] for s in trace.states("stored")] == ["bob@example.jp"]


def test_two_spellings_that_are_one_mailbox_here_store_one_copy() -> None:
    # RFC 5321 keeps local parts case-sensitive, so both are sent and relayed; the
    # receiving server looks both up as Bob's mailbox and queues the message once.
    _, trace = run_world(variant(lambda d: d.update(
        steps=[send_step("0s", ["bob@example.jp", "Bob@EXAMPLE.JP"])])))
    assert not trace.states("duplicate_recipient")
    queued = {q.node: q.data["recipients"] for q in trace.states("queued")}
    assert queued["relay.example.net"] == ["bob@example.jp", "Bob@example.jp"]
    assert queued["mx.example.jp"] == ["bob@example.jp"]
    assert [s.data["mailbox"] for s in trace.states("stored")] == ["bob@example.jp"]


class ScriptedClient:
    """A client on the simulated network that sends one line per server reply."""

    def __init__(self, lines: list[bytes]) -> None:
        self.lines = list(lines)
        self.replies: list[bytes] = []

    def on_open(self, endpoint: Any) -> None:
        self.endpoint = endpoint

    def on_data(self, endpoint: Any, data: Any) -> None:
        self.replies.append(bytes(data))
        if self.lines:
            endpoint.send(self.lines.pop(0))

    def on_close(self, endpoint: Any) -> None:
        pass

    def on_refused(self, reason: str) -> None:
        raise AssertionError(reason)

    def on_tls(self) -> None:
        pass


def test_150_times_the_same_rcpt_on_port_25_stores_one_copy() -> None:
    world = build_world(variant(lambda d: d.update(steps=[])))
    script = [b"EHLO relay.example.net\r\n", b"MAIL FROM:<carol@example.org>\r\n",
              *[b"RCPT TO:<bob@example.jp>\r\n"] * 150, b"DATA\r\n",
              b"Subject: once\r\n\r\nOne copy, please.\r\n.\r\n", b"QUIT\r\n"]
    client = ScriptedClient(script)
    world.network.connect("relay.example.net", "mx.example.jp", 25, client)
    trace = world.run()
    assert [r[:3] for r in client.replies[2:152]] == [b"250"] * 150
    assert client.replies[-2].startswith(b"250 2.0.0 Ok: queued as ")
    (queued,) = trace.states("queued")
    assert queued.data["recipients"] == ["bob@example.jp"]
    assert [s.data["mailbox"] for s in trace.states("stored")] == ["bob@example.jp"]


def test_delivery_counts_the_users_other_folders_against_the_quota() -> None:
    """Mail saved in Sent over IMAP fills the quota that delivery into INBOX checks."""
    world, mx = _quiet_mx(quota="3KB")
    account = mx.account_of("bob@example.jp")
    assert account is not None
    sent = account.special("\\Sent")
    assert sent is not None
    sent.store(b"x" * 2500, "<s1@example.jp>", mx.wall_clock())
    reply = mx.deliver_local(_entry(b"y" * 1000 + b"\r\n"), "bob@example.jp")
    assert reply is not None and reply.code == 452
    sent.remove({1})
    assert mx.deliver_local(_entry(b"y" * 1000 + b"\r\n"), "bob@example.jp") is None
    over = [e.data for e in world.run().states() if e.action == "over_quota"]
    assert [d["used"] for d in over] == [2500]  # the octets in Sent, though INBOX was empty
