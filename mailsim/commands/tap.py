"""``tap``: what someone reading the packets on one link could read."""

from __future__ import annotations

import argparse
from typing import Any

from mailsim.commands import EXIT_OK
from mailsim.commands.sources import load_trace
from mailsim.views.captions import ui


def cmd_tap(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from mailsim.scenario.errors import ScenarioError
    from mailsim.views.tap import BadLink, resolve_link, tap
    from mailsim.views.times import format_time

    trace = load_trace(args.source, args.seed)
    try:
        a, b = resolve_link(trace, args.link, args.lang)
    except BadLink as exc:
        raise ScenarioError("mailsim tap", [("--link", str(exc))]) from None
    table = Table(title=ui("tap.title", args.lang, a=a, b=b), expand=False)
    for key in ("step", "time", "route", "port", "reads"):
        table.add_column(ui(f"tap.column.{key}", args.lang), overflow="fold")
    readable = hidden = 0
    secrets: list[str] = []
    for seen in tap(trace, a, b):
        e = seen.event
        if seen.readable is None:
            hidden += 1
            what = Text(ui("tap.encrypted", args.lang, size=e.size), style="dim")
        else:
            readable += 1
            lines = seen.readable.split("\n")
            shown = "\n".join(lines[:args.lines]) + (
                "\n" + ui("tap.more_lines", args.lang, n=len(lines) - args.lines)
                if len(lines) > args.lines else "")
            what = Text(shown, style="bold red" if seen.secret else "")
        if seen.secret:
            secrets.append(ui("tap.secret", args.lang, step=e.seq, secret=seen.secret))
        table.add_row(str(e.seq), format_time(e.t_sent), f"{e.src} → {e.dst}",
                      f"{e.protocol}:{e.port}", what)
    console = Console()
    console.print(table)
    console.print(ui("tap.summary", args.lang, readable=readable, hidden=hidden))
    for line in secrets:
        console.print(Text(line, style="bold red"))
    return EXIT_OK


def register(commands: Any) -> None:
    tap = commands.add_parser(
        "tap", help="what a wiretap on one link could read (clear text versus TLS)",
        description="List every unit that crosses one link of a run, as someone reading the "
                    "packets there sees it: lines sent in clear in full (AUTH PLAIN and AUTH "
                    "LOGIN decoded: base64 hides nothing), lines under TLS as their size only.")
    tap.add_argument("source", nargs="?", metavar="SCENARIO | TRACE.jsonl",
                     help="a scenario (file or bundled name) or a trace file "
                          "(default: the article's route)")
    tap.add_argument("--link", required=True, metavar="A,B",
                     help="the two hosts at the ends of the link (full or short names, or roles)")
    tap.add_argument("--lines", type=int, default=3, metavar="N",
                     help="lines of each unit shown (default 3)")
    tap.add_argument("--lang", choices=("en", "ja"), default="en")
    tap.add_argument("--seed", type=int, help="the run's seed (default: the scenario's)")
    tap.set_defaults(handler=cmd_tap)
