"""Reading mail in the simulation: POP3 and IMAP on one or more devices, quotas, TLS."""

from __future__ import annotations

from typing import Any, get_args

from mailsim.nodes.client import READERS, MailClient
from mailsim.nodes.imap_reader import LIST_ITEMS, IMAPReader
from mailsim.nodes.pop3_reader import POP3Reader
from mailsim.scenario import load_scenario
from mailsim.scenario.build import World
from mailsim.scenario.model import IncomingConfig
from mailsim.trace import Trace
from mailsim.trace.replay import replay
from tests.conftest import run_world, send_step, variant


def lines(trace: Trace, device: str, protocol: str) -> list[str]:
    return [e.text for e in trace.messages()
            if e.protocol == protocol and device in (e.src, e.dst)]


def device(world: World, name: str) -> MailClient:
    node = world.nodes[name]
    assert isinstance(node, MailClient)
    return node


def with_devices(protocol: str, steps: list[dict[str, Any]], **incoming: Any) -> Any:
    """The article's network with Bob on a laptop and a phone."""

    def change(d: dict[str, Any]) -> None:
        pc = d["hosts"].pop("bob-pc")
        d["links"] = [link for link in d["links"] if "bob-pc" not in link["between"]]
        for name, latency in (("bob-laptop", "10ms"), ("bob-phone", "30ms")):
            d["hosts"][name] = {**pc, "ip": None, "incoming": {"protocol": protocol, **incoming}}
            d["links"].append({"between": ["mx.example.jp", name], "latency": latency})
        d["steps"] = steps

    return variant(change)


TWO_MAILS = [send_step("0s", ["bob@example.jp"], "First"), send_step("10s", ["bob@example.jp"], "Second")]


def test_pop3_on_a_laptop_then_a_phone_leaves_the_phone_nothing() -> None:
    world, trace = run_world(load_scenario("pop3-two-devices"))
    assert "+OK 0 0" in lines(trace, "bob-phone", "POP3")
    assert len(device(world, "bob-laptop").local) == 2
    assert device(world, "bob-phone").local == {}
    assert world.mailboxes["bob@example.jp"].messages == []
    assert [e.data["protocol"] for e in trace.states("deleted")] == ["POP3"]


def test_pop3_deletes_only_at_quit() -> None:
    _, trace = run_world(load_scenario("pop3-one-device"))
    events = list(trace)
    dele = next(i for i, e in enumerate(events) if getattr(e, "text", "").startswith("DELE"))
    quit_ = next(i for i, e in enumerate(events) if getattr(e, "text", "") == "QUIT"
                 and getattr(e, "protocol", "") == "POP3")
    deleted = next(i for i, e in enumerate(events) if getattr(e, "action", "") == "deleted")
    assert dele < quit_ < deleted


def test_pop3_leave_on_server_keeps_copies_until_they_are_old_enough() -> None:
    steps = [*TWO_MAILS,
             {"at": "1m", "check_mail": "bob-laptop"},
             {"at": "2m", "check_mail": "bob-phone"},
             {"at": "20m", "check_mail": "bob-laptop"}]
    world, trace = run_world(with_devices("pop3", steps, leave_on_server=True, delete_after="10m"))
    assert len(device(world, "bob-phone").local) == 2  # the server still had them at 2m
    retrs = [t for t in lines(trace, "bob-laptop", "POP3") if t.startswith("RETR")]
    assert len(retrs) == 2  # UIDL told the laptop the second time that it had them all
    assert world.mailboxes["bob@example.jp"].messages == []  # removed after 10 minutes
    assert len(trace.states("server_copy_expired")) == 2


def test_imap_devices_share_one_mailbox_and_its_seen_flag() -> None:
    world, trace = run_world(load_scenario("imap-two-devices"))
    assert len(world.mailboxes["bob@example.jp"].messages) == 2  # mail stays on the server
    seen = [e for e in trace.states("flags_changed") if "\\Seen" in e.data["flags"]]
    assert seen and seen[0].node == "mx.example.jp"
    phone_syncs = [e for e in trace.states("synced") if e.node == "bob-phone"]
    first, last = phone_syncs[0], phone_syncs[-1]
    assert all("\\Seen" not in m["flags"] for m in first.data["messages"])
    assert "\\Seen" in last.data["messages"][0]["flags"]  # set on the laptop
    failed = trace.states("read_failed")
    assert failed[-1].node == "bob-phone" and failed[-1].data["reason"].startswith("offline")
    assert device(world, "bob-phone").local == {}


