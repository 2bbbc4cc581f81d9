"""``run``, ``compare``, ``validate`` and ``list``: running scenarios and looking at them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mailsim.commands import EXIT_BAD_INPUT, EXIT_OK


def _warn(name: str | None, args: argparse.Namespace, *, max_events: int | None = None) -> Any:
    """Load ``name``, print its authoring warnings to stderr; the scenario, or None when
    ``--strict`` makes the warnings errors."""
    from mailsim.locales import catalog
    from mailsim.scenario import ScenarioError, load_scenario
    from mailsim.scenario.error_texts import localized_error
    from mailsim.scenario.loader import resolve
    from mailsim.scenario.warnings import AuthoringWarning

    warnings: list[AuthoringWarning] = []
    try:
        source = str(resolve(name))
        scenario = load_scenario(source, max_events=max_events, expand_workload=False,
                                 fidelity=getattr(args, "fidelity", None), warnings=warnings)
    except ScenarioError as exc:  # printed by the caller, in the user's language
        raise localized_error(exc, args.lang) from None
    for warning in warnings:
        print(warning.line(source, args.lang), file=sys.stderr)
    if warnings and args.strict:
        print(catalog(args.lang)["warn.strict"].format(source=source, count=len(warnings)),
              file=sys.stderr)
        return None
    return scenario


def _cmd_run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from mailsim.commands.streamed import WINDOW, run_streamed
    from mailsim.commands.study import dispatch_run  # a session-level study runs there
    from mailsim.locales import catalog
    from mailsim.scenario import load_scenario
    from mailsim.views.table import run_report, summary_text
    if _warn(args.scenario, args, max_events=args.max_events) is None:
        return EXIT_BAD_INPUT
    if (status := dispatch_run(args)) is not None:
        return status
    scenario = load_scenario(args.scenario, max_events=args.max_events, fidelity=args.fidelity)
    # The records stream to the file, the summary and the verdict as they are made:
    # only the table needs them all in memory, so a quiet run keeps a window.
    run = run_streamed(scenario, seed=args.seed, path=args.trace,
                       keep=WINDOW if args.quiet else None)
    console = Console()
    console.print(summary_text(run.summary, lang=args.lang) if args.quiet
                  else run_report(run.trace, width=console.width, lang=args.lang))
    if args.trace:
        console.print(catalog(args.lang)["run.written"].format(path=args.trace, events=run.events),
                      markup=False)
    from mailsim.commands.verdict import print_verdict
    from mailsim.scenario.budget import longest_lifetime

    return print_verdict(run.conservation, console, command="run",
                         lifetime=longest_lifetime(scenario), lang=args.lang)


def _event_count(text: str) -> int:
    """``--max-events``: a positive whole number."""
    from mailsim.units import positive_whole_number

    count = positive_whole_number(text)
    if count is None:
        raise argparse.ArgumentTypeError(f"expected a positive whole number of events (got {text!r})")
    return count


def _add_max_events(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-events", type=_event_count, metavar="N",
        help="refuse a scenario whose estimated trace is longer than N events "
             "(default: 500000, or MAILSIM_MAX_EVENTS)")


def _cmd_validate(args: argparse.Namespace) -> int:
    from mailsim.locales import catalog
    from mailsim.scenario import ScenarioError, load_scenario

    status = EXIT_OK
    for name in args.files:
        try:
            if _warn(name, args, max_events=args.max_events) is None:
                status = EXIT_BAD_INPUT
                continue
            scenario = load_scenario(name, max_events=args.max_events)
        except ScenarioError as exc:
            print(exc.message, file=sys.stderr)
            status = EXIT_BAD_INPUT
        else:
            print(catalog(args.lang)["validate.ok"].format(
                name=name, scenario=scenario.name, hosts=len(scenario.hosts),
                links=len(scenario.links), steps=len(scenario.steps)))
    return status


def _add_authoring(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true",
                        help="treat authoring warnings (a bare number for a time, a recipient "
                             "that will bounce, a key that does nothing...) as errors: exit 2")
    parser.add_argument("--lang", choices=("en", "ja"), default="en",
                        help="language of the warnings and the output (default: en)")


def _cmd_list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from mailsim.scenario import DEFAULT_SCENARIO, bundled_names, load_scenario, localized
    from mailsim.views.captions import ui

    table = Table(title=ui("ui.list.title", args.lang), header_style="bold")
    table.add_column(ui("ui.list.name", args.lang), style="bold cyan", no_wrap=True)
    table.add_column(ui("ui.list.scenario_title", args.lang))
    for name in bundled_names():
        scenario = load_scenario(name)
        mark = f" ({ui('ui.list.default', args.lang)})" if name == DEFAULT_SCENARIO else ""
        table.add_row(name + mark, localized(scenario.title, args.lang))
    Console().print(table)
    return EXIT_OK


def register(commands: Any) -> None:
    run = commands.add_parser("run", help="run a scenario and print its trace")
    run.add_argument("scenario", nargs="?", help="a scenario file or a bundled name "
                     "(default: the article's route)")
    run.add_argument("--trace", metavar="FILE.jsonl", help="also write the trace as JSONL")
    run.add_argument("--quiet", "-q", action="store_true", help="print only the summary")
    run.add_argument("--seed", type=int, help="override the scenario's seed")
    run.add_argument("--fidelity", choices=("line", "session"),
                     help="run a workload line by line or at session level (default: the scenario's own)")
    _add_max_events(run)
    _add_authoring(run)
    run.set_defaults(handler=_cmd_run)

    validate = commands.add_parser("validate", help="check scenario files without running them")
    validate.add_argument("files", nargs="+", metavar="FILE")
    _add_max_events(validate)
    _add_authoring(validate)
    validate.set_defaults(handler=_cmd_validate)

    listing = commands.add_parser("list", help="list the bundled scenarios")
    listing.add_argument("--lang", choices=("en", "ja"), default="en")
    listing.set_defaults(handler=_cmd_list)
