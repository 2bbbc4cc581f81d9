"""A scenario with a control character in its text is refused, naming the key path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mailsim.scenario import ScenarioError, load_scenario, parse_scenario
from mailsim.scenario.loader import bundled_dir, bundled_names


def _article_with(old: str, new: str) -> str:
    text = (bundled_dir() / "article-route.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_an_escape_in_a_subject_is_refused_with_its_key_path() -> None:
    text = _article_with('subject: Hello from Tokyo', r'subject: "Hello \x1b[2J from Tokyo"')
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "bad.yaml")
    message = str(caught.value)
    assert message.startswith("bad.yaml: steps[0].send.subject: control character U+001B")
    assert "\x1b" not in message  # the message itself is safe to print


def test_the_cli_says_it_in_one_line_with_exit_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(_article_with('subject: Hello from Tokyo', r'subject: "Hi\x07"'),
                   encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mailsim", "run", str(bad)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"{bad}: steps[0].send.subject: control character U+0007 at position 2: expected text "
        "(tab and line feed are the only control characters a scenario may hold)"]


@pytest.mark.parametrize("name", bundled_names())
def test_bundled_scenarios_hold_no_control_character(name: str) -> None:
    load_scenario(name)  # raises ScenarioError if one does


def test_the_refusal_reads_in_japanese() -> None:
    from mailsim.scenario.error_texts import problem_text

    what = ("control character U+001B at position 6: expected text (tab and line feed are the "
            "only control characters a scenario may hold)")
    assert problem_text(what, "ja") == ("位置 6 に制御文字 U+001B があります。"
                                        "シナリオに書ける制御文字はタブと改行だけです")
    refused = "a client with send_direct: true speaks SMTP to the MX without STARTTLS: leave out tls"
    assert problem_text(refused, "ja").endswith("tls は書かないでください")
