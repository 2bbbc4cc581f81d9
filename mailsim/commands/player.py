"""The ``step`` and ``show`` subcommands; :func:`register` adds them to ``mailsim``'s parser.

Only :mod:`argparse` is imported at module level: the player, the simulation
and Textual load inside the handlers, so ``mailsim --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from mailsim.trace import Trace
    from mailsim.views.player.model import PlayerModel

# Events in a trace past which the player takes it out of the garbage collector's reach.
FREEZE_AFTER = 50_000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``step`` and ``show``; each sets ``handler`` (``Namespace -> int``) by ``set_defaults``."""
    from mailsim.views.protocols import protocol_names  # the registry only: light

    step = subparsers.add_parser(
        "step", help="step through a run event by event, with every node's state",
        description="A step-through player: the event list, the current event in full with a "
                    "caption in plain words, and the mailboxes, queues, devices and DNS caches "
                    "as they are at that step. Full screen in a terminal; --plain (or a pipe) "
                    "prints one event per Enter.")
    step.add_argument("source", nargs="?", metavar="SCENARIO | TRACE.jsonl",
                      help="a scenario (file or bundled name) or a trace file "
                           "(default: the article's route)")
    step.add_argument("--plain", action="store_true",
                      help="no full screen: print one event at a time, read commands line by line")
    step.add_argument("--lang", choices=("en", "ja"), default="en")
    step.add_argument("--analogy", action="store_true",
                      help="also say what each host is in the postal analogy")
    step.add_argument("--protocol", nargs="+", metavar="NAME",
                      help=f"only these protocols ({', '.join(protocol_names())})")
    step.add_argument("--node", nargs="+", metavar="HOST",
                      help="only events touching these hosts (full or short names, or roles "
                           "such as relay, dns, \"recipient's mail server\")")
    step.add_argument("--with-state", action="store_true",
                      help="with --protocol: keep every state change, not only those the "
                           "protocol's lines cause")
    step.add_argument("--tap", metavar="A,B",
                      help="a wiretap on the link between two hosts: what it reads at each step "
                           "(in the player, t taps the next link)")
    step.add_argument("--seed", type=int, help="override the scenario's seed")
    step.set_defaults(handler=cmd_step)

    show = subparsers.add_parser(
        "show", help="print a scenario's title, description, goals and questions")
    show.add_argument("name", nargs="?", metavar="SCENARIO",
                      help="a bundled name or a scenario file (default: the article's route)")
    show.add_argument("--lang", choices=("en", "ja"), default="en")
    show.set_defaults(handler=cmd_show)


def cmd_step(args: argparse.Namespace, *, stdin: TextIO | None = None,
             stdout: TextIO | None = None) -> int:
    """Play ``args.source``: full screen on a terminal, the plain player otherwise."""
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    model = build_model(args)
    tap = tapped_link(model.trace, args)
    if len(model.trace) > FREEZE_AFTER:
        import gc

        # The trace is immutable and lives until exit: a full collection need not
        # walk its million objects again (half a second each on 200,000 events,
        # felt as a stall in a jump).
        gc.freeze()
    # Textual needs a terminal at both ends; a script or a pipe gets the plain player.
    if args.plain or not (stdin.isatty() and stdout.isatty()):
        from mailsim.views.player.plain import run_plain

        return run_plain(model, lang=args.lang, analogy=args.analogy, stdin=stdin, stdout=stdout,
                         tap=tap)
    from mailsim.views.player.app import run_app

    return run_app(model, lang=args.lang, analogy=args.analogy, tap=tap)


def tapped_link(trace: Trace, args: argparse.Namespace) -> tuple[str, str] | None:
    """The two hosts of ``--tap A,B``, or None; a wrong link is exit 2 naming ``--tap``."""
    if getattr(args, "tap", None) is None:
        return None
    from mailsim.scenario.errors import ScenarioError
    from mailsim.views.tap import BadLink, resolve_link

    try:
        return resolve_link(trace, args.tap, args.lang)
    except BadLink as exc:
        raise ScenarioError("mailsim step", [("--tap", str(exc))]) from None


def build_model(args: argparse.Namespace) -> PlayerModel:
    """The trace of ``args.source`` behind a model filtered by ``--protocol``/``--node``."""
    from mailsim.commands.sources import load_trace
    from mailsim.scenario.errors import ScenarioError
    from mailsim.views.player.model import PlayerModel, parse_filter

    trace = load_trace(args.source, args.seed)
    words = [*(args.protocol or []), *(args.node or [])]
    try:
        protocols, nodes = parse_filter(words, trace, args.lang)
        model = PlayerModel(trace)
        model.set_filter(protocols, nodes, with_state=args.with_state)
    except ValueError as exc:
        raise ScenarioError("mailsim step", [("--protocol/--node", str(exc))]) from None
    return model


def cmd_show(args: argparse.Namespace, *, stdout: TextIO | None = None) -> int:
    """Print the scenario's title, description, goals and questions in ``args.lang``."""
    stdout = stdout if stdout is not None else sys.stdout
    stdout.write(scenario_text(args.name, args.lang))
    return 0


def scenario_text(name: str | None, lang: str = "en") -> str:
    from rich.cells import cell_len

    from mailsim.scenario import DEFAULT_SCENARIO, load_scenario, localized
    from mailsim.views.captions import ui

    scenario = load_scenario(name or DEFAULT_SCENARIO)
    title = localized(scenario.title, lang)
    # Underline by display width: a Japanese character takes two columns.
    lines = [title, "=" * min(cell_len(title), 78), ""]
    description = localized(scenario.description, lang).strip()
    if description:
        lines += [description, ""]
    if scenario.goals:
        lines.append(ui("ui.show.goals", lang))
        lines += [f"  • {localized(goal, lang)}" for goal in scenario.goals]
        lines.append("")
    if scenario.questions:
        lines.append(ui("ui.show.questions", lang))
        lines += [f"  {n}. {localized(q, lang)}" for n, q in enumerate(scenario.questions, start=1)]
        lines.append("")
    return "\n".join(lines)
