"""How long a long trace takes to draw as sequence-diagram pages, in each style.

``.venv/bin/python benchmarks/diagram_scale.py [--events N] [--draw K] [--all] [--busy C]``
(defaults: 20,000 events, 6 pages drawn) makes the trace with ``big_trace.py``
(time-shifted copies of the golden trace) and prints, per style (projector,
classic):

- **plan**: cutting the whole trace into pages by phase (``plan_pages``), and the pages;
- **page**: the median time to draw one page to PNG the way ``mailsim diagram TRACE
  --page N`` does, over ``--draw`` pages spread over the trace;
- **all pages**: that median times the pages (``--all``: every page really written, by
  one process per core as ``mailsim diagram`` does, or ``--workers N``);

then, with ``--busy C`` (default 40), one page of C SMTP connections all open at once on
one server: the lanes of its connection bars (14.5: seven used to be the most) and its time.
Times are wall seconds in this process; other work on the machine slows them alike.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from big_trace import GOLDEN, big_trace

from mailsim.trace import MessageEvent, Trace, TraceEvent
from mailsim.views.sequence import plot_sequence, sequence_artists
from mailsim.views.sequence_files import plan_pages, save_sequence


def busy_server(connections: int) -> Trace:
    """``connections`` SMTP sessions from the relay to one server, all open together."""
    header = Trace.read_jsonl(GOLDEN).header
    events: list[TraceEvent] = []
    for n in range(connections):
        events.append(MessageEvent(len(events), 0.01 * n, 0.01 * n + 0.001, "mx.example.jp",
                                   "relay.example.net", "SMTP", 25, f"c{n}", "220 mx", 8))
    for n in range(connections):
        t = 1.0 + 0.01 * n
        events.append(MessageEvent(len(events), t, t + 0.001, "relay.example.net",
                                   "mx.example.jp", "SMTP", 25, f"c{n}", "QUIT", 6))
    return Trace(header, events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--draw", type=int, default=6, help="pages drawn for the median")
    parser.add_argument("--all", action="store_true", help="write every page")
    parser.add_argument("--workers", type=int, default=0,
                        help="processes for --all (0: one per core, as mailsim diagram does)")
    parser.add_argument("--busy", type=int, default=40)
    args = parser.parse_args()
    trace = big_trace(args.events)
    print(f"{len(trace):,} events")
    print("| style | plan (s) | pages | one page (s) | all pages (s) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "page.png"
        for style in ("projector", "classic"):
            started = time.perf_counter()
            pages = plan_pages(trace, style=style)
            plan = time.perf_counter() - started
            chosen = sorted({1 + (len(pages) - 1) * k // max(args.draw - 1, 1)
                             for k in range(args.draw)})
            times = []
            for number in chosen:
                started = time.perf_counter()
                save_sequence(trace, out, page=number, style=style)
                times.append(time.perf_counter() - started - plan)  # the cut is not the page
            one = statistics.median(times)
            if args.all:
                started = time.perf_counter()
                save_sequence(trace, Path(scratch) / "all.png", style=style,
                              workers=args.workers or None)
                total = f"{time.perf_counter() - started:.1f}"
            else:
                total = f"≈ {one * len(pages):.0f}"
            print(f"| {style} | {plan:.2f} | {len(pages):,} | {one:.2f} | {total} |")
    started = time.perf_counter()
    ax = plot_sequence(busy_server(args.busy), style="projector")
    ax.get_figure(root=True).canvas.draw()
    lanes = len({round(t.get_position()[0], 6) for t in sequence_artists(ax).ports})
    plt.close(ax.get_figure(root=True))
    print(f"{args.busy} connections open at once on one server: {lanes} lanes, drawn in "
          f"{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
