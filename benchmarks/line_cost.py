"""What a protocol line costs, and where: CPU-time ratio to bare SimPy, calendar entries, GC, shares.

``run_benchmark.py`` compares wall-clock times, which a shared machine skews: a
long mailsim run is preempted more often than the short bare loop. This script
takes *process CPU time* (``time.process_time``) of the same two workloads
(``run_benchmark.many_messages`` and ``run_benchmark.bare_simpy``), alternating
them, best of ``--repeat``, and prints besides the ratio:

- calendar entries per protocol line: how many entries the run put on SimPy's
  queue (the environment's id counter at the end), per line and per unit on the wire;
- the cyclic garbage collector's share of the run (``gc.callbacks``), and its
  collections per generation;
- with ``--sample``, where the CPU goes: a thread samples the running frame
  every half millisecond and bills each sample to the innermost frame of mailsim
  (by package) or SimPy; standard-library code is billed to its caller. Coarse,
  but without cProfile's per-call cost, which inflates small, often-called functions.

Run: ``python benchmarks/line_cost.py [--messages N] [--repeat R] [--sample]``.
"""

from __future__ import annotations

import argparse
import collections
import gc
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from run_benchmark import bare_simpy, many_messages

from mailsim.scenario.build import build_world
from mailsim.scenario.model import Scenario
from mailsim.trace import Trace
from mailsim.views.table import summary


def cpu(run: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.process_time()
    result = run()
    return time.process_time() - start, result


def run_counted(scenario: Scenario) -> tuple[Trace, int]:
    """The run as ``run_scenario`` does it, and how many calendar entries it made."""
    world = build_world(scenario)
    trace = world.run()
    return trace, next(world.env._eid)  # the id the next entry would get


def gc_share(scenario: Scenario) -> tuple[float, float, dict[int, int]]:
    """Run once with the collector timed: run seconds, GC seconds, collections per generation."""
    started = [0.0]
    spent = [0.0]
    counts: collections.Counter[int] = collections.Counter()

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            spent[0] += time.process_time() - started[0]
            counts[info["generation"]] += 1

    gc.collect()  # before the watch: cpu()'s own full collection is no part of the run
    gc.callbacks.append(watch)
    try:
        start = time.process_time()
        run_counted(scenario)
        seconds = time.process_time() - start
    finally:
        gc.callbacks.remove(watch)
    return seconds, spent[0], dict(sorted(counts.items()))


def package(filename: str) -> str | None:
    if "/mailsim/" in filename:
        part = filename.split("/mailsim/")[-1]
        return "mailsim/" + part.split("/")[0] if "/" in part else "mailsim/" + part
    if "/simpy/" in filename:
        return "simpy"
    return None


def sampled_shares(scenario: Scenario, runs: int = 2) -> list[tuple[str, float]]:
    """Share of samples per package (see the module's docstring)."""
    main = threading.main_thread().ident
    counts: collections.Counter[str] = collections.Counter()
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            time.sleep(0.0005)
            frame = sys._current_frames().get(main or 0)
            while frame is not None and package(frame.f_code.co_filename) is None:
                frame = frame.f_back
            if frame is not None:
                counts[package(frame.f_code.co_filename) or "?"] += 1

    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        for _ in range(runs):
            run_counted(scenario)
    finally:
        done.set()
        sampler.join()
        sys.setswitchinterval(interval)
    total = sum(counts.values()) or 1
    return [(name, count / total) for name, count in counts.most_common()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000, help="mails to send (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs to take the best of (default 5)")
    parser.add_argument("--sample", action="store_true", help="also sample where the CPU goes")
    args = parser.parse_args(argv)
    if args.messages < 1 or args.repeat < 1:
        parser.error("--messages and --repeat must be at least 1")

    scenario = many_messages(args.messages)
    trace, entries = run_counted(scenario)
    lines = summary(trace)["protocol_lines"]
    assert isinstance(lines, int)
    units = len(trace.messages())
    best_mailsim = best_bare = float("inf")
    for _ in range(args.repeat):  # alternate, so both see the same load
        best_mailsim = min(best_mailsim, cpu(lambda: run_counted(scenario))[0])
        best_bare = min(best_bare, cpu(lambda: bare_simpy(lines))[0])
    run_s, gc_s, collections_by_gen = gc_share(scenario)

    rows = [
        ("messages", f"{args.messages}"),
        ("protocol lines", f"{lines}"),
        ("units on the wire", f"{units}  (lines, TCP segments, TLS flights)"),
        ("trace events", f"{len(trace)}"),
        ("calendar entries", f"{entries}  ({entries / lines:.2f} per line, "
                             f"{entries / units:.2f} per unit)"),
        ("mailsim CPU seconds", f"{best_mailsim:.3f}  (best of {args.repeat})"),
        ("bare SimPy CPU seconds", f"{best_bare:.3f}  (best of {args.repeat})"),
        ("CPU ratio (mailsim/bare)", f"{best_mailsim / best_bare:.2f}x slower per line "
                                     f"({best_bare / best_mailsim:.3f}x the bare rate)"),
        ("cyclic GC", f"{gc_s:.3f} s of {run_s:.3f} s ({100 * gc_s / run_s:.1f} %), "
                      f"collections by generation {collections_by_gen}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    if args.sample:
        print("where the CPU goes (sampled):")
        for name, share in sampled_shares(scenario):
            print(f"  {name:<24} {100 * share:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