def test_imap_sync_is_incremental_new_mail_listed_once() -> None:
    """Each check fetches every message's flags, but the listing items only of new UIDs."""
    steps = [send_step("0s", ["bob@example.jp"], "First"), {"at": "1m", "check_mail": "bob-phone"},
             send_step("2m", ["bob@example.jp"], "Second"), {"at": "3m", "check_mail": "bob-phone"},
             {"at": "4m", "check_mail": "bob-phone"}]
    world, trace = run_world(with_devices("imap", steps))
    fetches = [e.text for e in trace.messages()
               if e.src == "bob-phone" and e.protocol == "IMAP" and " UID FETCH " in e.text]
    assert [t.split(" ", 1)[1] for t in fetches] == [
        "UID FETCH 1:* (UID FLAGS)", f"UID FETCH 1:* {LIST_ITEMS}",
        "UID FETCH 1:* (UID FLAGS)", f"UID FETCH 2:* {LIST_ITEMS}",
        "UID FETCH 1:* (UID FLAGS)"]
    listed = [t for t in lines(trace, "bob-phone", "IMAP") if "HEADER.FIELDS" in t
              and t.startswith("* ")]
    assert [t.count("Subject:") for t in listed] == [1, 1]  # each mail's headers came once
    assert [m.subject for m in device(world, "bob-phone").listing.values()] == ["First", "Second"]
    last = [e for e in trace.states("synced") if e.node == "bob-phone"][-1]
    assert [m["subject"] for m in last.data["messages"]] == ["First", "Second"]


def test_imap_cache_lets_an_offline_device_read() -> None:
    steps = [*TWO_MAILS, {"at": "1m", "check_mail": "bob-phone"},
             {"at": "2m", "go_offline": "bob-phone"}, {"at": "3m", "read": "bob-phone"}]
    _, trace = run_world(with_devices("imap", steps, cache=True))
    assert len(trace.states("cached")) == 2
    (read,) = trace.states("read")
    assert read.data["source"] == "cache" and read.data["subject"] == "Second"


def test_imap_delete_expunges_on_the_server_and_the_other_device_follows() -> None:
    steps = [*TWO_MAILS, {"at": "1m", "check_mail": "bob-laptop"},
             {"at": "1m30s", "check_mail": "bob-phone"},
             {"at": "2m", "delete": {"device": "bob-laptop", "message": "oldest"}},
             {"at": "3m", "check_mail": "bob-phone"}]
    world, trace = run_world(with_devices("imap", steps))
    laptop = lines(trace, "bob-laptop", "IMAP")
    assert any("UID STORE 1 +FLAGS.SILENT (\\Deleted)" in t for t in laptop)
    assert any(t.startswith("* 1 EXPUNGE") for t in laptop)
    (deleted,) = trace.states("deleted")
    assert deleted.data == {**deleted.data, "protocol": "IMAP", "uids": [1]}
    assert [m.subject for m in device(world, "bob-phone").listing.values()] == ["Second"]


def test_quota_answers_452_and_the_mail_waits() -> None:
    world, trace = run_world(load_scenario("imap-quota"))
    refusals = [e for e in trace.messages() if e.src == "mx.example.jp" and e.text.startswith("452")]
    assert refusals and refusals[0].text == "452 4.2.2 Mailbox full"
    assert trace.states("over_quota")
    assert world.mailboxes["bob@example.jp"].size <= 3000
    waiting = replay(trace).queues["relay.example.net"]
    assert len(waiting) == len({e.data["queue_id"] for e in trace.states("deferred")})


