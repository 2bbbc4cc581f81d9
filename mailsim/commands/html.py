"""``html``: the classroom page of a run, one self-contained HTML file."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from mailsim.commands import EXIT_OK
from mailsim.commands.outputs import default_output
from mailsim.views.captions import ui

if TYPE_CHECKING:
    from mailsim.trace import Trace


def page_source(source: str | None,
                seed: int | None) -> tuple[Trace, dict[str, str], dict[str, Any] | None]:
    """The trace to show, the hosts' IP addresses and the lesson (from the scenario).

    A saved trace records neither: they are taken from the bundled scenario of the
    same name when its hosts are exactly the trace's, else left out.
    """
    from mailsim.commands.sources import load_trace
    from mailsim.scenario import DEFAULT_SCENARIO, load_scenario
    from mailsim.scenario.build import host_addresses, run_scenario
    from mailsim.scenario.errors import ScenarioError
    from mailsim.scenario.lesson import lesson_texts
    from mailsim.study.sample import sample_scenario

    if source is not None and source.lower().endswith(".jsonl"):
        trace = load_trace(source, seed)
        try:
            scenario = sample_scenario(load_scenario(trace.header.scenario))
        except (ScenarioError, OSError, ValueError):
            return trace, {}, None
        names = {name for name, _ in trace.header.hosts}
        addresses = host_addresses(scenario)
        if set(addresses) != names:
            return trace, {}, None
        return trace, addresses, lesson_texts(scenario)
    scenario = sample_scenario(load_scenario(source or DEFAULT_SCENARIO))
    return run_scenario(scenario, seed=seed), host_addresses(scenario), lesson_texts(scenario)


def cmd_html(args: argparse.Namespace) -> int:
    from pathlib import Path

    from mailsim.scenario.errors import ScenarioError
    from mailsim.views.html import render_page

    output = Path(args.output) if args.output else None
    if output is not None and output.suffix.lower() not in (".html", ".htm"):
        raise ScenarioError(str(output), [("", "expected a file ending in .html")])
    trace, addresses, lesson = page_source(args.source, args.seed)
    if output is None:
        output = default_output(trace.header.scenario, ".html")
    page = render_page(trace, lang=args.lang, analogy=args.analogy, addresses=addresses,
                       lesson=lesson)
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(str(output), [("", f"cannot write the page: {exc.strerror}")]) from None
    print(ui("html.written", args.lang, path=output, events=len(trace),
             size=f"{len(page.encode('utf-8')) / 1024:,.0f}"))
    return EXIT_OK


def register(commands: Any) -> None:
    page = commands.add_parser(
        "html", help="write the classroom page: one HTML file to open in any browser",
        description="Write one self-contained HTML file showing a scenario's run (or a saved "
                    "trace): the network with each line travelling its link, the sequence "
                    "diagram, the line in detail, every node's state and the captions, all on "
                    "the same step. It fetches nothing, so it works offline and from a USB stick.")
    page.add_argument("source", nargs="?", metavar="SCENARIO | TRACE.jsonl",
                      help="a scenario (file or bundled name) or a trace file "
                           "(default: the article's route)")
    page.add_argument("-o", "--output", metavar="FILE.html",
                      help="where to write (default: SCENARIO.html in this directory)")
    page.add_argument("--lang", choices=("en", "ja"), default="en",
                      help="the page's first language (it can switch in the page)")
    page.add_argument("--analogy", action="store_true",
                      help="start with the postal analogy shown")
    page.add_argument("--seed", type=int, help="the run's seed (default: the scenario's)")
    page.set_defaults(handler=cmd_html)
