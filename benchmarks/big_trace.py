"""Write a long, valid trace and time reading it back: the input for memory measurements.

``.venv/bin/python benchmarks/big_trace.py OUT.jsonl [--events N]`` (default 200,000)
repeats the golden trace's events, each copy later in time than the one before,
with its own sequence numbers and connection ids, until N events. The file
passes every check of the trace reader. It then prints the file's size and the
best of three ``Trace.read_jsonl`` times. Measure the views on it with, e.g.::

    /usr/bin/time -v .venv/bin/mailsim step --plain OUT.jsonl < /dev/null
    /usr/bin/time -v .venv/bin/mailsim diagram OUT.jsonl --format mermaid > /dev/null
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from mailsim.trace import MessageEvent, Trace, TraceEvent

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden" / "article-route.jsonl"


def big_trace(events: int) -> Trace:
    golden = Trace.read_jsonl(GOLDEN)
    span = golden.duration + 1.0
    out: list[TraceEvent] = []
    copy = 0
    while len(out) < events:
        shift = copy * span
        for event in golden:
            if len(out) == events:
                break
            if isinstance(event, MessageEvent):
                arrived = None if event.t_arrived is None else event.t_arrived + shift
                conn = None if event.conn is None else f"{event.conn}x{copy}"
                out.append(dataclasses.replace(event, seq=len(out), t_sent=event.t_sent + shift,
                                               t_arrived=arrived, conn=conn))
            else:
                out.append(dataclasses.replace(event, seq=len(out), t=event.t + shift))
        copy += 1
    return Trace(golden.header, out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--events", type=int, default=200_000)
    args = parser.parse_args()
    big_trace(args.events).write_jsonl(args.output)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        trace = Trace.read_jsonl(args.output)
        times.append(time.perf_counter() - started)
    print(f"{args.output}: {len(trace)} events, {args.output.stat().st_size / 2**20:.1f} MiB, "
          f"read in {min(times):.2f} s (best of 3)")


if __name__ == "__main__":
    main()
