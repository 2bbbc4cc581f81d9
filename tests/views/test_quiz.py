"""Questions made from a trace: every right answer is true of the trace, every wrong one
false and from the same run, the same trace gives the same questions, in both languages;
and ``mailsim quiz`` prints them as a worksheet."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from mailsim.cli import main
from mailsim.locales import LANGUAGES
from mailsim.scenario import load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.trace.replay import WorldState, replay
from mailsim.views.quiz import Question, questions

SCENARIOS = ["article-route", "mx-failover", "no-such-domain", "imap-two-devices", "sent-mail"]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@cache
def run(name: str) -> Trace:
    return run_scenario(load_scenario(name))


def is_at(state: WorldState, place: str, message_id: str) -> bool:
    """Whether the mail is at ``place`` (``queue|node``, ``mailbox|node|address``...), read
    from the replayed state here, independently of the generator's own search."""
    kind, node, *rest = place.split("|")
    if kind == "queue":
        return any(q.message_id == message_id for q in state.queues.get(node, {}).values())
    if kind == "mailbox":
        box = state.mailboxes.get(node, {}).get(rest[0], [])
        return any(m.message_id == message_id for m in box)
    if kind == "folder":
        box = state.folders.get(node, {}).get(rest[0], {}).get(rest[1], [])
        return any(m.message_id == message_id for m in box)
    device = state.devices.get(node)
    copies = {} if device is None else device.local if kind == "device" else device.sent
    return any(c.message_id == message_id for c in copies.values())


def check(trace: Trace, q: Question) -> None:
    """The right option is what the trace says at ``q.step``; no wrong option is."""
    event = trace[q.step]
    hosts = {name for name, _ in trace.header.hosts}
    right, wrong = q.values[q.answer], [v for k, v in enumerate(q.values) if k != q.answer]
    assert 3 <= len(q.values) <= 4 and len(set(q.values)) == len(q.values)
    if q.kind == "speaker":
        assert isinstance(event, MessageEvent) and right == event.src
        assert set(q.values) <= hosts
    elif q.kind == "port":
        assert isinstance(event, MessageEvent) and int(right) == event.port
        assert event.text.startswith(("SYN", "QUERY")) and "ACK" not in event.text
        assert all(v.isdigit() for v in q.values)
    elif q.kind == "reply":
        assert isinstance(event, MessageEvent) and event.protocol == "SMTP"
        assert event.text[:3] == right and not event.encrypted
        assert all(re.fullmatch(r"[2-5]\d\d", v) for v in q.values)
    elif q.kind == "where":
        assert isinstance(event, StateEvent)
        mail = event.data["message_id"]
        after = replay(trace, q.step + 1)
        assert is_at(after, right, mail)
        assert not any(is_at(after, place, mail) for place in wrong)
        assert {place.split("|")[1] for place in q.values} <= hosts
    elif q.kind == "dns":
        assert isinstance(event, MessageEvent) and event.protocol == "DNS"
        if right == "NXDOMAIN":
            assert event.text.startswith("NXDOMAIN")
        else:
            records = re.findall(r"^ANSWER \S+ MX (\d+) (\S+?)\.?$", event.text, re.M)
            assert min((int(p), h) for p, h in records)[1] == right
            assert not {h for _, h in records} & set(wrong)
        assert set(wrong) <= hosts | {"NXDOMAIN"}
    elif q.kind == "tap":
        assert isinstance(event, MessageEvent) and event.protocol not in ("TCP", "TLS")
        assert right == ("encrypted" if event.encrypted else "plain")
    else:
        pytest.fail(f"unknown kind {q.kind}")


def test_article_route_asks_every_kind_spread_over_the_phases() -> None:
    qs = questions(run("article-route"))
    assert len(qs) == 10
    assert {q.kind for q in qs} == {"speaker", "port", "reply", "where", "dns", "tap"}
    assert len({q.phase for q in qs}) >= 4
    steps = [q.step for q in qs]
    assert steps == sorted(set(steps)) and steps[0] > 0  # one a step; step 0 is shown first


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_right_answer_is_true_of_the_trace(name: str) -> None:
    trace = run(name)
    qs = questions(trace, 30)
    assert len({q.kind for q in qs}) >= 5
    for q in qs:
        check(trace, q)


def test_wrong_options_come_from_the_same_run() -> None:
    trace = run("article-route")
    ports = {str(port) for _, port, _ in trace.header.ports}
    codes = {e.text[:3] for e in trace.messages() if e.protocol == "SMTP" and e.text[:3].isdigit()}
    for q in questions(trace, 30):
        if q.kind == "port":
            assert set(q.values) <= ports, q.values  # the ports this run listens on
        if q.kind == "reply":
            assert len(set(q.values) & codes) >= 2, q.values
    dns = [q for q in questions(trace, 30) if q.kind == "dns"]
    assert dns and dns[0].values[dns[0].answer] == "mx.example.jp"


