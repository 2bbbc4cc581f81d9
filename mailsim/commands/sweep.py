"""``sweep``: one scenario under every combination of changed values and seeds, side by side.

The runs go to a process pool on this machine (one worker per core), or with
``--dask ADDRESS`` to an existing Dask cluster; each sends back a few numbers
read from its trace (mailsim.scenario.outcomes), never the trace itself.
"""

from __future__ import annotations

import argparse
from typing import Any

from mailsim.commands import EXIT_OK

VARY_HELP = ("KEY=V1,V2,...: try these values at KEY, a path into the scenario file such as "
             "links.0.latency or hosts[mx.example.jp].queue.first_retry (repeat for more keys: "
             "every combination runs)")


def _workers(text: str) -> int:
    """``--workers``: a positive whole number."""
    from mailsim.units import positive_whole_number

    count = positive_whole_number(text, most_digits=4)
    if count is None:
        raise argparse.ArgumentTypeError(f"expected a positive whole number of processes (got {text!r})")
    return count


def _cmd_sweep(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from mailsim.commands.compare import check_figure_path
    from mailsim.scenario.errors import ScenarioError
    from mailsim.scenario.outcomes import METRICS, summarize
    from mailsim.scenario.sweep import parse_seeds, parse_vary, run_sweep, variants
    from mailsim.views.captions import ui
    from mailsim.views.sweep import plot_sweep, sweep_table

    check_figure_path(args.output, args.lang)
    if args.dask is not None and args.workers is not None:
        raise ScenarioError("--workers", [("", ui("cli.workers_with_dask", args.lang))])
    varies = [parse_vary(option) for option in args.vary]
    seeds = parse_seeds(args.seeds) if args.seeds is not None else None
    if seeds is not None and any(vary.parts[0].text == "seed" for vary in varies):
        raise ScenarioError("--vary seed", [("", ui("cli.seed_twice", args.lang))])
    base, found = variants(args.scenario, varies)
    total = len(found) * (len(seeds) if seeds is not None else 1)
    console = Console()
    errors = Console(stderr=True)
    # No refresh thread (auto_refresh): the workers are forked, which is safe only while
    # this process runs one thread (mailsim.scenario.parallel); the bar moves as runs end.
    with Progress(TextColumn(ui("ui.sweep.running", args.lang)), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=errors, transient=True, auto_refresh=False,
                  disable=not errors.is_terminal) as progress:
        bar = progress.add_task("sweep", total=total)

        def advance(index: int) -> None:
            progress.advance(bar)
            progress.refresh()

        progress.refresh()
        outcomes = run_sweep(found, seeds, workers=args.workers, dask=args.dask, on_done=advance)
    rows = []
    for variant, runs in zip(found, outcomes, strict=True):
        summary = summarize(variant.label, runs)
        rows.append((variant.settings, {
            metric: (s.mean, s.low, s.high) if (s := summary.spreads[metric]) is not None else None
            for metric in METRICS
        }))
    console.print(sweep_table(base.name, rows, len(seeds) if seeds is not None else 1, args.lang))
    if args.output:
        plot_sweep(base.name, rows, args.output, args.lang)
        console.print(ui("ui.figure_written", args.lang, path=args.output))
    return EXIT_OK


def register(commands: Any) -> None:
    sweep = commands.add_parser(
        "sweep", help="run a scenario under changed values and many seeds; a table of outcomes")
    sweep.add_argument("scenario", help="a scenario file or bundled name")
    sweep.add_argument("--vary", action="append", default=[], metavar="KEY=V1,V2", help=VARY_HELP)
    sweep.add_argument("--seeds", metavar="SEEDS",
                       help="seeds to run each variant with: 1..20, 7 or 1,2,5 (default: the scenario's)")
    sweep.add_argument("--workers", type=_workers, metavar="N",
                       help="processes on this machine (default: one per core)")
    sweep.add_argument("-o", "--output", metavar="FIGURE",
                       help="also draw the outcomes (.png, .svg or .pdf)")
    sweep.add_argument("--dask", metavar="ADDRESS",
                       help="run on an existing Dask cluster, e.g. tcp://scheduler:8786 "
                            "(pip install 'mailsim[dask]')")
    sweep.add_argument("--lang", choices=("en", "ja"), default="en")
    sweep.set_defaults(handler=_cmd_sweep)
