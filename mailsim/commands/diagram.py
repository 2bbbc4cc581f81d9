"""``diagram`` and ``topology``: drawing a run and the network."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from mailsim.commands import EXIT_OK
from mailsim.commands.compare import check_figure_path
from mailsim.commands.outputs import default_output
from mailsim.commands.sources import load_trace
from mailsim.views.captions import ui
from mailsim.views.protocols import known_protocol, protocol_names

if TYPE_CHECKING:
    from mailsim.trace import Trace
    from mailsim.views.select import Selection


DIAGRAM_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".mmd": "mermaid",
                   ".mermaid": "mermaid", ".puml": "plantuml", ".plantuml": "plantuml"}
TEXT_FORMATS = ("mermaid", "plantuml")


def _duration_arg(value: str) -> float:
    from mailsim.units import parse_duration

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
        if known_protocol(protocol) is None:
            problems.append(("--protocol", f"unknown protocol {protocol!r}; choose from "
                             + ", ".join(protocol_names())))
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
    trace = load_trace(args.source, args.seed)
    selection = _diagram_selection(args, trace)
    options = {"lang": args.lang, "analogy": args.analogy, "show_encrypted": args.show_encrypted}
    if fmt in TEXT_FORMATS:
        if fmt == "mermaid":
            from mailsim.views.mermaid import write_mermaid as write
        else:
            from mailsim.views.plantuml import write_plantuml as write
        shown = selection.apply(trace)
        if args.page is not None:
            from mailsim.views.sequence import paginate

            pages = paginate(shown, args.per_page)
            if args.page > len(pages):
                raise ScenarioError("--page", [("", f"there are only {len(pages)} page(s)")])
            shown = pages[args.page - 1]
        # Written line by line: a long trace's text is never held whole.
        if args.output:
            with Path(args.output).open("w", encoding="utf-8") as out:
                write(out, shown, **options)
            print(ui("ui.diagram_written", args.lang, path=args.output))
        else:
            write(sys.stdout, shown, **options)
        return EXIT_OK
    from mailsim.views.sequence import PageError, save_sequence

    # The header's name is the file's word, not the user's: reduced to a basename here.
    output = args.output or default_output(trace.header.scenario, f"-sequence.{fmt}")
    try:
        written = save_sequence(trace, output, selection=selection, per_page=args.per_page,
                                page=args.page, axis=args.axis, **options)
    except PageError as exc:  # only a page that does not exist: any other error is a bug
        raise ScenarioError("--page", [("", str(exc))]) from None
    from mailsim.views.sequence import paginate

    shown = selection.apply(trace)
    names = ", ".join(str(p) for p in written)
    if args.page:  # the events of the page written, not of the whole trace
        pages = paginate(shown, args.per_page)
        print(ui("ui.sequence_page_written", args.lang, names=names, page=args.page,
                 pages=len(pages), count=len(pages[args.page - 1])))
    elif len(written) > 1:
        print(ui("ui.sequence_written_pages", args.lang, names=names, count=len(shown),
                 pages=len(written)))
    else:
        print(ui("ui.sequence_written", args.lang, names=names, count=len(shown)))
    return EXIT_OK


def _cmd_topology(args: argparse.Namespace) -> int:
    from mailsim.views.topology import save_topology

    check_figure_path(args.output)
    trace = load_trace(args.scenario, None)
    output = args.output or default_output(trace.header.scenario, "-topology.png")
    save_topology(trace, output, lang=args.lang)
    print(ui("ui.topology_written", args.lang, path=output))
    return EXIT_OK


def register(commands: Any) -> None:
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
                         help=f"only these protocols ({', '.join(protocol_names())})")
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
    topology.add_argument("scenario", nargs="?", metavar="SCENARIO | TRACE.jsonl",
                          help="a scenario (file or bundled name) or a trace file "
                               "(default: the article's route)")
    topology.add_argument("-o", "--output", metavar="FIGURE",
                          help="a .png, .svg or .pdf file (default: SCENARIO-topology.png)")
    topology.add_argument("--lang", choices=("en", "ja"), default="en")
    topology.set_defaults(handler=_cmd_topology)