def test_the_failover_answer_is_the_lowest_preference_and_the_other_mx_is_no_wrong_option() -> None:
    trace = run("mx-failover")
    dns = [q for q in questions(trace, 40) if q.kind == "dns"]
    assert dns
    for q in dns:
        assert "mx2.example.jp" not in q.values
        assert q.values[q.answer] == "mx.example.jp"


def test_no_such_domain_answers_nxdomain() -> None:
    trace = run("no-such-domain")
    first = [q for q in questions(trace, 40) if q.kind == "dns" and q.step == 58]
    assert first and first[0].values[first[0].answer] == "NXDOMAIN"


def test_same_trace_same_questions_and_a_seed_changes_them(tmp_path: Path) -> None:
    trace = run("article-route")
    trace.write_jsonl(tmp_path / "run.jsonl")
    again = Trace.read_jsonl(tmp_path / "run.jsonl")
    assert questions(trace) == questions(trace) == questions(again)
    assert questions(trace, seed=7) != questions(trace)
    assert questions(trace, 3) == questions(trace, 3)
    assert len(questions(trace, 3)) == 3


def test_every_text_in_both_languages() -> None:
    for q in questions(run("imap-two-devices"), 20):
        for texts in (q.prompt, q.reason, *q.options):
            assert set(texts) == set(LANGUAGES) and all(texts.values())
        assert JAPANESE.search(q.prompt["ja"]) and JAPANESE.search(q.reason["ja"])
        assert not JAPANESE.search(q.prompt["en"] + q.reason["en"])


def test_an_encrypted_line_is_never_quoted() -> None:
    trace = run("article-route")
    plain = {e.text.split("\n")[0] for e in trace.messages() if not e.encrypted}
    secrets = [first for e in trace.messages() if e.encrypted and len(first := e.text.split("\n")[0]) > 8
               and first not in plain]  # EHLO is sent in plain text first, then again encrypted
    assert any(s.startswith("AUTH PLAIN") for s in secrets)
    for q in questions(trace, 40):
        for lang in LANGUAGES:
            shown = " ".join([q.prompt[lang], q.reason[lang], *(o[lang] for o in q.options)])
            assert not any(secret in shown for secret in secrets), (q.step, q.kind)


def test_a_trace_with_nothing_to_ask_gives_no_question() -> None:
    trace = run("article-route")
    assert questions(trace.filter(lambda e: isinstance(e, StateEvent) and e.seq == 0)) == []


# --- mailsim quiz ------------------------------------------------------------------------


def test_worksheet_numbers_questions_with_options_and_steps(capsys) -> None:
    assert main(["quiz", "-n", "4"]) == 0
    out = capsys.readouterr().out
    qs = questions(run("article-route"), 4)
    for number, q in enumerate(qs, 1):
        assert re.search(rf"^{number}\. Step {q.step} · ", out, re.M)
        assert q.prompt["en"] in out
    assert re.search(r"^   a\) ", out, re.M) and re.search(r"^   c\) ", out, re.M)
    assert "Answers" not in out and "\n5. " not in out
    assert out.index("4. Step") < out.index("The scenario's own questions")
    assert "Which port does the mail client use" in out  # the lesson's own question


def test_worksheet_answers_give_the_letter_and_the_reason(capsys) -> None:
    assert main(["quiz", "-n", "3", "--answers"]) == 0
    out = capsys.readouterr().out
    key = out[out.index("Answers"):]
    for number, q in enumerate(questions(run("article-route"), 3), 1):
        assert f"{number}. {'abcd'[q.answer]}) {q.options[q.answer]['en']}" in key
        assert q.reason["en"] in key


def test_worksheet_in_japanese_from_a_saved_trace(tmp_path: Path, capsys) -> None:
    path = tmp_path / "run.jsonl"
    run("article-route").write_jsonl(path)
    assert main(["quiz", str(path), "--lang", "ja", "-n", "2", "--answers"]) == 0
    out = capsys.readouterr().out
    assert "ステップ" in out and "解答" in out
    assert questions(run("article-route"), 2)[0].prompt["ja"] in out


def test_bad_input_is_one_message_and_exit_2(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    assert main(["quiz", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.jsonl" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert main(["quiz", str(tmp_path / "missing.jsonl")]) == 2
    assert "no such trace file" in capsys.readouterr().err
    assert main(["quiz", "no-such-scenario"]) == 2
    with pytest.raises(SystemExit) as exit_:
        main(["quiz", "-n", "0"])
    assert exit_.value.code == 2
