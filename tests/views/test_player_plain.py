"""The plain player driven by a script on stdin, the panels as text, and ``mailsim show``."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from mailsim.commands.player import cmd_show, cmd_step, register, scenario_text
from mailsim.trace import Trace
from mailsim.views.player.model import PlayerModel
from mailsim.views.player.panels import event_detail, state_summary, state_view
from mailsim.views.player.plain import run_plain

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"


@pytest.fixture(scope="module")
def trace() -> Trace:
    return Trace.read_jsonl(GOLDEN)


def text_of(renderable: RenderableType, width: int = 100) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


def play(trace: Trace, script: str, lang: str = "en") -> str:
    out = io.StringIO()
    assert run_plain(PlayerModel(trace), lang=lang, stdin=io.StringIO(script), stdout=out) == 0
    return out.getvalue()


def headings(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("── ")]


def test_enter_steps_b_goes_back_a_number_jumps_and_q_quits(trace: Trace) -> None:
    stored = trace.states("stored")[0].seq
    out = play(trace, f"\n\nb\n{stored}\nq\nthis line is never read\n")
    steps = [h.split()[2] for h in headings(out)]
    assert steps == ["#0", "#1", "#2", "#1", f"#{stored}"]
    assert "stored in mailbox bob@example.jp" in out
    assert "» The mail is in the recipient's P.O. box." in out
    assert "bob@example.jp 1 message(s)" in out.split(f"#{stored} ")[-1]


def test_end_of_input_ends_the_player_and_the_end_is_announced(trace: Trace) -> None:
    out = play(trace, "G\n\n")
    assert "(end of the trace)" in out
    assert headings(out)[-1].startswith(f"── step #{trace[-1].seq} ")


def test_times_filters_and_mistakes(trace: Trace) -> None:
    out = play(trace, "0.5s\nf dns\nc\nlater\nf nowhere\n")
    assert "! 'later': expected a step number such as 42 or a time such as 1m30s" in out
    assert "! unknown protocol or host 'nowhere'" in out
    assert any("filter: DNS" in h for h in headings(out))
    assert headings(out)[-1].endswith("all events")


def test_plain_player_speaks_japanese(trace: Trace) -> None:
    out = play(trace, "1\n", lang="ja")
    assert "ステップ #1" in out and "一時停止" in out and "暗号化なし" in out


def test_detail_shows_the_whole_line_times_secrecy_caption_and_analogy(trace: Trace) -> None:
    rcpt = next(e for e in trace.messages() if e.text.startswith("RCPT") and e.encrypted)
    out = text_of(event_detail(trace, rcpt, analogy=True))
    assert f"#{rcpt.seq}  SMTP:587" in out
    assert "alice-pc → mail.example.com" in out and "sent " in out and "arrived " in out
    assert "🔒 encrypted" in out and rcpt.text in out
    assert "» " in out
    assert "mail.example.com — your mail server: the post office that takes your postcard" in out
    plain = next(e for e in trace.messages() if e.protocol == "DNS")
    assert "not encrypted" in text_of(event_detail(trace, plain, lang="en"))
    assert "暗号化なし" in text_of(event_detail(trace, plain, lang="ja"))


def test_data_content_is_shown_in_full(trace: Trace) -> None:
    data = next(e for e in trace.messages() if e.text.endswith("\n.") and e.port == 25)
    out = text_of(event_detail(trace, data), width=200)
    for line in data.text.split("\n"):
        assert line.strip() in out


def test_state_view_lists_mailboxes_queues_devices_and_the_dns_cache(trace: Trace) -> None:
    model = PlayerModel(trace)
    model.goto_step(trace.states("relayed")[0].seq - 1)
    out = text_of(state_view(trace, model.state))
    assert "relay.example.net — SMTP relay" in out
    assert "DNS cache" in out and "TTL left" in out and "mx.example.jp" in out
    assert "queue" in out
    model.last()
    out = text_of(state_view(trace, model.state))
    assert "bob-pc — recipient's mail client" in out
    assert "copies on this device" in out and "(POP3)" in out
    summary = state_summary(trace, model.state)
    assert any(line.startswith("bob-pc: ") for line in summary)


def test_step_without_a_terminal_falls_back_to_the_plain_player(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["step", str(GOLDEN), "--protocol", "ldap", "--lang", "ja"])
    out = io.StringIO()
    assert cmd_step(args, stdin=io.StringIO("\n"), stdout=out) == 0
    assert "絞り込み: LDAP" in out.getvalue() and "bindRequest" in out.getvalue()


def test_step_rejects_an_unknown_host() -> None:
    from mailsim.scenario.errors import ScenarioError

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["step", str(GOLDEN), "--node", "nowhere.example"])
    with pytest.raises(ScenarioError, match=r"unknown protocol or host 'nowhere\.example'"):
        cmd_step(args, stdin=io.StringIO(""), stdout=io.StringIO())


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["One e-mail, end to end", "Goals", "Questions", "  1. Which port"]),
    ("ja", ["1通のメールが届くまで", "学習目標", "考えてみよう", "  1. メールソフトが使うポート"]),
])
def test_show_prints_title_description_goals_and_questions(lang: str, expected: list[str]) -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    out = io.StringIO()
    assert cmd_show(parser.parse_args(["show", "article-route", "--lang", lang]), stdout=out) == 0
    text = out.getvalue()
    for piece in expected:
        assert piece in text
    assert text == scenario_text("article-route", lang)



def test_registering_the_commands_imports_nothing_heavy() -> None:
    code = (
        "import sys, argparse\n"
        "from mailsim.commands.player import register\n"
        "parser = argparse.ArgumentParser(prog='mailsim'); register(parser.add_subparsers())\n"
        "try:\n    parser.parse_args(['step', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('HEAVY', [m for m in ('textual', 'rich', 'simpy', 'matplotlib', 'pydantic')"
        " if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "--analogy" in result.stdout and "HEAVY []" in result.stdout
