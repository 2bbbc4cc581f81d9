"""mailsim sweep: variants x seeds in a process pool (or on Dask), outcomes read from traces."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from mailsim import cli
from mailsim.scenario import load_scenario, parallel
from mailsim.scenario.build import run_scenario
from mailsim.scenario.outcomes import Outcome, outcome_of, summarize
from mailsim.scenario.sweep import parse_seeds, parse_vary, run_sweep, variants
from mailsim.trace import MessageEvent, StateEvent
from mailsim.views.sweep import key_lines, sweep_table

LATENCY = "links.4.latency=40ms,400ms"  # relay.example.net <-> mx.example.jp in article-route


def _message(seq: int, size: int) -> MessageEvent:
    return MessageEvent(seq, 0.0, 0.1, "a", "b", "SMTP", 25, "c1", "x", size)


def _state(seq: int, t: float, action: str, **data: object) -> StateEvent:
    return StateEvent(seq, t, "n", action, data)


def test_an_outcome_counts_what_the_trace_says() -> None:
    events = [
        _state(0, 1.0, "composed", message_id="<m1>"),
        _state(1, 2.0, "composed", message_id="<m2>"),
        _message(2, 100),
        _state(3, 3.0, "retry", message_id="<m1>"),
        _state(4, 4.5, "stored", message_id="<m1>"),  # 3.5 s after Send
        _state(5, 5.0, "stored", message_id="<m1>"),  # a second recipient: 4.0 s
        _state(6, 6.0, "bounced", message_id="<m2>", recipients=["x@y", "z@y"]),
        _state(7, 7.0, "stored", message_id="<dsn>"),  # the bounce notice is not a delivery
        _message(8, 23),
    ]
    assert outcome_of(events, seed=7) == Outcome(seed=7, delivered=2, delay=3.75, retries=1,
                                                 bounces=2, wire_bytes=123)
    assert outcome_of([], seed=1).delay is None


def test_a_summary_spreads_each_number_over_the_seeds() -> None:
    runs = [Outcome(1, 1, 2.0, 0, 0, 10), Outcome(2, 1, 4.0, 2, 0, 30), Outcome(3, 0, None, 1, 1, 20)]
    summary = summarize("x", runs)
    assert summary.runs == 3
    delay, wire = summary.spreads["delay"], summary.spreads["wire_bytes"]
    assert delay is not None and (delay.mean, delay.low, delay.high) == (3.0, 2.0, 4.0)
    assert wire is not None and (wire.mean, wire.low, wire.high) == (20.0, 10.0, 30.0)


@pytest.mark.parametrize("key", [
    "hosts[mx.example.jp].queue.first_retry", 'hosts["mx.example.jp"].queue.first_retry',
    "hosts['mx.example.jp'].queue.first_retry", "hosts.mx.example.jp.queue.first_retry",
])
def test_a_dotted_host_name_is_one_key_however_it_is_written(key: str) -> None:
    _, found = variants("relay-outage", [parse_vary(f"{key}=1m,10m")])
    assert [v.label for v in found] == ['hosts["mx.example.jp"].queue.first_retry=1m',
                                        'hosts["mx.example.jp"].queue.first_retry=10m']
    assert [v.scenario.hosts["mx.example.jp"].queue.first_retry for v in found] == [60, 600]


def test_list_items_by_index_with_a_dot_or_brackets() -> None:
    for key in ("links.4.latency", "links[4].latency"):
        _, found = variants("article-route", [parse_vary(f"{key}=40ms,400ms")])
        assert [v.scenario.links[4].latency for v in found] == [0.04, 0.4]


def test_without_vary_the_variant_is_the_scenario_as_written() -> None:
    base, found = variants("article-route", [])
    assert len(found) == 1 and found[0].settings == () and found[0].scenario == base
    assert base == load_scenario("article-route")


def test_the_last_vary_changes_fastest_and_other_values_stay() -> None:
    _, found = variants("article-route", [parse_vary(LATENCY), parse_vary("links.0.latency=1ms,2ms")])
    assert [v.label for v in found] == [
        "links[4].latency=40ms, links[0].latency=1ms", "links[4].latency=40ms, links[0].latency=2ms",
        "links[4].latency=400ms, links[0].latency=1ms", "links[4].latency=400ms, links[0].latency=2ms",
    ]
    assert {v.scenario.links[1].latency for v in found} == {0.0005}


def test_a_workload_key_changes_what_the_workload_expands_into() -> None:
    _, found = variants("workload-demo", [parse_vary("workload.users=4,8")])
    assert [len(v.scenario.hosts) for v in found] == [14, 22]  # 2 devices per user more


def test_a_session_level_study_is_refused_it_has_no_trace_to_read(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["sweep", "storage-study"]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "storage-study.yaml: fidelity: expected line: a sweep runs every protocol line and reads "
        "its trace (a session-level study is for mailsim compare)")


def test_seeds() -> None:
    assert parse_seeds("1..4") == [1, 2, 3, 4]
    assert parse_seeds("7") == [7]
    assert parse_seeds("1,3..4, 9") == [1, 3, 4, 9]


def test_two_values_by_two_seeds_give_the_expected_outcomes() -> None:
    _, found = variants("article-route", [parse_vary(LATENCY)])
    outcomes = run_sweep(found, [1, 2], workers=2)
    assert [[o.seed for o in runs] for runs in outcomes] == [[1, 2], [1, 2]]
    for variant, runs in zip(found, outcomes, strict=True):
        for outcome in runs:  # each equals what its own trace says, run here
            assert outcome == outcome_of(run_scenario(variant.scenario, seed=outcome.seed), outcome.seed)
            assert (outcome.delivered, outcome.retries, outcome.bounces) == (1, 0, 0)
    fast, slow = (runs[0].delay for runs in outcomes)
    assert fast is not None and slow is not None
    # the SMTP dialogue with mx.example.jp takes several round trips over the slower link
    assert slow - fast > 5 * 2 * (0.4 - 0.04)


def test_same_seeds_same_outcomes_serial_or_parallel() -> None:
    _, found = variants("mx-failover", [parse_vary("links.0.latency=1ms,20ms")])
    serial = run_sweep(found, [1, 2, 3], workers=1)
    assert run_sweep(found, [1, 2, 3], workers=2) == serial
    assert run_sweep(found, [1, 2, 3], workers=2) == serial


def test_a_varied_seed_is_each_variants_own_unless_seeds_are_given(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, found = variants("mx-failover", [parse_vary("seed=3,4")])
    assert [[o.seed for o in runs] for runs in run_sweep(found, None, workers=1)] == [[3], [4]]
    assert cli.main(["sweep", "mx-failover", "--vary", "seed=3,4", "--seeds", "1..2"]) == 2
    assert "the seed is set by --seeds" in capsys.readouterr().err


def test_sweep_command_prints_the_table_and_draws(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    figure = tmp_path / "sweep.png"
    code = cli.main(["sweep", "article-route", "--vary", LATENCY, "--seeds", "1..2", "-o", str(figure)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Sweep of article-route: 2 variant(s) × 2 seed(s)" in out
    rows = [line.split("│") for line in out.splitlines() if line.startswith(("│ 40ms ", "│ 400ms "))]
    assert len(rows) == 2
    assert [row[2].strip() for row in rows] == ["0.7793 s", "5.4593 s"]  # delay, as the trace says
    assert figure.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(("argv", "message"), [
    (["--vary", "links.4.latency"],
     "--vary links.4.latency: expected KEY=VALUE1,VALUE2,... (such as links.0.latency=5ms,50ms)"),
    (["--vary", "links[4.latency=1ms"], "--vary links[4.latency=1ms: expected ']' to close"),
    (["--vary", "links.4.latency=1ms,,2ms"], "expected a value between every two commas"),
    (["--vary", "links.9.latency=1ms"],
     "--vary links.9.latency=1ms: links: expected an index from 0 to 6 (the list has 7 items)"),
    (["--vary", "links.4.latencyy=1ms"],
     '(--vary links[4].latencyy=1ms): links[4].latencyy: unknown key (check its spelling)'),
    (["--vary", "links.4.latency=fast"], "(--vary links[4].latency=fast): links[4].latency: "),
    (["--vary", "hosts.mx.example.jq.queue.first_retry=1m"],
     "--vary hosts.mx.example.jq.queue.first_retry=1m: hosts has no 'mx' (it has: alice-pc, "),
    (["--vary", "name.x=1"], "--vary name.x=1: name is 'article-route', not a mapping or a list"),
    (["--vary", "links.4.latency=1ms", "--vary", "links[4].latency=2ms"],
     "--vary links[4].latency=2ms: links[4].latency is varied twice: give all its values in one --vary"),
    (["--seeds", "1..x"], "--seeds 1..x: expected whole numbers"),
    (["--seeds", "5..1"], "--seeds 5..1: expected FIRST..LAST with 0 <= FIRST <= LAST"),
    (["--workers", "2", "--dask", "tcp://127.0.0.1:1"], "--workers: is for the process pool"),
])
def test_bad_options_exit_2_with_one_clear_message(argv: list[str], message: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["sweep", "article-route", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_without_dask_installed_the_message_says_how_to_get_it(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    assert cli.main(["sweep", "article-route", "--dask", "tcp://127.0.0.1:8786"]) == 2
    assert capsys.readouterr().err.strip() == (
        "--dask tcp://127.0.0.1:8786: Dask is not installed; pip install 'mailsim[dask]'")


class TooSlow(Exception):
    pass


@pytest.fixture
def deadline() -> Iterator[None]:
    """The Dask tests stop by themselves: a hang fails them after two minutes."""
    def expired(signum: int, frame: FrameType | None) -> None:
        raise TooSlow("the Dask test took longer than 120 s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, 120)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(("address", "why"), [
    ("nonsense", "missing port number in address 'nonsense'"),
    ("tcp://localhost", "missing port number in address 'localhost'"),
    ("foo://x:1", "unknown scheme 'foo'; known: "),
])
def test_an_address_dask_cannot_read_is_refused_at_once(
        address: str, why: str, deadline: None, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    assert cli.main(["sweep", "article-route", "--dask", address]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"--dask {address}: expected a scheduler address such as tcp://host:8786 ({why}")
    assert "Traceback" not in err


def test_a_scheduler_that_does_not_answer_is_named(
        deadline: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "DASK_CONNECT_TIMEOUT", 1.0)
    assert cli.main(["sweep", "article-route", "--dask", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("--dask tcp://127.0.0.1:9: expected the address of a running Dask scheduler")


def test_a_local_dask_cluster_gives_the_outcomes_of_the_process_pool(deadline: None) -> None:
    distributed = pytest.importorskip("distributed")
    _, found = variants("article-route", [parse_vary(LATENCY)])
    local = run_sweep(found, [1, 2], workers=2)
    # Worker processes, as on a real cluster: tasks and outcomes are pickled both ways.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  worker_dashboard_address=None) as cluster:
        assert run_sweep(found, [1, 2], dask=cluster.scheduler_address) == local


@pytest.mark.parametrize(("key", "lines"), [
    ('hosts["mx.example.jp"].checks.dmarc', ['hosts["mx.example.jp"]', ".checks.dmarc"]),
    ('hosts["relay.example.net"].queue.first_retry', ['hosts["relay.example.net"]', ".queue.first_retry"]),
    ("links[0].latency", ["links[0].latency"]),
])
def test_a_long_key_breaks_between_its_parts_never_inside_a_name(key: str, lines: list[str]) -> None:
    assert key_lines(key).split("\n") == lines


def test_the_key_header_reads_whole_at_80_columns() -> None:
    from rich.console import Console

    row = ((('hosts["mx.example.jp"].checks.dmarc', "enforce"),), {"delay": None})
    console = Console(width=80, record=True)
    console.print(sweep_table("forged-sender", [row], 1))
    out = console.export_text()
    assert 'hosts["mx.example.jp"]' in out and ".checks.dmarc" in out
