"""POP before SMTP: a POP3 login lets its IP address relay on port 25 for a while, whoever
sends from it; outside the window the server is no open relay (554 5.7.1)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from mailsim.nodes.pop_relay import PopBeforeSMTP
from mailsim.scenario import parse_scenario
from mailsim.scenario.build import run_scenario
from mailsim.scenario.errors import ScenarioError
from mailsim.sim.network import MICROS
from mailsim.trace import MessageEvent, Trace
from mailsim.trace.promises import check
from mailsim.trace.states import RelayWindowOpened, RelayWindowUsed, StateChange

BUNDLED = Path(__file__).resolve().parents[1] / "scenarios" / "pop-before-smtp.yaml"
NAT_ADDRESS = "198.51.100.7"  # the home router's: Taro's and Kenji's devices go out with it


def data() -> dict[str, Any]:
    return yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))


def run(change: Callable[[dict[str, Any]], None] | None = None) -> Trace:
    scenario = data()
    if change is not None:
        change(scenario)
    return run_scenario(parse_scenario(yaml.safe_dump(scenario, allow_unicode=True), "pbs.yaml"))


@cache
def bundled() -> Trace:
    return run()


def rcpt_replies(trace: Trace, device: str) -> list[tuple[float, str]]:
    """Each reply ``mail.example.com`` gave ``device``'s RCPT TO, with its time."""
    out, asked = [], False
    for e in trace.messages():
        if e.protocol != "SMTP":
            continue
        if e.src == device and e.text.startswith("RCPT TO"):
            asked = True
        elif asked and e.dst == device:
            out.append((e.t_sent, e.text))
            asked = False
    return out


def stored_subjects(trace: Trace) -> list[str]:
    return [s.data["subject"] for s in trace.states("stored")]


def test_a_pop3_login_opens_a_ten_minute_window_for_the_nat_address() -> None:
    opened = [RelayWindowOpened.from_data(s.data) for s in bundled().states("relay_window_opened")]
    logins = [s for s in bundled().states("login") if s.node == "mail.example.com"]
    assert [(o.user, o.ip) for o in opened] == [("taro@example.com", NAT_ADDRESS)] * 2
    assert [round(o.until - login.t, 6) for o, login in zip(opened, logins, strict=True)] == [600.0] * 2


