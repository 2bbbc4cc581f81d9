"""compare's strategies in worker processes: the same traces as one after another, and
failures that say what failed instead of a traceback or a hang (mailsim.scenario.parallel)."""

from __future__ import annotations

import os
import re
import signal
import threading
import time

import pytest

from mailsim import cli
from mailsim.scenario import ScenarioError, load_scenario, parallel
from mailsim.scenario import compare as compare_module
from mailsim.scenario.compare import STRATEGIES, run_strategies
from mailsim.scenario.parallel import TaskFailed, map_tasks


def square(n: int) -> int:
    return n * n


def fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three is not allowed")
    return n


def die_on_two(n: int) -> int:
    if n == 2:
        os._exit(3)  # as if the kernel killed the worker
    return n


def fail_or_sleep(n: int) -> int:
    if n == 1:
        time.sleep(0.5)  # the long run below has started by now
        raise ValueError("one failed")
    time.sleep(600)  # waiting for this would hang the test
    return n


def bad_scenario(n: int) -> int:
    raise ScenarioError("extra.yaml", [("hosts.mx", "unknown host")])


def test_parallel_compare_gives_the_sequential_traces_byte_for_byte_in_order() -> None:
    scenario = load_scenario("pop3-vs-imap")
    one_by_one = run_strategies(scenario, workers=1)
    parallel_runs = run_strategies(scenario, workers=2)
    assert list(parallel_runs) == list(one_by_one) == [s.key for s in STRATEGIES]
    for key, trace in one_by_one.items():
        assert parallel_runs[key].to_jsonl() == trace.to_jsonl(), key
    # the strategies really differ, so an order mix-up would show above
    assert len({trace.to_jsonl() for trace in one_by_one.values()}) == len(STRATEGIES)


def test_results_come_back_in_task_order() -> None:
    assert map_tasks(square, list(range(9)), workers=2) == [n * n for n in range(9)]


def test_with_another_thread_running_workers_come_from_a_fork_server() -> None:
    # fork copies only the calling thread: a lock another thread holds would stay locked
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel._context(__name__).get_start_method() == "forkserver"
        assert map_tasks(square, list(range(6)), workers=2) == [n * n for n in range(6)]
    finally:
        stop.set()
        other.join()
    assert parallel._context(__name__).get_start_method() == "fork"


def test_one_worker_runs_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(parallel, "_pool_map", no_pool)
    assert map_tasks(square, [1, 2, 3], workers=1) == [1, 4, 9]
    assert map_tasks(square, [5]) == [25]  # one task: no pool either


def test_default_workers_is_one_per_task_at_most_one_per_core() -> None:
    assert parallel.default_workers(4) == min(4, os.cpu_count() or 1)
    assert parallel.default_workers(1) == 1
    assert parallel.default_workers(0) == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_task_is_named_with_its_error(workers: int) -> None:
    with pytest.raises(TaskFailed) as caught:
        map_tasks(fail_on_three, [1, 2, 3, 4], workers=workers, names=["a", "b", "c", "d"])
    message = str(caught.value)
    assert message.startswith("c: failed: ValueError: three is not allowed (at test_compare_parallel.py:")


def test_a_worker_that_dies_is_reported_not_waited_for() -> None:
    with pytest.raises(TaskFailed, match="a worker process stopped unexpectedly"):
        map_tasks(die_on_two, [1, 2, 3, 4], workers=2)


def test_a_failure_ends_the_runs_still_going() -> None:
    def expired(signum: int, frame: object) -> None:
        raise AssertionError("map_tasks waited for the long run")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, 60)
    try:
        with pytest.raises(TaskFailed, match="task 1: failed: ValueError: one failed"):
            map_tasks(fail_or_sleep, [1, 2], workers=2)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_scenario_error_in_a_worker_stays_a_scenario_error(workers: int) -> None:
    with pytest.raises(ScenarioError) as caught:
        map_tasks(bad_scenario, [1, 2], workers=workers)
    assert caught.value.message == "extra.yaml: hosts.mx: unknown host"


def test_compare_command_reports_a_failed_run_without_a_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken_run(scenario: object, *, seed: int | None = None) -> None:
        raise RuntimeError("the simulation broke")

    # Workers are forked from this process (one thread: see parallel._context), so they
    # inherit the patched module.
    monkeypatch.setattr(compare_module, "run_scenario", broken_run)
    assert cli.main(["compare", "pop3-vs-imap"]) == 1
    err = capsys.readouterr().err
    # Every run fails: the first to finish is reported (the others are not waited for).
    assert re.match(r"compare: the run with (POP3, delete after download|POP3, leave on server|IMAP"
                    r"|IMAP with local cache): failed: RuntimeError: the simulation broke", err), err
    assert "Traceback" not in err
