"""OP25B: an ISP's router drops its customers' SYNs to port 25 except to its own server,
so a bot sending straight to an MX is stopped while submission on 587 goes through."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from mailsim.scenario.build import build_world
from mailsim.scenario.errors import ScenarioError
from mailsim.scenario.loader import parse_scenario
from mailsim.sim.port_blocks import PortBlock
from mailsim.trace import Trace
from mailsim.trace.promises import check

SCENARIO = Path(__file__).parent.parent / "scenarios" / "why-port-587.yaml"
BUNDLED: dict[str, Any] = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))


def run(change: Any = None) -> Trace:
    data = copy.deepcopy(BUNDLED)
    if change is not None:
        change(data)
    return build_world(parse_scenario(yaml.safe_dump(data, allow_unicode=True), "t.yaml")).run()


@pytest.fixture(scope="module")
def bundled() -> Trace:
    return run()


def test_every_syn_of_the_bot_is_dropped_at_the_router(bundled: Trace) -> None:
    syns = [e for e in bundled.messages() if e.src == "bot-pc" and e.port == 25]
    # RFC 6298 backoff: 1, 2, 4, 8 s between SYNs, then the 30 s connect timeout
    assert [round(e.t_sent - syns[0].t_sent, 3) for e in syns] == [0, 1, 3, 7, 15]
    assert {(e.text, e.dst, e.t_arrived) for e in syns} == {("SYN", "mx.example.jp", None)}
    blocked = list(bundled.states("port_blocked"))
    assert [(b.node, dict(b.data)) for b in blocked] == [
        ("isp-router", {"src": "bot-pc", "dst": "mx.example.jp", "port": 25, "rule": "OP25B"})] * 5
    # the drop is recorded when the SYN reaches the router, one 5 ms link away
    assert [round(b.t - s.t_sent, 6) for b, s in zip(blocked, syns, strict=True)] == [0.005] * 5
    assert not [e for e in bundled.messages() if e.src == "bot-pc" and e.protocol == "SMTP"]
    (failed,) = [dict(s.data) for s in bundled.states("submission_failed") if s.node == "bot-pc"]
    assert failed["reply"] == "connection timed out"


def test_submission_on_587_passes_the_router_and_every_check_passes(bundled: Trace) -> None:
    first = next(e for e in bundled.messages() if e.src == "taro-pc")
    assert (first.text, first.port, first.t_arrived is not None) == ("SYN", 587, True)
    assert any(e.text.startswith("AUTH PLAIN") for e in bundled.messages() if e.src == "taro-pc")
    checks = {s.action: s.data["result"] for s in bundled.states()
              if s.action in ("spf_checked", "dkim_checked", "dmarc_checked")}
    assert checks == {"spf_checked": "pass", "dkim_checked": "pass", "dmarc_checked": "pass"}
    verdict = check(bundled)
    assert verdict.ok and verdict.delivered == 1, verdict.problems


def test_without_the_block_the_bots_mail_lands() -> None:
    def no_block(d: dict[str, Any]) -> None:
        del d["hosts"]["isp-router"]["op25b"]

    trace = run(no_block)
    assert not list(trace.states("port_blocked"))
    mail = [e for e in trace.messages() if e.src == "bot-pc" and e.protocol == "SMTP"]
    assert [e.text.split()[0] for e in mail][:2] == ["EHLO", "MAIL"]  # no AUTH: MTA to MTA
    stored = {s.data["subject"] for s in trace.states("stored") if s.node == "mx.example.jp"}
    assert stored == {"You have won a prize!", "Lunch on Friday?"}


def test_the_isps_own_server_is_allowed_on_port_25() -> None:
    def bot_uses_isp(d: dict[str, Any]) -> None:  # the bot's target is on the allow list
        d["hosts"]["isp-router"]["op25b"]["allow"] = ["mail.isp.example", "mx.example.jp"]

    trace = run(bot_uses_isp)
    assert not list(trace.states("port_blocked"))
    assert any(e.src == "bot-pc" and e.protocol == "SMTP" for e in trace.messages())


@pytest.mark.parametrize(("rule", "src", "dst", "port", "path", "drops"), [
    ("r", "pc", "mx", 25, ["pc", "r", "mx"], True),
    ("r", "pc", "isp", 25, ["pc", "r", "isp"], False),  # the ISP's own server
    ("r", "pc", "mx", 587, ["pc", "r", "mx"], False),  # submission
    ("r", "server", "mx", 25, ["server", "r", "mx"], False),  # not a customer
    ("r", "pc", "mx", 25, ["pc", "other", "mx"], False),  # another way, not through r
])
def test_a_rule_drops_only_customers_port_25_through_its_router(
        rule: str, src: str, dst: str, port: int, path: list[str], drops: bool) -> None:
    block = PortBlock(rule, frozenset({"pc"}), frozenset({"isp"}))
    assert block.drops(src, dst, port, path) is drops


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["hosts"]["isp-router"]["op25b"].update(customers=["nobody"]),
     'hosts["isp-router"].op25b.customers[0]'),
    (lambda d: d["hosts"]["isp-router"]["op25b"].update(allow=["bob-pc"]),
     'hosts["isp-router"].op25b.allow[0]'),
    (lambda d: d["hosts"]["isp-router"]["op25b"].update(customers=[]),
     'hosts["isp-router"].op25b.customers'),
    (lambda d: d["hosts"]["taro-pc"].update(resolver="dns.example.net"),
     'hosts["taro-pc"].resolver: only a client with send_direct: true asks DNS'),
])
def test_bad_router_and_bot_settings_name_their_key(change: Any, expected: str) -> None:
    with pytest.raises(ScenarioError) as raised:
        run(change)
    assert expected in str(raised.value)


def test_the_diagram_ends_a_dropped_syn_at_the_router_crossed_out(bundled: Trace) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from mailsim.views.drops import dropped_syns
    from mailsim.views.sequence import plot_sequence
    from mailsim.views.sequence_artists import sequence_artists
    from mailsim.views.sequence_layout import arrow_ends

    drops = dropped_syns(bundled)
    syns = [e.seq for e in bundled.messages() if e.src == "bot-pc" and e.port == 25]
    assert drops == dict.fromkeys(syns, "isp-router")
    page = bundled[: syns[-1] + 2]
    ax = plot_sequence(page, context=bundled, style="projector")
    artists = sequence_artists(ax)
    names = {n for n, _ in bundled.header.hosts}
    drawn = [t.get_text() for t in artists.heads if t.get_text() in names]  # lifelines, in order
    assert drawn[:2] == ["bot-pc", "isp-router"]
    x_of = {name: ax.transData.transform((i, 0))[0] for i, name in enumerate(drawn)}
    for seq in syns:
        (sx, _), (ex, _) = arrow_ends(ax, artists.arrows[seq])
        assert sx == pytest.approx(x_of["bot-pc"], abs=2)
        assert ex == pytest.approx(x_of["isp-router"], abs=12)  # the head stops at the router
