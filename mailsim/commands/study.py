"""Session-fidelity scenarios in ``run`` and ``compare``: a study's tables, figure and sample trace.

``mailsim run STUDY`` runs the workload's own devices and prints the summary
table; with ``--trace`` it also runs the ``trace_users`` sample users at line
level (their first ``trace_days`` days) and writes that trace, so ``diagram``,
``step`` and the other classroom views work on a study. ``mailsim compare
STUDY`` runs the four ways of reading mail in worker processes with a
progress bar (on stderr; it disappears when stderr is not a terminal).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from mailsim.commands import EXIT_OK

if TYPE_CHECKING:
    from mailsim.scenario.model import Scenario
    from mailsim.study.run import StudyResult


def load_study(name: str | None, fidelity: str | None, seed: int | None,
               max_events: int | None = None, *, lang: str = "en") -> Scenario | None:
    """The scenario if it runs at session level (its own ``fidelity`` or ``--fidelity``), else None."""
    from mailsim.scenario import load_scenario
    from mailsim.scenario.errors import ScenarioError
    from mailsim.views.captions import ui

    if name is None:
        return None
    scenario = load_scenario(name, max_events=max_events, fidelity=fidelity,  # type: ignore[arg-type]
                             expand_workload=False)
    if scenario.fidelity != "session":
        return None
    if scenario.workload is None:
        raise ScenarioError(name, [("fidelity", ui("cli.session_needs_workload", lang))])
    return scenario if seed is None else scenario.model_copy(update={"seed": seed})


def _run_with_progress(scenario: Scenario, keys: list[str], lang: str) -> dict[str, StudyResult]:
    import sys

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from mailsim.study.tasks import run_study, study_tasks
    from mailsim.views.captions import ui

    workload = scenario.workload
    assert workload is not None
    tasks = len(study_tasks(scenario, keys))
    console = Console(stderr=True)
    label = ui("ui.study.progress", lang, users=f"{workload.users:,}", days=workload.days,
               tasks=tasks)
    # No refresh thread (auto_refresh=False, redrawn as each part ends): with one thread
    # the worker processes can be forked and share the planned mails.
    with Progress(TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  console=console, auto_refresh=False, transient=not sys.stderr.isatty(),
                  disable=not sys.stderr.isatty()) as progress:
        bar = progress.add_task(label, total=tasks)
        progress.refresh()

        def done(_: int) -> None:
            progress.advance(bar)
            progress.refresh()

        return run_study(scenario, keys, on_done=done)


def compare_study(scenario: Scenario, output: str | None, lang: str) -> int:
    """``compare`` at session level: the four strategies, a table and maybe the figure."""
    from rich.console import Console

    from mailsim.scenario.compare import STRATEGIES, strategy_labels
    from mailsim.views.study import plot_study, study_table

    results = _run_with_progress(scenario, [s.key for s in STRATEGIES], lang)
    console = Console()
    labels = strategy_labels()
    console.print(study_table(results, lang, labels))
    if output:
        plot_study(results, output, lang, labels)
        from mailsim.views.captions import ui

        console.print(ui("ui.figure_written", lang, path=output))
    return EXIT_OK


def run_study_command(scenario: Scenario, args: argparse.Namespace) -> int:
    """``run`` at session level: the workload's own devices, and the sample users' trace."""
    from rich.console import Console

    from mailsim.scenario.errors import ScenarioError
    from mailsim.study.run import OWN
    from mailsim.views.captions import ui
    from mailsim.views.study import study_table

    lang = getattr(args, "lang", "en")
    workload = scenario.workload
    assert workload is not None
    count = workload.trace_users
    if args.trace and count == 0:  # said before the run, not after it
        raise ScenarioError(args.trace, [("workload.trace_users", ui("cli.no_sample_users", lang))])
    results = _run_with_progress(scenario, [OWN], lang)
    console = Console()
    console.print(study_table(results, lang))
    if args.trace:
        write_sample_trace(scenario, args.trace)
        console.print(ui("ui.study.sample_trace", lang, count=count, days=workload.trace_days,
                         path=args.trace))
    return EXIT_OK


def write_sample_trace(scenario: Scenario, path: str) -> None:
    """The sample users' mail and checks at line level, written as JSONL."""
    from mailsim.scenario.build import run_scenario
    from mailsim.study.sample import sample_scenario

    run_scenario(sample_scenario(scenario)).write_jsonl(path)


def dispatch_run(args: argparse.Namespace) -> int | None:
    """``mailsim run``: the exit status if the scenario is a session-level study, else None."""
    scenario = load_study(args.scenario, getattr(args, "fidelity", None), args.seed,
                          getattr(args, "max_events", None), lang=getattr(args, "lang", "en"))
    return None if scenario is None else run_study_command(scenario, args)
