"""README stays true: its example scenario runs, its quick start matches CI."""

from __future__ import annotations

import re
from pathlib import Path

from mailsim.scenario import parse_scenario
from mailsim.scenario.build import run_scenario

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_example_scenario_is_valid_and_delivers() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)
    (block,) = [b for b in blocks if b.startswith("name:")]
    trace = run_scenario(parse_scenario(block, "README.md"))
    assert [e.data["mailbox"] for e in trace.states("stored")] == ["bob@example.jp"]
    assert trace.states("read") or trace.states("synced")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    commands = re.findall(r"```sh\n(python3 -m venv .*?)\n```", README)
    assert len(commands) == 2, "the quick start is two commands"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_the_faults_example_fits_the_example_scenario() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)
    (scenario,) = [b for b in blocks if b.startswith("name:")]
    (faults,) = [b for b in blocks if b.startswith("faults:")]
    with_faults = scenario.replace("steps:", "until: 1d\n" + faults + "steps:")
    assert len(parse_scenario(with_faults, "README.md").faults) == 5
