"""The ``mailsim`` command. Heavy modules are imported inside each command so
that ``mailsim --help`` starts fast."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mailsim.trace import Trace
    from mailsim.views.select import Selection

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def _cmd_run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from mailsim.scenario import load_scenario
    from mailsim.scenario.build import run_scenario
    from mailsim.views.table import run_report

    scenario = load_scenario(args.scenario)
    trace = run_scenario(scenario, seed=args.seed)
    if args.trace:
        trace.write_jsonl(args.trace)
    console = Console()
    console.print(run_report(trace, quiet=args.quiet, width=console.width))
    if args.trace:
        console.print(f"Trace written to {args.trace} ({len(trace)} events).")
    return EXIT_OK


FIGURE_SUFFIXES = (".png", ".svg", ".pdf")
COMPARE_DEFAULT = "pop3-vs-imap"


def _check_figure_path(path: str | None) -> None:
    from pathlib import Path

    from mailsim.scenario.errors import ScenarioError

    if path is not None and Path(path).suffix.lower() not in FIGURE_SUFFIXES:
        raise ScenarioError(path, [("", "expected a figure file ending in .png, .svg or .pdf")])


def _cmd_compare(args: argparse.Namespace) -> int:
    from rich.console import Console

    from mailsim.compare import run_strategies
    from mailsim.scenario import load_scenario
    from mailsim.views.storage import comparison_table, plot_storage

    _check_figure_path(args.output)
    scenario = load_scenario(args.scenario or COMPARE_DEFAULT)
    traces = run_strategies(scenario, seed=args.seed)
    console = Console()
    console.print(comparison_table(traces))
    if args.output:
        plot_storage(traces, args.output)
        console.print(f"Figure written to {args.output}.")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from mailsim.scenario import ScenarioError, load_scenario

    status = EXIT_OK
    for name in args.files:
        try:
            scenario = load_scenario(name)
        except ScenarioError as exc:
            print(exc.message, file=sys.stderr)
            status = EXIT_BAD_INPUT
        else:
            print(f"{name}: ok — {scenario.name}: {len(scenario.hosts)} hosts, "
                  f"{len(scenario.links)} links, {len(scenario.steps)} step(s)")
    return status


def _cmd_list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from mailsim.scenario import DEFAULT_SCENARIO, bundled_names, load_scenario, localized

    table = Table(title="Bundled scenarios", header_style="bold")
    table.add_column("name", style="bold cyan", no_wrap=True)
    table.add_column("title")
    for name in bundled_names():
        scenario = load_scenario(name)
        mark = " (default)" if name == DEFAULT_SCENARIO else ""
        table.add_row(name + mark, localized(scenario.title, args.lang))
    Console().print(table)
    return EXIT_OK


DIAGRAM_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".mmd": "mermaid",
                   ".mermaid": "mermaid", ".puml": "plantuml", ".plantuml": "plantuml"}
TEXT_FORMATS = ("mermaid", "plantuml")
KNOWN_PROTOCOLS = ("SMTP", "LDAP", "DNS", "POP3", "IMAP", "TLS", "TCP")


def _duration_arg(value: str) -> float:
    from mailsim.scenario.units import parse_duration

    try:
        return parse_duration(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r}: {exc}") from None


def _steps_arg(value: str) -> tuple[int | None, int | None]:
    """``A:B``, ``A:``, ``:B`` or ``A`` (one step)."""
    first, sep, last = value.partition(":")
    try:
        a = int(first) if first.strip() else None
        b = (int(last) if last.strip() else None) if sep else a
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: expected steps as A:B, A: or :B") from None
    if a is not None and b is not None and a > b:
        raise argparse.ArgumentTypeError(f"{value!r}: the first step comes after the last")
    return a, b


def _positive_arg(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: expected a whole number from 1 up")
    return number


def _load_trace_or_run(source: str | None, seed: int | None) -> Trace:
    """A ``.jsonl`` path is read as a trace; anything else is a scenario, run first."""
    from pathlib import Path

    from mailsim.scenario.errors import ScenarioError
    from mailsim.trace import Trace, TraceFormatError

    if source is not None and source.lower().endswith(".jsonl"):
        if not Path(source).is_file():
            raise ScenarioError(source, [("", "no such trace file")])
        try:
            return Trace.read_jsonl(source)
        except (TraceFormatError, UnicodeDecodeError) as exc:
            raise ScenarioError(source, [("", f"not a mailsim trace: {exc}")]) from None
    from mailsim.scenario import DEFAULT_SCENARIO, load_scenario
    from mailsim.scenario.build import run_scenario

    return run_scenario(load_scenario(source or DEFAULT_SCENARIO), seed=seed)


def _diagram_format(args: argparse.Namespace) -> str:
    from pathlib import Path

    from mailsim.scenario.errors import ScenarioError

    suffix = Path(args.output).suffix.lower() if args.output else ""
    implied = DIAGRAM_FORMATS.get(suffix)
    if args.output and implied is None and args.format is None:
        raise ScenarioError(args.output, [("", "expected a file ending in "
                                           + ", ".join(DIAGRAM_FORMATS))])
    chosen: str = args.format or implied or "png"
    if args.format and implied and implied != args.format:
        raise ScenarioError(args.output, [("", f"--format {args.format} does not match the "
                                           f"file name (that reads as {implied})")])
    return chosen


def _diagram_selection(args: argparse.Namespace, trace: Trace) -> Selection:
    from mailsim.scenario.errors import ScenarioError
    from mailsim.views.select import Selection

    problems = []
    hosts = [name for name, _ in trace.header.hosts] or sorted(
        {h for e in trace.messages() for h in e.nodes})
    for host in args.node or []:
        if host not in hosts:
            problems.append(("--node", f"unknown host {host!r}; the hosts are {', '.join(hosts)}"))
    for protocol in args.protocol or []:
        if protocol.upper() not in KNOWN_PROTOCOLS:
            problems.append(("--protocol", f"unknown protocol {protocol!r}; choose from "
                             + ", ".join(KNOWN_PROTOCOLS)))
    connections = sorted({e.conn for e in trace.messages() if e.conn}, key=lambda c: (len(c), c))
    for conn in args.conn or []:
        if conn not in connections:
            problems.append(("--conn", f"no connection {conn!r}; this trace has "
                             + (", ".join(connections) or "none")))
    if args.start is not None and args.end is not None and args.start > args.end:
        problems.append(("--start", "the start comes after the end"))
    if problems:
        raise ScenarioError("mailsim diagram", problems)
    first, last = args.steps or (None, None)
    return Selection.of(protocols=args.protocol or (), nodes=args.node or (), start=args.start,
                        end=args.end, first=first, last=last, connections=args.conn or (),
                        tcp=not args.no_tcp)


def _cmd_diagram(args: argparse.Namespace) -> int:
    from pathlib import Path

    from mailsim.scenario.errors import ScenarioError

    fmt = _diagram_format(args)
    trace = _load_trace_or_run(args.source, args.seed)
    selection = _diagram_selection(args, trace)
    options = {"lang": args.lang, "analogy": args.analogy, "show_encrypted": args.show_encrypted}
    if fmt in TEXT_FORMATS:
        if fmt == "mermaid":
            from mailsim.views.mermaid import to_mermaid as render
        else:
            from mailsim.views.plantuml import to_plantuml as render
        shown = selection.apply(trace)
        if args.page is not None:
            from mailsim.views.sequence import paginate

            pages = paginate(shown, args.per_page)
            if args.page > len(pages):
                raise ScenarioError("--page", [("", f"there are only {len(pages)} page(s)")])
            shown = pages[args.page - 1]
        text = render(shown, lang=args.lang, analogy=args.analogy,
                      show_encrypted=args.show_encrypted)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
            print(f"Diagram written to {args.output}.")
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return EXIT_OK
    from mailsim.views.sequence import save_sequence

    output = args.output or f"{trace.header.scenario or 'trace'}-sequence.{fmt}"
    try:
        written = save_sequence(trace, output, selection=selection, per_page=args.per_page,
                                page=args.page, axis=args.axis, **options)
    except ValueError as exc:
        raise ScenarioError("--page", [("", str(exc))]) from None
    count = len(selection.apply(trace))
    names = ", ".join(str(p) for p in written)
    print(f"Sequence diagram written to {names} ({count} events"
          f"{f', {len(written)} pages' if len(written) > 1 else ''}).")
    return EXIT_OK


def _cmd_topology(args: argparse.Namespace) -> int:
    from mailsim.scenario import DEFAULT_SCENARIO, load_scenario
    from mailsim.views.topology import save_topology

    _check_figure_path(args.output)
    scenario = load_scenario(args.scenario or DEFAULT_SCENARIO)
    output = args.output or f"{scenario.name}-topology.png"
    save_topology(scenario, output, lang=args.lang)
    print(f"Network figure written to {output}.")
    return EXIT_OK


def _add_diagram_parsers(commands: Any) -> None:
    diagram = commands.add_parser(
        "diagram", help="draw a run as a sequence diagram (PNG, SVG, PDF, Mermaid, PlantUML)",
        description="Draw a scenario's run, or a saved trace (.jsonl), as a sequence diagram. "
                    "Long runs are split into pages: out-1.png, out-2.png...")
    diagram.add_argument("source", nargs="?", metavar="SCENARIO | TRACE.jsonl",
                         help="a scenario (file or bundled name) or a trace file "
                              "(default: the article's route)")
    diagram.add_argument("-o", "--output", metavar="FILE",
                         help="where to write: .png, .svg, .pdf, .mmd or .puml (default: "
                              "SCENARIO-sequence.png; Mermaid and PlantUML go to stdout)")
    diagram.add_argument("--format", choices=("png", "svg", "pdf", *TEXT_FORMATS))
    diagram.add_argument("--axis", choices=("proportional", "compact"), default="proportional",
                         help="rows spaced by time, idle gaps cut short (default), "
                              "or one row per event")
    diagram.add_argument("--protocol", nargs="+", metavar="NAME",
                         help="only these protocols (SMTP, LDAP, DNS, POP3, IMAP, TLS, TCP)")
    diagram.add_argument("--node", nargs="+", metavar="HOST", help="only events touching these hosts")
    diagram.add_argument("--start", type=_duration_arg, metavar="T",
                         help="from this simulated time (e.g. 0.2s, 15m, 1h20m)")
    diagram.add_argument("--end", type=_duration_arg, metavar="T", help="up to this simulated time")
    diagram.add_argument("--steps", type=_steps_arg, metavar="A:B",
                         help="only steps A to B (the # column), inclusive")
    diagram.add_argument("--conn", nargs="+", metavar="ID", help="only these connections (c1, c2...)")
    diagram.add_argument("--no-tcp", action="store_true", help="leave out TCP segments")
    diagram.add_argument("--page", type=_positive_arg, metavar="N",
                         help="draw only page N (to the output file itself)")
    diagram.add_argument("--per-page", type=_positive_arg, metavar="N", default=60,
                         help="events per page (default 60)")
    diagram.add_argument("--show-encrypted", action="store_true",
                         help="show the text of encrypted lines (a tap on the wire could not)")
    diagram.add_argument("--analogy", action="store_true",
                         help="add the postal analogy and a column in plain words")
    diagram.add_argument("--lang", choices=("en", "ja"), default="en")
    diagram.add_argument("--seed", type=int, help="override the scenario's seed")
    diagram.set_defaults(handler=_cmd_diagram)

    topology = commands.add_parser("topology", help="draw the network: hosts, roles, ports, links")
    topology.add_argument("scenario", nargs="?", help="a scenario file or bundled name "
                          "(default: the article's route)")
    topology.add_argument("-o", "--output", metavar="FIGURE",
                          help="a .png, .svg or .pdf file (default: SCENARIO-topology.png)")
    topology.add_argument("--lang", choices=("en", "ja"), default="en")
    topology.set_defaults(handler=_cmd_topology)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mailsim",
        description="Watch an e-mail travel: SMTP, AUTH, DNS MX, POP3 and IMAP in simulated time.",
    )
    from mailsim import __version__

    parser.add_argument("--version", action="version", version=f"mailsim {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="run a scenario and print its trace")
    run.add_argument("scenario", nargs="?", help="a scenario file or a bundled name "
                     "(default: the article's route)")
    run.add_argument("--trace", metavar="FILE.jsonl", help="also write the trace as JSONL")
    run.add_argument("--quiet", "-q", action="store_true", help="print only the summary")
    run.add_argument("--seed", type=int, help="override the scenario's seed")
    run.set_defaults(handler=_cmd_run)

    compare = commands.add_parser(
        "compare", help="run one workload with POP3 and with IMAP and compare storage")
    compare.add_argument("scenario", nargs="?",
                         help=f"a scenario file or bundled name (default: {COMPARE_DEFAULT})")
    compare.add_argument("-o", "--output", metavar="FIGURE",
                         help="also draw storage over time (.png, .svg or .pdf)")
    compare.add_argument("--seed", type=int, help="override the scenario's seed")
    compare.set_defaults(handler=_cmd_compare)

    validate = commands.add_parser("validate", help="check scenario files without running them")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(handler=_cmd_validate)

    listing = commands.add_parser("list", help="list the bundled scenarios")
    listing.add_argument("--lang", choices=("en", "ja"), default="en")
    listing.set_defaults(handler=_cmd_list)

    _add_diagram_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_OK
    from mailsim.scenario.errors import ScenarioError

    try:
        return handler(args)
    except ScenarioError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        print(f"mailsim: {exc}", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
