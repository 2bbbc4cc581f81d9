"""The independent conservation check (issue 11): from what each SMTP client was told."""

from __future__ import annotations

import dataclasses

import pytest

from mailsim.cli import main
from mailsim.nodes.mta import MTA
from mailsim.scenario import bundled_names, load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.trace.promises import check, promises


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_scenario_keeps_every_promise(name: str) -> None:
    verdict = check(run_scenario(load_scenario(name)))
    assert verdict.problems == []
    assert verdict.told == (verdict.delivered + verdict.relayed + verdict.bounced
                            + len(verdict.still_queued))


def article() -> Trace:
    return run_scenario(load_scenario("article-route"))


def test_promises_are_read_from_the_wire_with_queue_ids() -> None:
    told = promises(article())
    assert [(p.server, p.recipient) for p in told] == [
        ("mail.example.com", "bob@example.jp"), ("relay.example.net", "bob@example.jp"),
        ("mx.example.jp", "bob@example.jp")]
    assert told[1].parent == (told[0].server, told[0].queue_id)
    assert told[1].size - told[0].size == told[1].received_size > 0


def without(trace: Trace, action: str) -> Trace:
    return Trace(trace.header, [e for e in trace
                                if not (isinstance(e, StateEvent) and e.action == action)])


def test_a_dropped_stored_state_is_a_loss() -> None:
    verdict = check(without(article(), "stored"))
    assert not verdict.ok
    assert any("mx.example.jp" in p and "lost" in p for p in verdict.problems)


def test_a_stored_copy_of_size_zero_fails_the_content_check() -> None:
    trace = article()
    events = [dataclasses.replace(e, data={**e.data, "size": 0})
              if isinstance(e, StateEvent) and e.action == "stored" else e for e in trace]
    assert any("stored 0 octets" in p for p in check(Trace(trace.header, events)).problems)


def test_a_second_stored_copy_is_found() -> None:
    trace = article()
    (stored,) = [e for e in trace if isinstance(e, StateEvent) and e.action == "stored"]
    verdict = check(Trace(trace.header, [*trace, dataclasses.replace(stored, seq=10**6)]))
    assert any("stored 2 times" in p for p in verdict.problems)


def test_a_copy_that_no_client_was_promised_is_found() -> None:
    trace = article()
    (stored,) = [e for e in trace if isinstance(e, StateEvent) and e.action == "stored"]
    extra = dataclasses.replace(stored, seq=10**6, data={**stored.data, "queue_id": "NOPE"})
    assert check(Trace(trace.header, [*trace, extra])).problems == [
        "mx.example.jp NOPE: stored in bob@example.jp, but no client was told 250 for it"]


def test_still_queued_is_reported_and_fails_after_the_lifetime() -> None:
    trace = article()
    relay = promises(trace)[1]
    # Stop the run after the relay said 250 but before it passed the mail on.
    cut = Trace(trace.header, [e for e in trace if e.time <= relay.time + 0.05])
    verdict = check(cut)
    assert verdict.ok and verdict.still_queued == [relay] and verdict.relayed == 1
    assert check(cut, lifetime=3600.0).ok
    late = check(cut, lifetime=0.01)
    assert late.problems == [f"relay.example.net {relay.queue_id} <alice@example.com> -> "
                             "<bob@example.jp>: still queued after the queue's lifetime"]


def test_mailsim_run_fails_with_status_1_when_a_node_forgets_a_message(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(MTA, "deliver_local", lambda self, entry, recipient: None)
    assert main(["run", "-q"]) == 1
    err = capsys.readouterr().err
    assert "lost" in err and "Conservation FAILED" in err


def test_mailsim_run_prints_the_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "-q"]) == 0
    said = capsys.readouterr().out.replace("\n", " ").replace("  ", " ")
    assert ("3 × “250 queued” (one per recipient at each hop) → 1 stored, "
            "2 passed to the next server, 0 bounced, 0 still queued — ok") in said


def first_session(trace: Trace) -> list[MessageEvent]:
    return [m for m in trace.messages() if m.conn == "c1" and m.protocol == "SMTP"]


def test_a_client_writing_before_the_greeting_is_still_the_client() -> None:
    # A live client may write at once: its EHLO is then the connection's first unit.
    trace = article()
    greeting, ehlo = first_session(trace)[:2]
    early = dataclasses.replace(ehlo, t_sent=greeting.t_sent - 0.001,
                                t_arrived=greeting.t_sent - 0.0005)
    events = [e for e in trace if e is not ehlo]
    events.insert(events.index(greeting), early)
    verdict = check(Trace(trace.header, events))
    assert promises(Trace(trace.header, events))[0].server == "mail.example.com"
    assert verdict.problems == [] and verdict.told == 3


def test_commands_after_the_final_dot_in_the_same_write_are_commands() -> None:
    # RFC 2920: a pipelining client may send QUIT with the message's last line.
    trace = article()
    session = first_session(trace)
    content = next(m for m in session if m.text.endswith("\n."))
    quit_ = session[session.index(content) + 2]
    assert quit_.text == "QUIT"
    joined = dataclasses.replace(content, text=content.text + "\nQUIT", size=content.size + 6)
    events = [joined if e is content else e for e in trace if e is not quit_]
    verdict = check(Trace(trace.header, events))
    assert verdict.problems == [] and verdict.told == 3