def test_taro_sends_without_a_password_inside_the_window_and_is_refused_after_it() -> None:
    replies = rcpt_replies(bundled(), "taro-pc")
    assert [(round(t // 60), text.split(" ", 2)[0]) for t, text in replies] == [
        (0, "250"), (15, "554"), (16, "250")]
    assert replies[1][1] == "554 5.7.1 <bob@example.jp>: Relay access denied"
    taro_lines = [e.text for e in bundled().messages() if e.src == "taro-pc" and e.port == 25]
    assert not [line for line in taro_lines if line.startswith("AUTH")]
    failed = [s.data["reply"] for s in bundled().states("submission_failed")]
    assert failed == ["554 5.7.1 <bob@example.jp>: Relay access denied"]  # visible, not "250 Ok"


def test_kenji_relays_on_taros_login_without_any_account() -> None:
    trace = bundled()
    used = [RelayWindowUsed.from_data(s.data) for s in trace.states("relay_window_used")]
    assert [u.user for u in used] == ["taro@example.com"] * 3  # Taro twice, Kenji once
    assert {u.ip for u in used} == {NAT_ADDRESS}
    assert rcpt_replies(trace, "kenji-laptop")[0][1].startswith("250")
    kenji = [e for e in trace.messages() if isinstance(e, MessageEvent) and e.src == "kenji-laptop"]
    assert not [e for e in kenji if e.text.startswith(("AUTH", "USER", "PASS"))]
    assert "Cheap watches, today only" in stored_subjects(trace)
    # the server wrote the shared address in its Received: line, as it saw it
    data_lines = [e.text for e in kenji if "Cheap watches" in e.text]
    relayed = [e.text for e in trace.messages() if e.src == "mail.example.com"
               and e.dst == "mx.example.jp" and "Cheap watches" in e.text]
    assert data_lines and relayed and f"[{NAT_ADDRESS}]" in relayed[0]


def test_every_accepted_mail_is_delivered_once() -> None:
    verdict = check(bundled())
    assert verdict.ok and verdict.delivered == 3 and not verdict.still_queued
    assert sorted(stored_subjects(bundled())) == ["Cheap watches, today only",
                                                  "Friday, one more thing", "Lunch on Friday?"]


def test_without_pop_before_smtp_the_server_relays_for_nobody() -> None:
    trace = run(lambda d: d["hosts"]["mail.example.com"].pop("pop_before_smtp"))
    for device in ("taro-pc", "kenji-laptop"):
        assert {text.split(" ", 1)[0] for _, text in rcpt_replies(trace, device)} == {"554"}
    assert stored_subjects(trace) == []
    assert not list(trace.states("relay_window_opened"))


def test_the_server_knows_a_device_only_by_its_address() -> None:
    """Kenji on a line of his own (no shared NAT address) is refused: nobody logged in from it."""
    def own_line(d: dict[str, Any]) -> None:
        kenji = d["hosts"]["kenji-laptop"]
        del kenji["nat"]
        kenji["ip"] = "198.51.100.99"

    trace = run(own_line)
    assert [text[:3] for _, text in rcpt_replies(trace, "kenji-laptop")] == ["554"]
    assert [text[:3] for _, text in rcpt_replies(trace, "taro-pc")] == ["250", "554", "250"]


class _Host:
    """A stand-in mail server for the window alone: a clock, addresses, a trace."""

    def __init__(self) -> None:
        self.network = self
        self.now = 0
        self.changes: list[StateChange] = []

    def address_of(self, host: str) -> str:
        return {"pc": "192.0.2.10", "other": "192.0.2.11"}[host]

    def record(self, change: StateChange) -> None:
        self.changes.append(change)


def test_the_window_closes_exactly_at_its_end_and_a_new_login_extends_it() -> None:
    host, rule = _Host(), PopBeforeSMTP(600 * MICROS)
    assert not rule.allows(host, "pc", "bob@example.jp")  # type: ignore[arg-type]
    rule.logged_in(host, "taro@example.com", "pc")  # type: ignore[arg-type]
    host.now = 600 * MICROS - 1
    assert rule.allows(host, "pc", "bob@example.jp")  # type: ignore[arg-type]
    assert not rule.allows(host, "other", "bob@example.jp")  # type: ignore[arg-type]
    host.now = 600 * MICROS
    assert not rule.allows(host, "pc", "bob@example.jp")  # type: ignore[arg-type]
    rule.logged_in(host, "taro@example.com", "pc")  # type: ignore[arg-type]
    host.now = 1199 * MICROS
    assert rule.allows(host, "pc", "bob@example.jp")  # type: ignore[arg-type]
    assert [c.action for c in host.changes] == ["relay_window_opened", "relay_window_used",
                                                "relay_window_opened", "relay_window_used"]


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(d: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node = d
        for key in parents:
            node = node[key]
        node[last] = value
    return change


@pytest.mark.parametrize(("path", "value", "key", "said"), [
    ("hosts/mail.example.com/pop3", None, 'hosts["mail.example.com"].pop_before_smtp', "add pop3: true"),
    ("hosts/mail.example.com/pop_before_smtp", {"window": "0s"},
     'hosts["mail.example.com"].pop_before_smtp.window',
     "at least 1s"),
    ("hosts/taro-pc/nat", "mail.example.com", 'hosts["taro-pc"].nat', "expected a router host"),
    ("hosts/taro-pc/nat", "home-routr", 'hosts["taro-pc"].nat', "did you mean 'home-router'"),
    ("hosts/taro-pc/ip", "198.51.100.8", 'hosts["taro-pc"].ip', "leave out ip"),
    ("hosts/taro-pc/outgoing", {"port": 2525, "auth": False}, 'hosts["taro-pc"].outgoing.port',
     "takes mail on port 25, not 2525"),
    ("hosts/kenji-laptop/outgoing", {"server": "auth.example.com", "port": 25},
     'hosts["kenji-laptop"].outgoing.server', "expected a mail_server host"),
    ("hosts/taro-pc/outgoing", {"port": 25, "auht": False}, 'hosts["taro-pc"].outgoing.auht',
     "did you mean 'auth'"),
])
def test_a_wrong_key_is_named_with_what_was_expected(path: str, value: Any, key: str,
                                                     said: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        run(_set(path, value))
    problems = [f"{where}: {what}" for where, what in caught.value.problems]
    assert [p for p in problems if p.startswith(f"{key}: ") and said in p], problems


def test_a_device_behind_nat_needs_a_link_to_its_router() -> None:
    def unlinked(d: dict[str, Any]) -> None:
        d["hosts"]["taro-pc"]["nat"] = "cafe-ap"
        d["hosts"]["cafe-ap"] = {"role": "router"}
        d["links"].append({"between": ["cafe-ap", "mail.example.com"]})

    with pytest.raises(ScenarioError, match="needs a link to it"):
        run(unlinked)


def test_the_views_call_taros_server_his_own_not_the_recipients() -> None:
    """A device's SMTP on port 25 hands in mail as submission does: Taro's PC and server both
    send and read, Bob's server only receives."""
    from mailsim.views.captions import host_title

    trace = bundled()
    titles = {host: host_title(trace, host) for host in ("taro-pc", "mail.example.com",
                                                          "mx.example.jp", "bob-pc")}
    assert titles == {"taro-pc": "mail client", "mail.example.com": "mail server",
                      "mx.example.jp": "recipient's mail server",
                      "bob-pc": "recipient's mail client"}
