"""The ``mailsim`` command as a user types it."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from mailsim.cli import main
from mailsim.scenario import bundled_names


def test_run_prints_the_route_with_ports_and_a_summary(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["run"]) == 0
    out = capsys.readouterr().out
    for port in ("SMTP:587", "LDAP:389", "SMTP:25", "DNS:53"):
        assert port in out
    for line in ("EHLO mail.example.com", "QUERY example.jp. MX", "RCPT TO:<bob@example.jp>",
                 "stored in mailbox bob@example.jp"):
        assert line in out
    assert "Delivered: 1 message(s)" in out


def test_quiet_prints_only_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Delivered: 1 message(s)" in out and "EHLO" not in out


def test_run_in_japanese_prints_the_table_summary_and_verdict_in_japanese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    trace = tmp_path / "t.jsonl"
    assert main(["run", "no-such-domain", "--lang", "ja", "--trace", str(trace)]) == 0
    out = capsys.readouterr().out
    for text in ("「no-such-domain」のトレース", "時刻", "送信元 → 送信先", "状態",
                 "配送: メールボックスへ 0 通、差出人への配送状態通知 1 通",
                 "差し戻し(差出人へ返送): 1 通：「Minutes of the meeting」→ bob@example.jq",
                 "キューに残ったもの: 0 通", f"トレースを {trace} に書き出しました", "保存則:"):
        assert text in out
    for english in ("Trace of", "Delivered", "Bounced", "Still queued", "Trace written",
                    "Conservation", "Simulated time"):
        assert english not in out


def test_trace_file_twice_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["run", "-q", "--trace", str(first)]) == 0
    assert main(["run", "-q", "--trace", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8").startswith('{"hosts":')


def test_list_shows_every_bundled_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "article-route (default)" in out
    for name in bundled_names():
        assert name in out


def test_validate_accepts_the_bundled_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *bundled_names()]) == 0
    assert capsys.readouterr().out.count(": ok") == len(bundled_names())


def test_python_dash_m_and_help_do_not_import_heavy_modules() -> None:
    code = (
        "import sys, runpy; sys.argv = ['mailsim', '--help'];\n"
        "try:\n    runpy.run_module('mailsim', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('simpy', 'networkx', 'matplotlib', 'rich', 'pydantic', 'yaml')"
        " if m in sys.modules]\nprint('HEAVY', heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "usage: mailsim" in result.stdout
    assert "HEAVY []" in result.stdout


def test_installed_wheel_ships_the_bundled_scenarios() -> None:
    """After a plain ``pip install .`` the scenarios live inside the package."""
    try:
        files = metadata.files("mailsim") or []
    except metadata.PackageNotFoundError:
        pytest.skip("mailsim is not installed (running from a bare source tree)")
    names = {str(f) for f in files}
    if not any(name.startswith("mailsim/cli.py") for name in names):
        pytest.skip("editable install: the scenarios are read from the source tree")
    assert "mailsim/scenarios/article-route.yaml" in names
