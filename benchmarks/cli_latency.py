"""How long the everyday commands take, from a fresh process to its exit.

``.venv/bin/python benchmarks/cli_latency.py [--repeat R]`` (default 3, about half a
minute) runs each command R times in a child process, in a scratch directory, and
prints the best wall time and the CPU time (user + system) of that best run, read
from ``os.wait4``. The baseline row is ``python -c pass``: the interpreter alone.
Find what a command imports with ``.venv/bin/python -X importtime -m mailsim ...``.

The children may write bytecode whatever ``PYTHONDONTWRITEBYTECODE`` says here: a user's
installed mailsim has its ``.pyc`` files, and without them every command compiles the
modules it imports again (about 0.25 s of ``mailsim run``'s CPU on this machine).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "article-route.jsonl"
MAILSIM = [sys.executable, "-m", "mailsim"]

COMMANDS: list[tuple[str, list[str], str | None]] = [
    ("python -c pass", [sys.executable, "-c", "pass"], None),
    ("mailsim --help", [*MAILSIM, "--help"], None),
    ("mailsim run", [*MAILSIM, "run"], None),
    ("mailsim run --quiet", [*MAILSIM, "run", "--quiet"], None),
    ("mailsim diagram --per-page (6 PNG pages)",
     [*MAILSIM, "diagram", "--per-page", "-o", "seq.png"], None),
    ("mailsim diagram --page 1", [*MAILSIM, "diagram", "--page", "1", "-o", "one.png"], None),
    ("mailsim diagram TRACE --format mermaid",
     [*MAILSIM, "diagram", str(GOLDEN), "--format", "mermaid", "-o", "seq.mmd"], None),
    ("mailsim step --plain TRACE (quit)", [*MAILSIM, "step", "--plain", str(GOLDEN)], "q\n"),
    ("mailsim compare", [*MAILSIM, "compare"], None),
    ("mailsim compare -o storage.png", [*MAILSIM, "compare", "-o", "storage.png"], None),
]


CHILD_ENV = {name: value for name, value in os.environ.items()
             if name != "PYTHONDONTWRITEBYTECODE"}


def timed(argv: list[str], stdin: str | None, cwd: str) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv`` (its output thrown away)."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=CHILD_ENV)
    assert child.stdin is not None
    child.stdin.write((stdin or "").encode())
    child.stdin.close()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited with status {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'command':<42} {'wall s':>8} {'CPU s':>8}   (best of {args.repeat})")
    with tempfile.TemporaryDirectory() as scratch:
        for name, argv, stdin in COMMANDS:
            runs = [timed(argv, stdin, scratch) for _ in range(args.repeat)]
            wall, cpu = min(runs)
            print(f"{name:<42} {wall:8.2f} {cpu:8.2f}")


if __name__ == "__main__":
    main()
