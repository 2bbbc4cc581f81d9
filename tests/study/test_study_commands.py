"""``mailsim run`` and ``mailsim compare`` on a session-fidelity study, as a user types them."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailsim.cli import main
from mailsim.scenario import load_scenario
from mailsim.study.run import OWN, prepare, run_devices
from mailsim.study.tasks import merge, run_study, run_task, study_tasks
from mailsim.trace import Trace
from mailsim.views.study import human_bytes, study_table

STUDY = """
name: tiny-study
title: {en: a tiny study, ja: 小さな調査}
seed: 3
fidelity: session
workload:
  users: 6
  domains: 2
  mails_per_user_per_day: 5
  devices:
    - {protocol: pop3, every: 15m}
    - {protocol: imap, every: 30m}
  days: 2
  trace_users: 2
"""


@pytest.fixture
def study_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny-study.yaml"
    path.write_text(STUDY, encoding="utf-8")
    return path


def test_compare_prints_the_four_strategies_and_draws_the_figure(
        study_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    figure = tmp_path / "study.png"
    assert main(["compare", str(study_file), "-o", str(figure), "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    for label in ("POP3(ダウンロード後にサーバーから削除)", "IMAP(端末にもキャッシュ)", "6人 × 2日"):
        assert label in out, label
    assert f"図を {figure} に書き出しました。" in out and "Figure written" not in out
    assert figure.stat().st_size > 10_000


def test_run_prints_the_summary_and_writes_the_sample_users_trace(
        study_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    trace_path = tmp_path / "sample.jsonl"
    assert main(["run", str(study_file), "--trace", str(trace_path)]) == 0
    out = capsys.readouterr().out
    assert "6 users × 2 days" in out and "sample users" in out
    trace = Trace.read_jsonl(trace_path)
    clients = {name for name, role in trace.header.hosts if role == "client"}
    # the two sample users' devices check; their senders' first devices only send
    assert {"u00001-dev1", "u00001-dev2", "u00002-dev1", "u00002-dev2"} <= clients
    checkers = {e.src for e in trace.messages() if e.protocol in ("POP3", "IMAP") and e.src in clients}
    assert checkers == {"u00001-dev1", "u00001-dev2", "u00002-dev1", "u00002-dev2"}


def test_fidelity_line_runs_the_same_file_line_by_line(
        study_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(study_file), "--fidelity", "line", "--quiet"]) == 0
    assert "Delivered: 60 message(s)" in capsys.readouterr().out


def test_session_fidelity_without_a_workload_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "article-route", "--fidelity", "session"]) == 2
    err = capsys.readouterr().err
    assert "fidelity" in err and "workload" in err


def test_tasks_in_parts_add_up_to_one_run(study_file: Path) -> None:
    scenario = load_scenario(str(study_file))
    tasks = study_tasks(scenario, [OWN], slices=3)
    assert [t.users for t in tasks] == [2, 2, 2]
    parts = merge([run_task(t) for t in tasks])
    whole = run_devices(scenario, OWN, list(scenario.workload.devices), prepare(scenario))  # type: ignore[union-attr]
    assert (parts.server_octets, parts.delivered) == (whole.server_octets, whole.delivered)
    assert [(d.lines, d.octets, d.offline) for d in parts.devices] == [
        (d.lines, d.octets, d.offline) for d in whole.devices]
    assert parts.server_series.tolist() == whole.server_series.tolist()  # type: ignore[union-attr]
    # and in worker processes, the same
    parallel = run_study(scenario, [OWN], workers=2)[OWN]
    assert parallel.devices[0].octets_series.tolist() == parts.devices[0].octets_series.tolist()  # type: ignore[union-attr]
    assert "IMAP" in str(study_table({OWN: parallel}).columns[2]._cells)


def test_human_bytes() -> None:
    assert [human_bytes(v) for v in (0, 999, 1000, 8_376_047_126, 2.81e12)] == [
        "0 B", "999 B", "1 kB", "8.38 GB", "2.81 TB"]


def test_a_trace_of_no_sample_users_is_refused(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "no-sample.yaml"
    path.write_text(STUDY.replace("trace_users: 2", "trace_users: 0"), encoding="utf-8")
    assert main(["run", str(path), "--trace", str(tmp_path / "t.jsonl")]) == 2
    assert "workload.trace_users" in capsys.readouterr().err


@pytest.mark.parametrize("width", [80, 100])
def test_no_number_is_cut_from_its_device_or_unit(study_file: Path, width: int) -> None:
    """At 80 and 100 columns every "1 POP3: 8.37 GB" line of the table stays whole."""
    import re

    from rich.console import Console

    from mailsim.scenario.compare import STRATEGIES

    results = run_study(load_scenario(str(study_file)), [s.key for s in STRATEGIES], workers=1)
    console = Console(width=width, record=True)
    console.print(study_table(results))
    out = console.export_text()
    expected = {line for column in (2, 3) for line in
                "\n".join(study_table(results).columns[column]._cells).split("\n")}
    assert expected and all(re.match(r"^\d (POP3|IMAP): \S", line) for line in expected)
    missing = [line for line in expected if line not in out]
    assert not missing