def test_quota_can_refuse_permanently() -> None:
    def change(d: dict[str, Any]) -> None:
        d["users"]["bob@example.jp"]["quota"] = "1KB"
        d["hosts"]["mx.example.jp"]["over_quota"] = "permanent"
        d["steps"] = TWO_MAILS

    _, trace = run_world(variant(change))
    assert [e.data["subject"] for e in trace.states("stored")] == [
        "First", "Undelivered Mail Returned to Sender"]
    # The second mail's SIZE= already shows it cannot fit: refused at RCPT (RFC 1870).
    refusal = next(e for e in trace.messages() if e.text == "552 5.2.2 Mailbox full")
    asked = max((e for e in trace.messages() if e.seq < refusal.seq and e.src == "relay.example.net"
                 and e.protocol == "SMTP"), key=lambda e: e.seq)
    assert asked.text == "RCPT TO:<bob@example.jp>"
    assert [e.data["reply"][:3] for e in trace.states("failed")] == ["552"]


def test_tls_for_pop3_and_imap_hides_the_password() -> None:
    for protocol, tls in (("pop3", "starttls"), ("pop3", "implicit"),
                          ("imap", "starttls"), ("imap", "implicit")):
        def change(d: dict[str, Any], protocol: str = protocol, tls: str = tls) -> None:
            server = d["hosts"]["mx.example.jp"]
            server["pop3"] = {"stls": True, "tls_port": 995}
            server["imap"] = {"starttls": True, "tls_port": 993}
            d["hosts"]["bob-pc"]["incoming"] = {"protocol": protocol, "tls": tls}

        world, trace = run_world(variant(change))
        session = [e for e in trace.messages() if e.protocol == protocol.upper()]
        secret = [e for e in session if "bob-secret" in e.text]
        assert secret and all(e.encrypted for e in secret), (protocol, tls)
        port = {("pop3", "implicit"): 995, ("imap", "implicit"): 993}.get((protocol, tls))
        if port:
            assert {e.port for e in session} == {port}
        assert len(device(world, "bob-pc").local) == (1 if protocol == "pop3" else 0)


def test_pop3_locks_the_maildrop_while_a_session_holds_it() -> None:
    # The laptop's link is faster: starting 0.1 s after the phone, it logs in first,
    # and the phone's PASS arrives while the laptop still holds the maildrop.
    steps = [*TWO_MAILS,
             {"at": "60s", "check_mail": "bob-phone"},
             {"at": "60.1s", "check_mail": "bob-laptop"},
             {"at": "2m", "check_mail": "bob-phone"}]
    world, trace = run_world(with_devices("pop3", steps, leave_on_server=True))
    busy = [e for e in trace.messages()
            if e.text == "-ERR [IN-USE] Maildrop already locked by another session"]
    assert len(busy) == 1 and busy[0].dst in ("bob-laptop", "bob-phone")
    (failed,) = trace.states("check_failed")
    assert failed.node == busy[0].dst
    # The lock is gone after QUIT: the later check gets both mails.
    assert len(device(world, "bob-phone").local) == 2
    assert len(device(world, "bob-laptop").local) == 2


def test_every_protocol_a_scenario_can_name_has_a_reader() -> None:
    assert set(READERS) == set(get_args(IncomingConfig.model_fields["protocol"].annotation))


def test_the_client_picks_its_reader_when_it_is_built() -> None:
    for protocol, reader in (("pop3", POP3Reader), ("imap", IMAPReader)):
        world, _ = run_world(with_devices(protocol, []))
        assert type(device(world, "bob-phone").reader) is reader


def test_offline_a_pop3_device_deletes_its_copy_but_imap_cannot_reach_the_server() -> None:
    steps = [*TWO_MAILS, {"at": "1m", "check_mail": "bob-phone"},
             {"at": "2m", "go_offline": "bob-phone"},
             {"at": "3m", "delete": {"device": "bob-phone", "message": "oldest"}}]
    world, trace = run_world(with_devices("pop3", steps))
    assert [e.data["message_id"] for e in trace.states("local_deleted")] == [
        e.data["message_id"] for e in trace.states("downloaded")][:1]
    assert [m.subject for m in device(world, "bob-phone").local.values()] == ["Second"]

    world, trace = run_world(with_devices("imap", steps))
    (failed,) = trace.states("read_failed")
    assert failed.data["reason"] == "offline: cannot delete on the server"
    assert len(world.mailboxes["bob@example.jp"].messages) == 2

