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
    from pathlib import Path

    from mailsim.trace import Trace
    from mailsim.views.phases import Page
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
    from mailsim.views.select import Selection, UnknownHost, resolve_host

    problems = []
    nodes: list[str] = []
    for word in args.node or []:  # a full name, a short name (relay) or a role, as the player
        try:
            host = resolve_host(word, trace, args.lang)
        except UnknownHost as exc:
            problems.append(("--node", str(exc)))
            continue
        if host not in nodes:
            nodes.append(host)
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
    return Selection.of(protocols=args.protocol or (), nodes=nodes, start=args.start,
                        end=args.end, first=first, last=last, connections=args.conn or (),
                        tcp=not args.no_tcp, with_state=args.with_state)


def _check_not_empty(trace: Trace, shown: Trace, lang: str) -> None:
    """An empty selection is a mistake in the options: say what the trace holds (exit 2)."""
    from mailsim.scenario.errors import ScenarioError
    from mailsim.views.times import format_time

    if len(shown):
        return
    if not len(trace):
        raise ScenarioError("mailsim diagram", [("", ui("figure.empty_trace", lang))])
    raise ScenarioError("mailsim diagram", [("", ui(
        "figure.empty_selection", lang, first=trace[0].seq, last=trace[-1].seq,
        start=format_time(trace[0].time), end=format_time(trace[-1].time)))])


def _per_page(args: argparse.Namespace, default: int) -> int:
    """``--per-page N``'s N; ``--per-page`` alone or not given: ``default``."""
    return args.per_page if isinstance(args.per_page, int) and args.per_page > 0 else default


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
        _check_not_empty(trace, shown, args.lang)
        if args.page is not None:
            from mailsim.views.sequence import DEFAULT_PER_PAGE, paginate

            pages = paginate(shown, _per_page(args, DEFAULT_PER_PAGE))
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
    from mailsim.views.sequence_files import PageError, plan_pages, save_sequence
    from mailsim.views.sequence_styles import sequence_style

    style = sequence_style(args.style)
    shown = selection.apply(trace)
    _check_not_empty(trace, shown, args.lang)
    per_page = _per_page(args, style.per_page)
    planned = plan_pages(trace, selection=selection, per_page=per_page, style=style)
    # The header's name is the file's word, not the user's: reduced to a basename here.
    output = Path(args.output) if args.output else default_output(
        trace.header.scenario, f"-sequence.{fmt}")
    if (args.output and len(planned) > 1 and args.page is None and args.per_page is None
            and fmt != "pdf"):
        # -o names one file: several pages go to FILE-1.png... only when asked.
        raise ScenarioError(args.output, [("", _needs_pages(output, planned, args.lang))])
    try:
        written = save_sequence(trace, output, selection=selection, per_page=per_page,
                                page=args.page, axis=args.axis, style=style, workers=None,
                                **options)
    except PageError as exc:  # only a page that does not exist: any other error is a bug
        raise ScenarioError("--page", [("", str(exc))]) from None
    # Hundreds of pages: the first two and the last name them all (the count follows).
    shown_names = [*written[:2], "…", written[-1]] if len(written) > 4 else written
    names = ", ".join(str(p) for p in shown_names)
    if args.page:  # the events of the page written, not of the whole trace
        print(ui("ui.sequence_page_written", args.lang, names=names, page=args.page,
                 pages=len(planned), count=len(planned[args.page - 1].trace)))
    elif len(planned) > 1:
        print(ui("ui.sequence_written_pages", args.lang, names=names, count=len(shown),
                 pages=len(planned)))
    else:
        print(ui("ui.sequence_written", args.lang, names=names, count=len(shown)))
    return EXIT_OK


def _needs_pages(output: Path, pages: list[Page], lang: str) -> str:
    """Why ``-o FILE.png`` wrote nothing, and the ways to get the pages."""
    from mailsim.views.sequence_files import page_paths

    paths = page_paths(output, len(pages))
    phases = []
    for page in pages:
        for phase in page.phases:
            name = ui(f"figure.phase.{phase}", lang)
            if name not in phases:
                phases.append(name)
    joined = ui("figure.list_join", lang).join(phases) or "-"
    return ui("figure.needs_pages", lang, pages=len(pages), phases=joined,
              first=paths[0].name, last=paths[-1].name, pdf=output.with_suffix(".pdf").name)


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
                    "Long runs are split into pages at the phases of the mail's journey "
                    "(submission, relay, DNS, delivery, retrieval): -o FILE.pdf holds them "
                    "all, --per-page writes FILE-1.png, FILE-2.png..., --page N one of them.")
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
    diagram.add_argument("--node", nargs="+", metavar="HOST",
                         help="only events touching these hosts (full or short names, or roles)")
    diagram.add_argument("--with-state", action="store_true",
                         help="with --protocol or --conn: keep every state change too")
    diagram.add_argument("--start", type=_duration_arg, metavar="T",
                         help="from this simulated time (e.g. 0.2s, 15m, 1h20m)")
    diagram.add_argument("--end", type=_duration_arg, metavar="T", help="up to this simulated time")
    diagram.add_argument("--steps", type=_steps_arg, metavar="A:B",
                         help="only steps A to B (the # column), inclusive")
    diagram.add_argument("--conn", nargs="+", metavar="ID", help="only these connections (c1, c2...)")
    diagram.add_argument("--no-tcp", action="store_true", help="leave out TCP segments")
    diagram.add_argument("--page", type=_positive_arg, metavar="N",
                         help="draw only page N (to the output file itself)")
    diagram.add_argument("--per-page", type=_positive_arg, metavar="N", nargs="?", const=0,
                         help="write one file per page, FILE-1.png, FILE-2.png... (N: at most "
                              "N events a page; default 30 in the projector style, 60 classic)")
    diagram.add_argument("--style", choices=("projector", "classic"), default="projector",
                         help="projector (default): large text for a classroom, only the "
                              "hosts of each page, no overlapping labels; classic: dense, "
                              "every host on every page")
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


