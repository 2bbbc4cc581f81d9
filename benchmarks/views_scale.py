"""How the views scale with a trace's length: diagram pages, the step player's fold, storage.

``.venv/bin/python benchmarks/views_scale.py [--events N ...] [--all-pages N]`` (default
1,000, 5,000 and 20,000 events; about two minutes) makes each trace with
``benchmarks/big_trace.py`` (time-shifted copies of the golden trace) and prints, per size:

- **read**: ``Trace.read_jsonl`` of the file (every view starts there);
- **pages** and **one page**: ``save_sequence(..., page=middle)`` to PNG, i.e. what
  ``mailsim diagram TRACE --page N`` does after reading: cut the pages, draw one;
- **all pages**: every page written (only up to ``--all-pages`` events, default 1,000;
  a page costs the same wherever it is, so this is pages × one page's drawing);
- **mermaid**: the whole trace streamed as Mermaid text;
- **step**: ``Checkpoints`` (the player's fold): the first jump to the last event, which
  takes the snapshots, then the median of 50 random jumps; the snapshots it keeps;
- **storage**: the storage series (server bytes, the device's bytes after each event) of
  a trace of the same length in which mail piles up (state events only, nothing deleted),
  read from the folds' running totals, against re-summing every mailbox and device at
  every event as the figure first did (quadratic); their ratio. Both give the same points.

Times are best of ``--repeat`` (default 1) runs in this process, in seconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from big_trace import big_trace

from mailsim.trace import StateEvent, Trace, TraceEvent, TraceHeader
from mailsim.trace.replay import Checkpoints, WorldState, walk
from mailsim.trace.states import Cached, StateChange, Stored
from mailsim.views.mermaid import write_mermaid
from mailsim.views.sequence import paginate
from mailsim.views.sequence_files import save_sequence

DEVICE = "bob-pc"


def best(repeat: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def piled_up(header: TraceHeader, events: int) -> Trace:
    """State events only: mail stored on a server, every third one also cached on a device.

    What the storage figure of a long run sees: messages that pile up in mailboxes
    (nothing deleted), so a re-sum per event costs as much as the mail stored so far.
    """
    out: list[TraceEvent] = []
    for seq in range(events):
        mid = f"<m{seq}@example.com>"
        if seq % 3 == 2:
            change: StateChange = Cached(mailbox="bob@example.jp", uid=seq, message_id=mid,
                                         size=1500, subject="s")
            node = "bob-pc"
        else:
            change = Stored(mailbox="bob@example.jp", queue_id="q", message_id=mid, uid=seq,
                            size=1000 + seq % 500, subject="s", sender="alice@example.com")
            node = "mx.example.jp"
        out.append(StateEvent(seq, float(seq), node, change.action, change.to_data()))
    return Trace(header, out)


def resummed_series(trace: Trace) -> list[tuple[int, ...]]:
    """The storage points as first computed: every mailbox and device re-summed per event."""
    names = [n for n, _ in trace.header.hosts if n == DEVICE]

    def point(state: WorldState) -> tuple[int, ...]:
        server = sum(m.size for boxes in state.mailboxes.values() for box in boxes.values()
                     for m in box)
        return (server, *(sum(c.size for c in state.device(n).local.values()) for n in names))

    points: list[tuple[int, ...]] = []
    for _, state in walk(trace):
        now = point(state)
        if not points or points[-1] != now:
            points.append(now)
    return points


def running_series(trace: Trace) -> list[tuple[int, ...]]:
    """The same points from the folds' running totals, as ``storage_series`` reads them."""
    points: list[tuple[int, ...]] = []
    for _, state in walk(trace):
        now = (state.server_bytes(), state.device(DEVICE).local_bytes)
        if not points or points[-1] != now:
            points.append(now)
    return points


def jumps(trace: Trace) -> tuple[float, float, int]:
    points = Checkpoints(trace)
    started = time.perf_counter()
    points.after(len(trace))
    first = time.perf_counter() - started
    rng = random.Random(1)
    times = []
    for _ in range(50):
        started = time.perf_counter()
        points.after(rng.randrange(len(trace) + 1))
        times.append(time.perf_counter() - started)
    return first, statistics.median(times), points.snapshots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--all-pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"{'events':>7} {'read':>6} {'pages':>6} {'one page':>9} {'all pages':>10} "
          f"{'mermaid':>8} {'step 1st':>9} {'step med':>9} {'snaps':>6} "
          f"{'storage':>8} {'re-sum':>8} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        save_sequence(big_trace(60), out / "warm.png")  # matplotlib's imports and font set-up
        for events in args.events:
            path = out / f"big-{events}.jsonl"
            big_trace(events).write_jsonl(path)
            read = best(args.repeat, lambda: Trace.read_jsonl(path))  # noqa: B023
            trace = Trace.read_jsonl(path)
            pages = len(paginate(trace))
            one = best(args.repeat, lambda: save_sequence(
                trace, out / "one.png", page=pages // 2 + 1))  # noqa: B023
            every = (f"{best(1, lambda: save_sequence(trace, out / 'all.png')):10.2f}"  # noqa: B023
                     if events <= args.all_pages else f"{'-':>10}")
            with (out / "out.mmd").open("w", encoding="utf-8") as text:
                mermaid = best(1, lambda: write_mermaid(text, trace))  # noqa: B023
            first, median, snapshots = jumps(trace)
            piled = piled_up(trace.header, events)
            series = best(args.repeat, lambda: running_series(piled))  # noqa: B023
            slow = best(1, lambda: resummed_series(piled))  # noqa: B023
            assert running_series(piled) == resummed_series(piled)
            print(f"{events:>7} {read:6.2f} {pages:>6} {one:9.2f} {every} {mermaid:8.2f} "
                  f"{first:9.3f} {median:9.4f} {snapshots:>6} {series:8.2f} {slow:8.2f} "
                  f"{slow / series:6.1f}x")


if __name__ == "__main__":
    main()
