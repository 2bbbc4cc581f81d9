"""Peak memory of ``mailsim run --quiet --trace`` as the run grows: it must stay flat.

``.venv/bin/python benchmarks/run_memory.py [--messages N ...] [--baseline-max M]``
(default N = 1,000, 5,000 and 20,000; M = 5,000). For each N it takes ``article-route``
with N sends (``run_benchmark.many_messages``: one every 0.5 s, to Bob and Alice in turn)
and runs, each in a fresh child process:

* **load only**: ``load_scenario`` of that scenario written as a YAML file (in a temporary
  directory), and nothing else: what reading N explicit steps costs;
* **run FILE**: ``mailsim run FILE --quiet --trace OUT.jsonl`` on that file (with
  ``--max-events`` and the scenario-size cap raised to fit): everything a user's run does;
* **run, built**: the same command (``cli.main``) with the scenario built in memory by
  ``many_messages`` instead of read from YAML: the run, its streamed trace, summary and
  verdict, without the loader;
* **in memory** (for N up to M): what ``run`` did before streaming, on the built scenario:
  the whole trace held (``run_scenario``), written with ``write_jsonl``, then summarised
  and checked (``summary``, ``promises.check``). Its file must have the same bytes.

It prints each child's peak resident set size (``ru_maxrss`` from ``os.wait4``; a child's
peak starts at its parent's, so this process imports nothing of mailsim) and wall time, the
trace's events and size, and the growth per 1,000 mails from the smallest N to the largest.
Memory is measured only here, never asserted in tests.
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

LOAD = """
import sys
from mailsim.scenario import load_scenario
load_scenario(sys.argv[1], max_events=int(sys.argv[2]))
"""

# The scenario built by many_messages and handed to the run command in place of a file.
BUILT = """
import sys
sys.path.insert(0, sys.argv[3])
import mailsim.scenario
from run_benchmark import many_messages
from mailsim.cli import main
scenario = many_messages(int(sys.argv[1]))
mailsim.scenario.load_scenario = lambda *args, **kwargs: scenario
sys.exit(main(["run", "--quiet", "--trace", sys.argv[2]]))
"""

BASELINE = """
import sys
sys.path.insert(0, sys.argv[3])
from run_benchmark import many_messages
from mailsim.scenario.build import run_scenario
from mailsim.scenario.budget import longest_lifetime
from mailsim.trace.promises import check
from mailsim.views.table import summary
scenario = many_messages(int(sys.argv[1]))
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
    parser.add_argument("--baseline-max", type=int, default=5_000, metavar="M",
                        help="run the in-memory baseline only up to M mails (it needs ~0.7 GB "
                             "at 20,000)")
    args = parser.parse_args()
    python, here = [sys.executable, "-c"], str(HERE)
    columns = ("load only", "run FILE", "run, built", "in memory")
    rows: list[tuple[int, list[float | None]]] = []
    print(f"{'mails':>7} {'events':>10} {'trace':>9}" + "".join(f"   {c:>17}" for c in columns))
    with tempfile.TemporaryDirectory() as folder:
        for messages in args.messages:
            scenario, out, built, old = (
                Path(folder) / name for name in
                (f"many-{messages}.yaml", "streamed.jsonl", "built.jsonl", "in-memory.jsonl"))
            measure([*python, MAKE, str(scenario), str(messages), here, str(SCENARIO)])
            cap = str(messages * 200 + 1_000)  # a send is about 67 records, estimated at 161
            figures = [
                measure([*python, LOAD, str(scenario), cap]),
                measure([sys.executable, "-m", "mailsim", "run", str(scenario), "--quiet",
                         "--trace", str(out), "--max-events", cap]),
                measure([*python, BUILT, str(messages), str(built), here]),
            ]
            if messages <= args.baseline_max:
                figures.append(measure([*python, BASELINE, str(messages), str(old), here]))
                if not filecmp.cmp(built, old, shallow=False):
                    raise SystemExit(f"{messages} mails: the streamed file differs from the "
                                     "in-memory one")
            if not filecmp.cmp(out, built, shallow=False):
                raise SystemExit(f"{messages} mails: the file run from YAML differs")
            with out.open("rb") as f:
                events = sum(1 for _ in f) - 1
            size = out.stat().st_size / 2**20
            print(f"{messages:>7,} {events:>10,} {size:>5.0f} MiB"
                  + "".join(f"   {peak:>5.0f} MiB {seconds:>5.1f} s" for peak, seconds in figures),
                  flush=True)
            rows.append((messages, [peak for peak, _ in figures]
                         + [None] * (len(columns) - len(figures))))
    if len(rows) > 1:
        (first, low), (last, high) = rows[0], rows[-1]
        per = 1000 / (last - first)
        growth = [f"{name} {(b - a) * per:.1f} MiB"
                  for name, a, b in zip(columns, low, high, strict=True)
                  if a is not None and b is not None]
        print("growth per 1,000 mails: " + ", ".join(growth))
    return 0


if __name__ == "__main__":
    sys.exit(main())
