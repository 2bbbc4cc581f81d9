"""Wall time of one sweep with 1 and with 2 worker processes, and the speed-up.

``.venv/bin/python benchmarks/sweep_speedup.py [--scenario NAME] [--vary KEY=V1,V2 ...]
[--seeds 1..6] [--workers 1 2] [--repeat R] [--compare]`` (defaults: ``pop3-vs-imap``,
``--vary links.0.latency=5ms,50ms``, seeds 1..6, that is 12 runs; 1 and 2 workers; R = 3).
The variants are built and validated once; then ``run_sweep`` is timed for each worker
count in turn, R rounds, and the best time of each is kept. It prints the runs, the
seconds, runs per second, the speed-up over the first worker count, the CPU seconds of
this process and its workers in that round (``getrusage``: the work itself, which should
not grow with the workers) and CPU / wall (how many cores the sweep really got), then the
machine's cores and its load average: other work on the machine shrinks the speed-up,
and CPU / wall shows by how much. It exits with status 1 if the outcomes differ between
worker counts. It starts by timing a CPU-only loop and an allocating loop with the same worker
counts: the speed-up this machine gives right now, the bound to read the sweep's against (a
shared or virtual machine may give 2.0x to the first and far less to the second, or nothing
to either while other work runs). ``--compare`` also times
``run_strategies`` (mailsim compare's four runs) the same way.

Speed is measured only here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the workers)."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall seconds, CPU seconds (here and in the workers) and the result of one call."""
    wall, cpu = time.perf_counter(), _cpu()
    result = work()
    return time.perf_counter() - wall, _cpu() - cpu, result


def timed_rounds(repeat: int, workers: list[int],
                 work: Callable[[int], Any]) -> tuple[dict[int, tuple[float, float]], dict[int, Any]]:
    """Per worker count, the (wall, CPU) of its fastest round; rounds interleave the counts,
    so load from other work hits each alike."""
    best: dict[int, tuple[float, float]] = {}
    results: dict[int, Any] = {}
    for _ in range(repeat):
        for count in workers:
            wall, cpu, results[count] = timed(lambda c=count: work(c))
            if count not in best or wall < best[count][0]:
                best[count] = (wall, cpu)
    return best, results


def report(title: str, runs: int, workers: list[int], times: dict[int, tuple[float, float]]) -> None:
    print(f"\n{title}: {runs} runs")
    print(f"{'workers':>8} {'seconds':>9} {'runs/s':>8} {'speed-up':>9} {'CPU s':>7} {'CPU/wall':>9}")
    first = times[workers[0]][0]
    for count in workers:
        wall, cpu = times[count]
        print(f"{count:>8} {wall:>9.2f} {runs / wall:>8.2f} {first / wall:>8.2f}x "
              f"{cpu:>7.2f} {cpu / wall:>9.2f}")


def spin(_: int) -> float:
    """Pure CPU, no memory traffic: what the cores give when nothing else gets in the way."""
    start, total = time.perf_counter(), 0
    for i in range(4_000_000):
        total += i
    return time.perf_counter() - start


def churn(_: int) -> float:
    """Make and drop many small objects, as a run does: memory traffic too."""
    start = time.perf_counter()
    for _round in range(8):
        junk = [{"n": i, "s": str(i)} for i in range(100_000)]
        del junk
    return time.perf_counter() - start


def calibrate(workers: list[int]) -> None:
    """The speed-up the machine gives right now to a CPU-only loop and to an allocating one,
    four tasks each: the bounds a sweep's speed-up is to be read against."""
    import multiprocessing

    for name, work in (("CPU-only loop", spin), ("allocating loop", churn)):
        walls = {}
        for count in workers:
            start = time.perf_counter()
            with multiprocessing.get_context("fork").Pool(count) as pool:
                pool.map(work, range(4))
            walls[count] = time.perf_counter() - start
        shown = ", ".join(f"{count} workers {walls[count]:.2f} s" for count in workers)
        print(f"machine now, {name}: {shown}; speed-up {walls[workers[0]] / walls[workers[-1]]:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="pop3-vs-imap")
    parser.add_argument("--vary", action="append", default=None, metavar="KEY=V1,V2")
    parser.add_argument("--seeds", default="1..6")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compare", action="store_true", help="also time compare's four runs")
    args = parser.parse_args()
    calibrate(args.workers)

    from mailsim.scenario import load_scenario
    from mailsim.scenario.compare import run_strategies
    from mailsim.scenario.sweep import parse_seeds, parse_vary, run_sweep, variants

    varies = [parse_vary(option) for option in (args.vary or ["links.0.latency=5ms,50ms"])]
    seeds = parse_seeds(args.seeds)
    _, found = variants(args.scenario, varies)
    runs = len(found) * len(seeds)
    print(f"scenario {args.scenario}: {len(found)} variants x {len(seeds)} seeds; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} before")

    times, outcomes = timed_rounds(args.repeat, args.workers,
                                   lambda count: run_sweep(found, seeds, workers=count))
    report("sweep", runs, args.workers, times)
    same = all(outcomes[count] == outcomes[args.workers[0]] for count in args.workers)

    if args.compare:
        scenario = load_scenario(args.scenario)
        compare_times, traces = timed_rounds(args.repeat, args.workers,
                                             lambda count: run_strategies(scenario, workers=count))
        report("compare (four strategies)", 4, args.workers, compare_times)
        first = traces[args.workers[0]]
        same = same and all(
            [t.to_jsonl() for t in traces[count].values()] == [t.to_jsonl() for t in first.values()]
            for count in args.workers)

    print(f"\nload average {os.getloadavg()[0]:.2f} after; "
          f"outcomes {'identical' if same else 'DIFFER'} across worker counts")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
