"""``compare``: one mail workload under each way of reading mail, side by side."""

from __future__ import annotations

import argparse
from typing import Any

from mailsim.commands import EXIT_OK

FIGURE_SUFFIXES = (".png", ".svg", ".pdf")
COMPARE_DEFAULT = "pop3-vs-imap"


def check_figure_path(path: str | None, lang: str = "en") -> None:
    from pathlib import Path

    from mailsim.scenario.errors import ScenarioError
    from mailsim.views.captions import ui

    if path is not None and Path(path).suffix.lower() not in FIGURE_SUFFIXES:
        raise ScenarioError(path, [("", ui("cli.figure_suffix", lang))])


def _cmd_compare(args: argparse.Namespace) -> int:
    from rich.console import Console

    from mailsim.commands.study import compare_study, load_study
    from mailsim.scenario import load_scenario
    from mailsim.scenario.compare import run_strategies, strategy_labels
    from mailsim.views.captions import ui
    from mailsim.views.compare_table import compare_table
    from mailsim.views.storage import plot_storage

    check_figure_path(args.output, args.lang)
    study = load_study(args.scenario, args.fidelity, args.seed, lang=args.lang)
    if study is not None:  # session level: the study engine, not four line-level runs
        return compare_study(study, args.output, args.lang)
    scenario = load_scenario(args.scenario or COMPARE_DEFAULT, fidelity=args.fidelity)
    traces = run_strategies(scenario, seed=args.seed)
    console = Console()
    labels = strategy_labels()
    console.print(compare_table(traces, args.lang, labels, width=console.width))
    if args.output:
        plot_storage(traces, args.output, args.lang, labels)
        console.print(ui("ui.figure_written", args.lang, path=args.output))
    return EXIT_OK


def register(commands: Any) -> None:
    compare = commands.add_parser(
        "compare", help="run one workload with POP3 and with IMAP and compare storage")
    compare.add_argument("scenario", nargs="?",
                         help=f"a scenario file or bundled name (default: {COMPARE_DEFAULT})")
    compare.add_argument("-o", "--output", metavar="FIGURE",
                         help="also draw storage over time (.png, .svg or .pdf)")
    compare.add_argument("--seed", type=int, help="override the scenario's seed")
    compare.add_argument("--lang", choices=("en", "ja"), default="en")
    compare.add_argument("--fidelity", choices=("line", "session"),
                         help="run a workload line by line or at session level "
                              "(default: the scenario's own)")
    compare.set_defaults(handler=_cmd_compare)
