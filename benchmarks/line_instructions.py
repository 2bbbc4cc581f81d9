"""Instructions per protocol line: mailsim against the bare SimPy loop, counted by cachegrind.

``run_benchmark.py`` and ``line_cost.py`` time the two workloads; on a machine
shared with other jobs those times swing by tens of percent from one run to the
next. Instruction counts do not: this script runs each workload in a child
process under ``valgrind --tool=cachegrind --cache-sim=no`` and takes the
instructions it executed ("I refs"), minus those of the same child stopped just
before the work (imports, the scenario built in memory), so what is left is
``run_scenario`` (build the world, run, freeze the trace) and ``bare_simpy``
of as many lines. The ratio bare / mailsim is the rate ``run_benchmark.py``
reports as a time ratio; counted instructions ignore cache misses and branch
mispredictions, so it is the figure to decide a change by, not the final one.

Run: ``python benchmarks/line_instructions.py [--messages N]`` (default 200;
about a minute). Needs valgrind.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(kind: str, count: int, work: bool) -> None:
    """One workload, in this process: ``mailsim`` N mails or ``bare`` N lines."""
    sys.path.insert(0, str(HERE))
    from run_benchmark import bare_simpy, many_messages

    from mailsim.scenario.build import run_scenario
    from mailsim.trace import Trace
    from mailsim.views.table import summary

    if kind == "mailsim":
        scenario = many_messages(count)
        if work:
            trace = run_scenario(scenario)
            assert isinstance(trace, Trace)
            print(summary(trace)["protocol_lines"])
    elif work:
        print(bare_simpy(count))


def instructions(kind: str, count: int, work: bool) -> tuple[int, str]:
    """Instructions the child executed, and what it printed."""
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no",
               "--cachegrind-out-file=/dev/null", sys.executable, str(Path(__file__).resolve()),
               "--child", kind, str(count), "1" if work else "0"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr}")
    return int(found.group(1).replace(",", "")), done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200, help="mails to send (default 200)")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "COUNT", "WORK"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, count, work = args.child
        child(kind, int(count), work == "1")
        return 0
    if args.messages < 1:
        parser.error("--messages must be at least 1")
    if shutil.which("valgrind") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 1

    full, printed = instructions("mailsim", args.messages, True)
    lines = int(printed)
    mailsim = full - instructions("mailsim", args.messages, False)[0]
    bare_full, carried = instructions("bare", lines, True)
    bare = bare_full - instructions("bare", lines, False)[0]
    if int(carried) != lines:
        raise SystemExit(f"baseline carried {carried} lines, expected {lines}")
    rows = [
        ("messages", f"{args.messages}"),
        ("protocol lines", f"{lines}"),
        ("mailsim instructions", f"{mailsim:,}  ({mailsim / lines:,.0f} per line)"),
        ("bare SimPy instructions", f"{bare:,}  ({bare / lines:,.0f} per line)"),
        ("ratio", f"{mailsim / bare:.2f}x the instructions per line "
                  f"({bare / mailsim:.3f}x the bare rate)"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
