"""Peak memory of ``mailsim run --quiet --trace`` as the run grows: it must stay flat.

``.venv/bin/python benchmarks/run_memory.py [--messages N ...] [--no-baseline]``
(default N = 1,000, 5,000 and 20,000). For each N it writes ``article-route`` with N
sends (the sends of ``run_benchmark.many_messages``: one every 0.5 s, to Bob and Alice in
turn) as a YAML scenario in a temporary directory, then runs, each in a fresh child process:

* **streamed**: ``mailsim run FILE --quiet --trace OUT.jsonl`` (with ``--max-events`` raised
  to fit): the records stream to the file, the summary and the verdict, and only a window
  of them stays in memory;
* **in memory** (the baseline, unless ``--no-baseline``): what ``run`` did before, in a child
  Python: the whole trace held (``run_scenario``), written with ``write_jsonl``, then
  summarised and checked (``summary``, ``promises.check``).

It prints each child's peak resident set size (``ru_maxrss`` from ``os.wait4``; a child's
peak starts at its parent's, so this process imports nothing of mailsim), its wall time, the
trace's events and size, and the growth per 1,000 mails from the smallest N to the largest.
It checks that both files have the same bytes. Memory is measured only here, never asserted
in tests.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCENARIO = HERE.parent / "scenarios" / "article-route.yaml"

# run_benchmark.many_messages' sends written as YAML, by a child (run_benchmark imports
# mailsim, and a child's peak RSS starts at its parent's): the run then reads its scenario
# from a file, as a user's would be.
MAKE = """
import sys
import yaml
sys.path.insert(0, sys.argv[3])
from run_benchmark import RECIPIENTS, SENDER, SPACING_S
messages = int(sys.argv[2])
with open(sys.argv[4], encoding="utf-8") as f:
    scenario = yaml.safe_load(f)
scenario["steps"] = [
    {"at": i * SPACING_S,
     "send": {"from": SENDER, "to": [RECIPIENTS[i % len(RECIPIENTS)]],
              "subject": f"Benchmark message {i + 1}",
              "body": f"Message {i + 1} of {messages}.\\n.A dot-stuffed line.\\n"}}
    for i in range(messages)
]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    yaml.safe_dump(scenario, f, allow_unicode=True, sort_keys=False)
"""

BASELINE = """
import sys
from mailsim.scenario import load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.scenario.budget import longest_lifetime
from mailsim.trace.promises import check
from mailsim.views.table import summary
scenario = load_scenario(sys.argv[1], max_events=int(sys.argv[3]))
trace = run_scenario(scenario)
trace.write_jsonl(sys.argv[2])
summary(trace)
sys.exit(0 if check(trace, lifetime=longest_lifetime(scenario)).ok else 1)
"""


def measure(command: list[str]) -> tuple[float, float]:
    """Peak RSS in MiB and wall seconds of ``command`` run as a child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as errors:
        # 20,000 sends are about 3 MB of YAML, past the scenario file's usual cap.
        env = {**os.environ, "MAILSIM_MAX_SCENARIO_SIZE": "100MB"}
        child = subprocess.Popen(command, stdout=out, stderr=errors, text=True, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.read()}")
    return usage.ru_maxrss / 1024, seconds  # Linux gives ru_maxrss in KiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, nargs="+", default=[1_000, 5_000, 20_000])
    parser.add_argument("--no-baseline", action="store_true",
                        help="only the streamed run (the in-memory one needs ~0.7 GB at 20,000)")
    args = parser.parse_args()
    rows: list[tuple[int, float, float | None]] = []
    print(f"{'mails':>7} {'events':>10} {'trace':>9}   {'streamed':>18}   {'in memory':>18}")
    with tempfile.TemporaryDirectory() as folder:
        for messages in args.messages:
            scenario, out, old = (Path(folder) / name for name in
                                  (f"many-{messages}.yaml", "streamed.jsonl", "in-memory.jsonl"))
            measure([sys.executable, "-c", MAKE, str(scenario), str(messages), str(HERE),
                     str(SCENARIO)])
            cap = str(messages * 200 + 1_000)  # a send is about 67 records, estimated at 161
            peak, seconds = measure([sys.executable, "-m", "mailsim", "run", str(scenario),
                                     "--quiet", "--trace", str(out), "--max-events", cap])
            with out.open("rb") as f:
                events = sum(1 for _ in f) - 1
            size = out.stat().st_size / 2**20
            line = (f"{messages:>7,} {events:>10,} {size:>5.0f} MiB   "
                    f"{peak:>6.0f} MiB {seconds:>6.1f} s")
            old_peak = None
            if not args.no_baseline:
                old_peak, old_seconds = measure([sys.executable, "-c", BASELINE, str(scenario),
                                                 str(old), cap])
                if not filecmp.cmp(out, old, shallow=False):
                    raise SystemExit(f"{messages} mails: the streamed file differs from the "
                                     "in-memory one")
                line += f"   {old_peak:>6.0f} MiB {old_seconds:>6.1f} s"
            print(line, flush=True)
            rows.append((messages, peak, old_peak))
    if len(rows) > 1:
        (first, low, old_low), (last, high, old_high) = rows[0], rows[-1]
        per = 1000 / (last - first)
        print(f"growth per 1,000 mails: streamed {(high - low) * per:.1f} MiB"
              + (f", in memory {(old_high - old_low) * per:.1f} MiB"
                 if old_low is not None and old_high is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
