"""The storage study's wall time and memory: `mailsim compare storage-study`, and one strategy.

Each measurement runs in a fresh child process. It prints the wall time, the child's
CPU time (its own and its workers'), the peak resident set of the largest single
process (``ru_maxrss`` of the child and of its waited-for workers) and the peak of the
whole process tree (the sum of every process's proportional set size, Pss — pages a
forked worker shares with its parent count once — sampled from /proc every 50 ms),
then the ratios to the issue's budget (60 s, 1 GiB). The machine's load average is
printed too: on a shared machine the wall time is mostly waiting for a core.

    .venv/bin/python benchmarks/study.py [--scenario storage-study] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAILSIM = ROOT / ".venv" / "bin" / "mailsim"
BUDGET_S, BUDGET_MIB = 60.0, 1024.0
ONE_STRATEGY = """
import sys
from mailsim.scenario import load_scenario
from mailsim.study.tasks import run_study
scenario = load_scenario(sys.argv[1])
result = run_study(scenario, [sys.argv[2]], workers=1)[sys.argv[2]]
print(result.server_octets, sum(d.octets for d in result.devices))
"""


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        return []
    return found


def _rss_kib(pid: int) -> int:
    """The process's proportional set size (shared pages split among their sharers, so
    forked workers' inherited pages count once over the tree); VmRSS where Pss is missing."""
    for path, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as handle:
                for line in handle:
                    if line.startswith(field):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def tree_rss_kib(root: int) -> int:
    """Memory of ``root`` and all its descendants now (Pss, KiB)."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kib(pid)
        todo += _children(pid)
    return total


def measure(command: list[str]) -> tuple[float, float, float, float]:
    """(wall s, CPU s, largest process MiB, process tree peak MiB) of one child run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_kib(child.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed with status {status}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of wait4 covers the child and the workers it waited for: the largest one
    return wall, cpu, usage.ru_maxrss / 1024, peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="storage-study")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the best is shown")
    args = parser.parse_args()
    runs = {
        f"mailsim compare {args.scenario} -o figure": [str(MAILSIM), "compare", args.scenario,
                                                       "-o", "/tmp/mailsim-study-bench.png"],
        "one strategy (imap), one process": [sys.executable, "-c", ONE_STRATEGY, args.scenario,
                                             "imap"],
        "one strategy (pop3-delete), one process": [sys.executable, "-c", ONE_STRATEGY,
                                                    args.scenario, "pop3-delete"],
    }
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.1f}")
    print(f"{'run':44} {'wall s':>8} {'CPU s':>8} {'max proc MiB':>13} {'tree MiB':>9} "
          f"{'wall/60s':>9} {'tree/1GiB':>10}")
    for name, command in runs.items():
        best = min((measure(command) for _ in range(args.repeat)), key=lambda r: r[0])
        wall, cpu, largest, tree = best
        print(f"{name:44} {wall:8.1f} {cpu:8.1f} {largest:13.0f} {tree:9.0f} "
              f"{wall / BUDGET_S:9.2f} {tree / BUDGET_MIB:10.2f}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
