"""Peak memory of the views on a long trace: the player, the Mermaid export, the state fold.

``.venv/bin/python benchmarks/trace_memory.py [--events N ...] [--jumps J]`` (default
N = 20,000 and 200,000). For each N it writes a trace of exactly N events from
a run of ``article-route`` with many sends (``run_benchmark.many_messages``,
cut to its first N events, which is still a valid trace), then runs each
measurement in a fresh child process and prints the child's peak resident set
size (``ru_maxrss`` from ``os.wait4``) and its wall time:

* **read only**: ``Trace.read_jsonl`` and nothing else: the floor under every view,
  since each of them holds the trace;
* **step --plain, 129 events**: the player on the golden trace, for the cost of
  the command's imports alone (rich, the captions...);
* **step --plain**: ``mailsim step --plain FILE`` with a few commands on stdin
  (Enter twice, a jump to the middle, back, the last step, step 5, ``q``);
* **diagram mermaid**: ``mailsim diagram FILE --format mermaid -o OUT.mmd``;
* **mermaid streamed**: the same text written line by line (``write_mermaid``);
* **state fold, J jumps**: ``Checkpoints`` over the trace (frozen out of the
  garbage collector's reach past 50,000 events, as ``mailsim step`` does), then
  J jumps to seeded random steps, then 200 steps on and back from the middle;
  it also prints the snapshots kept and the median and slowest time of one jump;
* **replay (whole fold)**: ``replay(trace)``, the state after the last event.

Memory is measured only here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parent / "tests" / "golden" / "article-route.jsonl"

# A child's peak RSS starts at its parent's (Linux carries it over fork and
# exec), so this process imports nothing of mailsim: even the trace is made by
# a child.
GENERATE = """
import sys
sys.path.insert(0, sys.argv[3])
from run_benchmark import many_messages
from mailsim.scenario.build import run_scenario
from mailsim.trace import Trace
events = int(sys.argv[2])
sends = events // 64 + 1  # a send adds about 67 events
while True:
    trace = run_scenario(many_messages(sends))
    if len(trace) >= events:
        break
    sends += sends // 10 + 1
Trace(trace.header, trace[:events]).write_jsonl(sys.argv[1])
"""

READ = """
import sys
from mailsim.trace import Trace
Trace.read_jsonl(sys.argv[1])
"""

MERMAID = """
import sys
from mailsim.trace import Trace
from mailsim.views.mermaid import write_mermaid
trace = Trace.read_jsonl(sys.argv[1])
with open(sys.argv[2], "w", encoding="utf-8") as out:
    write_mermaid(out, trace)
"""

FOLD = """
import gc, json, random, statistics, sys, time
from mailsim.commands.player import FREEZE_AFTER
from mailsim.trace import Trace
from mailsim.trace.replay import Checkpoints
trace = Trace.read_jsonl(sys.argv[1])
if len(trace) > FREEZE_AFTER:
    gc.freeze()  # as mailsim step does
jumps = int(sys.argv[2])
states = Checkpoints(trace)
rng = random.Random(11)
times = []
for count in [len(trace), *(rng.randrange(len(trace) + 1) for _ in range(jumps))]:
    start = time.perf_counter()
    states.after(count)
    times.append(time.perf_counter() - start)
middle = len(trace) // 2
for count in [*range(middle, middle + 100), *range(middle + 100, middle - 100, -1)]:
    states.after(count)
print(json.dumps({"snapshots": states.snapshots, "every": states.every,
                  "median_ms": statistics.median(times[1:]) * 1000,
                  "max_ms": max(times[1:]) * 1000, "first_ms": times[0] * 1000}))
"""

REPLAY = """
import sys
from mailsim.trace import Trace
from mailsim.trace.replay import replay
replay(Trace.read_jsonl(sys.argv[1]))
"""


def measure(command: list[str], stdin: str = "") -> tuple[float, float, str]:
    """Peak RSS in MiB, wall seconds and stdout of ``command`` run as a child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as feed, tempfile.TemporaryFile("w+") as out:
        feed.write(stdin)
        feed.seek(0)
        child = subprocess.Popen(command, stdin=feed, stdout=out, stderr=subprocess.PIPE,
                                 text=True)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        errors = child.stderr.read() if child.stderr else ""
        if child.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{errors}")
        out.seek(0)
        # Linux gives ru_maxrss in KiB.
        return usage.ru_maxrss / 1024, seconds, out.read()


def report(events: int, jumps: int, folder: Path) -> None:
    path = folder / f"trace-{events}.jsonl"
    python, mailsim = [sys.executable, "-c"], [sys.executable, "-m", "mailsim"]
    _, seconds, _ = measure([*python, GENERATE, str(path), str(events), str(HERE)])
    print(f"\n{events:,} events ({path.stat().st_size / 2**20:.1f} MiB, "
          f"made in {seconds:.1f} s)")
    commands = f"\n\n{events // 2}\nb\nG\n5\nq\n"
    rows = [
        ("read only", [*python, READ, str(path)], ""),
        ("step --plain, 129 events", [*mailsim, "step", "--plain", str(GOLDEN)], "q\n"),
        ("step --plain", [*mailsim, "step", "--plain", str(path)], commands),
        ("diagram mermaid", [*mailsim, "diagram", str(path), "--format", "mermaid",
                             "-o", str(folder / "out.mmd")], ""),
        ("mermaid streamed", [*python, MERMAID, str(path), str(folder / "streamed.mmd")], ""),
        (f"state fold, {jumps} jumps", [*python, FOLD, str(path), str(jumps)], ""),
        ("replay (whole fold)", [*python, REPLAY, str(path)], ""),
    ]
    print(f"  {'measurement':<26} {'peak RSS':>10} {'seconds':>8}")
    for name, command, stdin in rows:
        peak, seconds, out = measure(command, stdin)
        print(f"  {name:<26} {peak:>6.0f} MiB {seconds:>8.2f}")
        if name.startswith("state fold"):
            fold = json.loads(out)
            print(f"  {'':<26} {fold['snapshots']} snapshots (one every {fold['every']:,} "
                  f"events); first jump to the end {fold['first_ms']:.0f} ms, then one jump "
                  f"{fold['median_ms']:.1f} ms median, {fold['max_ms']:.1f} ms at most")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--jumps", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for events in args.events:
            report(events, args.jumps, Path(folder))


if __name__ == "__main__":
    main()
