"""One filter for player, plain player and diagrams: a protocol keeps its lines and the
state changes they cause; a host keeps its lines and its state changes; --with-state all."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from mailsim.cli import build_parser
from mailsim.commands.player import build_model
from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.views.mermaid import to_mermaid
from mailsim.views.player.model import PlayerModel
from mailsim.views.player.plain import run_plain
from mailsim.views.select import Selection

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"


@pytest.fixture(scope="module")
def trace() -> Trace:
    return Trace.read_jsonl(GOLDEN)


def actions(events: list[TraceEvent] | Trace) -> list[str]:
    return [e.action for e in events if isinstance(e, StateEvent)]


def lines(events: list[TraceEvent] | Trace) -> list[MessageEvent]:
    return [e for e in events if isinstance(e, MessageEvent)]


def test_dns_keeps_its_lines_and_only_the_answer_s_state_rows(trace: Trace) -> None:
    shown = Selection.of(protocols=["dns"]).apply(trace)
    assert [e.text.split()[0] for e in lines(shown)] == ["QUERY", "ANSWER"]
    assert actions(shown) == ["dns_cache_store", "mx_selected"]
    assert "credentials_checked" in actions(trace) and "downloaded" in actions(trace)


def test_player_plain_player_and_diagram_show_the_same_dns_rows(trace: Trace) -> None:
    expected = list(Selection.of(protocols=["DNS"]).apply(trace))
    model = PlayerModel(trace)
    model.filter_words("dns")
    assert model.shown == expected
    args = build_parser().parse_args(["step", str(GOLDEN), "--protocol", "dns"])
    assert build_model(args).shown == expected
    out = io.StringIO()
    run_plain(build_model(args), stdin=io.StringIO("\n" * len(expected)), stdout=out)
    printed = out.getvalue()
    assert "mx.example.jp" in printed and "credential" not in printed.lower()
    assert "downloaded" not in printed.lower() and "RETR" not in printed
    diagram = to_mermaid(trace, selection=Selection.of(protocols=["DNS"]))
    assert "QUERY example.jp. MX" in diagram
    assert "credential" not in diagram.lower() and "POP3" not in diagram


def test_a_protocol_keeps_the_changes_its_lines_cause_and_those_naming_it(trace: Trace) -> None:
    pop3 = Selection.of(protocols=["POP3"]).apply(trace)
    # login names its service (POP3); downloaded and deleted follow a POP3 line at once
    assert actions(pop3) == ["login", "downloaded", "deleted"]
    assert all(e.protocol == "POP3" for e in lines(pop3))
    ldap = Selection.of(protocols=["LDAP"]).apply(trace)
    assert actions(ldap) == ["credentials_checked", "login"] * 2
    smtp = actions(Selection.of(protocols=["SMTP"]).apply(trace))
    # the local delivery a millisecond after "queued" chains to the same line
    assert "stored" in smtp and smtp.count("queued") == 3
    assert "dns_cache_store" not in smtp and "read" not in smtp and "composed" not in smtp


def test_a_connection_keeps_what_its_lines_cause_on_both_ends(trace: Trace) -> None:
    shown = Selection.of(connections=["c3"]).apply(trace)
    assert {e.conn for e in lines(shown)} == {"c3"}
    assert [(e.node, e.action) for e in shown if isinstance(e, StateEvent)] == [
        ("relay.example.net", "queued"), ("mail.example.com", "relayed"),
        ("mail.example.com", "removed")]


def test_a_host_keeps_its_lines_and_all_its_state_changes(trace: Trace) -> None:
    shown = Selection.of(nodes=["bob-pc"]).apply(trace)
    assert all("bob-pc" in e.nodes for e in shown)
    assert actions(shown) == [e.action for e in trace.states() if e.node == "bob-pc"]
    assert "read" in actions(shown), "a timer-driven change of the host is its own"


def test_with_state_keeps_every_state_row(trace: Trace) -> None:
    shown = Selection.of(protocols=["DNS"], with_state=True).apply(trace)
    assert actions(shown) == actions(trace)
    assert all(e.protocol == "DNS" for e in lines(shown))
    args = build_parser().parse_args(["step", str(GOLDEN), "--protocol", "dns", "--with-state"])
    assert build_model(args).shown == list(shown)
    assert not Selection.of(protocols=["DNS"], state_events=False).apply(trace).states()


def test_steps_bound_the_rows_but_not_their_causes(trace: Trace) -> None:
    answer = next(e for e in lines(trace) if e.text.startswith("ANSWER"))
    shown = Selection.of(protocols=["DNS"], first=answer.seq + 1).apply(trace)
    assert actions(shown) == ["dns_cache_store", "mx_selected"] and not lines(shown)


def test_timer_driven_changes_show_only_with_state(
        bundled_trace: Trace) -> None:
    smtp = actions(Selection.of(protocols=["SMTP"]).apply(bundled_trace))
    every = actions(Selection.of(protocols=["SMTP"], with_state=True).apply(bundled_trace))
    assert "retry" in every and "retry" not in smtp
    assert "relayed" in smtp, "the relay that finally works is an SMTP reply's doing"


@pytest.fixture(scope="module")
def bundled_trace() -> Trace:
    from mailsim.commands.sources import load_trace

    return load_trace("relay-outage", None)


def test_s_in_the_plain_player_keeps_every_state_change(trace: Trace) -> None:
    model = PlayerModel(trace)
    out = io.StringIO()
    run_plain(model, stdin=io.StringIO("f dns\ns\n"), stdout=out)
    printed = out.getvalue()
    assert "every state change is shown" in printed
    assert "filter: DNS +state" in printed
    assert model.shown_count == 2 + len(trace.states())


def test_diagram_protocol_on_the_command_line_drops_the_unrelated_rows(
        capsys: pytest.CaptureFixture[str]) -> None:
    from mailsim.cli import main

    assert main(["diagram", str(GOLDEN), "--format", "mermaid", "--protocol", "dns"]) == 0
    text = capsys.readouterr().out
    assert "QUERY example.jp. MX" in text and "ANSWER" in text
    assert "credential" not in text.lower() and "POP3" not in text and "login" not in text
    assert main(["diagram", str(GOLDEN), "--format", "mermaid", "--protocol", "dns",
                 "--with-state"]) == 0
    assert "credential" in capsys.readouterr().out.lower()
