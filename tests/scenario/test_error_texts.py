"""A bad file's problems in Japanese (``validate --lang ja``, ``run --lang ja``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailsim.cli import main
from mailsim.scenario.error_texts import problem_text
from mailsim.scenario.loader import bundled_dir


@pytest.mark.parametrize(("english", "japanese"), [
    ("unknown key (check its spelling); did you mean 'seed'?",
     "このキーは使えません(つづりを確認してください)('seed' のまちがいではありませんか?)"),
    ("unknown key; it is a key of mail_server hosts, not of client hosts",
     "このキーは使えません。mail_server のホストのキーで、client のホストには書けません"),
    ("required key is missing", "必要なキーがありません"),
    ("expected a duration such as 20ms, 5s, 2h, 3d or 1h20m (got '-5ms')",
     "20ms、5s、2h、3d、1h20m のような時間を指定してください(指定された値: '-5ms')"),
    ("input should be 'pop3' or 'imap' (got 'imapp'); did you mean 'imap'?",
     "'pop3'、'imap' のどれかを指定してください(指定された値: 'imapp')"
     "('imap' のまちがいではありませんか?)"),
    ("no user 'alcie@example.com' under users; did you mean 'alice@example.com'?",
     "users に 'alcie@example.com' というユーザーはいません"
     "('alice@example.com' のまちがいではありませんか?)"),
])
def test_common_problems_read_in_japanese(english: str, japanese: str) -> None:
    assert problem_text(english, "ja") == japanese
    assert problem_text(english, "en") == english


def test_a_problem_no_pattern_knows_is_printed_as_it_is() -> None:
    assert problem_text("a link joins two different hosts", "ja") == "a link joins two different hosts"


def test_validate_and_run_print_a_bad_file_in_japanese(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    text = (bundled_dir() / "article-route.yaml").read_text(encoding="utf-8")
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace("seed: 2026", "sed: 2026", 1), encoding="utf-8")
    expected = (f"{path}: sed: このキーは使えません(つづりを確認してください)"
                "('seed' のまちがいではありませんか?)\n")
    for command in ("validate", "run"):
        assert main([command, str(path), "--lang", "ja"]) == 2
        assert capsys.readouterr().err == expected, command
    assert main(["validate", str(path)]) == 2
    assert "sed: unknown key (check its spelling); did you mean 'seed'?" in capsys.readouterr().err


def test_a_misspelt_scenario_name_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "artcle-route", "--lang", "ja"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("artcle-route: そのようなファイルも、"
                          "その名前の付属シナリオもありません(付属シナリオ: ")
    assert err.rstrip().endswith("('article-route' のまちがいではありませんか?)")
