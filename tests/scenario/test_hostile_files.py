"""Hostile scenario files through the real command line: each is refused with exit
status 2 and one exact ``FILE: key.path: message`` line, no traceback, quickly.

Every test runs under a deadline (SIGALRM), so an input that a regression lets
through to a long run fails the test instead of hanging the suite.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from mailsim.cli import main
from mailsim.scenario import load_scenario, parse_scenario
from mailsim.scenario.budget import DEFAULT_MAX_EVENTS, Estimate, step_cost
from mailsim.scenario.build import run_scenario
from mailsim.scenario.loader import bundled_dir, bundled_names
from tests.scenario.hostile_cases import CASES, Change, edited, put

DEADLINE = 10  # seconds; every case takes well under one


class TooSlow(Exception):
    pass


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    def expired(signum: int, frame: FrameType | None) -> None:
        raise TooSlow(f"took longer than {DEADLINE}s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, DEADLINE)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _write(tmp_path: Path, text: str) -> Path:
    file = tmp_path / "hostile.yaml"
    file.write_text(text, encoding="utf-8")
    return file


@pytest.mark.parametrize("command", ["validate", "run"])
@pytest.mark.parametrize(("text", "expected", "env"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_file_gives_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    command: str, text: str, expected: str, env: dict[str, str],
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    file = _write(tmp_path, text)
    argv = [command, "--quiet", str(file)] if command == "run" else [command, str(file)]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == f"{file}: {expected}"
    assert "Traceback" not in err
    assert out == ""


def test_there_are_at_least_40_kinds() -> None:
    assert len({case[0] for case in CASES}) == len(CASES) >= 40


@pytest.mark.parametrize(("argv_extra", "env", "text"), [
    (["--max-events", "20000000000000"], {}, edited(put(["steps", 1], {
        "at": "2s", "check_mail": {"device": "bob-pc", "every": "1ms", "until": "3650d"}}))),
    ([], {"MAILSIM_MAX_EVENTS": "5000000"},
     edited(put(["steps", 0, "send", "to"], [f"u{i}@example.jp" for i in range(10_000)]))),
    ([], {"MAILSIM_MAX_SCENARIO_SIZE": "2MB"}, "# " + "x" * 1_000_000 + "\n" + edited()),
], ids=["--max-events", "MAILSIM_MAX_EVENTS", "MAILSIM_MAX_SCENARIO_SIZE"])
def test_the_way_each_message_names_raises_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    argv_extra: list[str], env: dict[str, str], text: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    file = _write(tmp_path, text)
    assert main(["validate", *argv_extra, str(file)]) == 0
    assert capsys.readouterr().out.startswith(f"{file}: ok")


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("MAILSIM_MAX_SCENARIO_SIZE", "lots",
     "MAILSIM_MAX_SCENARIO_SIZE: expected a size such as 50KB, 2MB or 1GiB (got 'lots')"),
    ("MAILSIM_MAX_EVENTS", "many",
     "MAILSIM_MAX_EVENTS: expected a whole number of events such as 5000000 (got 'many')"),
    ("MAILSIM_MAX_EVENTS", "\u00b2",  # a digit to isdigit(), not to int()
     "MAILSIM_MAX_EVENTS: expected a whole number of events such as 5000000 (got '\u00b2')"),
])
def test_a_bad_cap_setting_is_named(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                    name: str, value: str, expected: str) -> None:
    monkeypatch.setenv(name, value)
    assert main(["validate", "article-route"]) == 2
    assert capsys.readouterr().err.splitlines() == [expected]


def test_max_events_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate", "--max-events", "0", "article-route"])
    assert exited.value.code == 2
    assert "--max-events: expected a positive whole number of events (got '0')" in capsys.readouterr().err


def test_a_run_past_max_events_is_refused_before_it_starts(capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled route is small, but not smaller than 10 events; its send is most of it."""
    assert main(["run", "--max-events", "10", "article-route"]) == 2
    out, err = capsys.readouterr()
    route = bundled_dir() / "article-route.yaml"
    assert err.startswith(f"{route}: steps[0].send: this step would cost about ")
    assert err.rstrip().endswith("the cap of 10 (raise it with --max-events N or MAILSIM_MAX_EVENTS)")
    assert out == ""


@pytest.mark.parametrize("command", ["run", "validate"])
def test_help_states_the_default_cap(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"(default: {DEFAULT_MAX_EVENTS}, or MAILSIM_MAX_EVENTS)" in help_text


@pytest.mark.parametrize("name", bundled_names())
def test_the_estimate_is_not_below_what_a_bundled_scenario_records(name: str) -> None:
    scenario = load_scenario(name)
    estimate = Estimate(scenario)
    assert len(run_scenario(scenario)) <= sum(step_cost(estimate, step)[0] for step in scenario.steps)


@pytest.mark.parametrize("change", [
    put(["steps", 0, "send", "to"], [f"u{i}@example.jp" for i in range(300)]),
    put(["steps", 1], {"at": "2s", "check_mail": {"device": "bob-pc", "every": "1m", "until": "3h"}}),
    put(["steps", 0, "send", "body"], "x" * 200_000),
    put(["faults"], [{"host_down": {"host": "mx.example.jp", "until": "6h"}}]),
], ids=["300-recipients", "180-checks", "200kB-body", "receiver-down-6h"])
def test_the_estimate_is_not_below_what_a_bigger_run_records(change: Change) -> None:
    scenario = parse_scenario(edited(change))
    estimate = Estimate(scenario)
    assert len(run_scenario(scenario)) <= sum(step_cost(estimate, step)[0] for step in scenario.steps)


@pytest.mark.parametrize(("name", "change"), [
    ("my-class.yaml", put(["links", 0, "latency"], "-5ms")),
    ("big.yaml", put(["steps", 1], {"at": "2s", "check_mail": {
        "device": "bob-pc", "every": "1ms", "until": "3650d"}})),
])
def test_readme_shows_what_validate_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str], name: str,
                                           change: Change) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(edited(change), encoding="utf-8")
    assert main(["validate", name]) == 2
    line = capsys.readouterr().err.splitlines()[0]
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"\n{line}\n" in readme
