"""The run table: rows for events, a row for every long idle gap, the summary."""

from __future__ import annotations

import dataclasses

from rich.console import Console

from mailsim.scenario import load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import Trace
from mailsim.views.table import run_report, summary, trace_table
from mailsim.views.times import format_gap


def render(renderable: object, width: int = 200) -> str:
    console = Console(record=True, width=width, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_idle_gaps_get_their_own_row() -> None:
    text = render(trace_table(run_scenario(load_scenario("relay-outage"))))
    for gap in ("5 min", "10 min", "20 min", "40 min", "67 min"):
        assert f"⋯ {gap} later ⋯" in text
    assert "SYN  (lost)" in text


def test_narrow_terminals_get_short_host_names() -> None:
    trace = run_scenario(load_scenario("article-route"))
    assert "mail.example.com → relay.example.net" in render(run_report(trace, width=200))
    assert "mail → relay" in render(run_report(trace, width=100), width=100)


def test_summary_counts_what_happened() -> None:
    trace = run_scenario(load_scenario("two-domains"))
    s = summary(trace)
    assert s["delivered"] == 2
    assert s["units"] == len(trace.messages())
    assert s["bytes"] == sum(e.size for e in trace.messages())


def test_gap_durations_read_naturally() -> None:
    assert [format_gap(s) for s in (12, 900, 4020, 7500, 3 * 86400 + 4 * 3600)] == [
        "12 s", "15 min", "67 min", "2 h 5 min", "3 d 4 h"]


def test_every_state_action_of_the_bundled_scenarios_has_its_own_text() -> None:
    from mailsim.scenario import bundled_names
    from mailsim.trace.states import STATES
    from mailsim.views.state_texts import STATE_TEXTS

    actions = {e.action for name in bundled_names()
               for e in run_scenario(load_scenario(name)).states()}
    assert {a for a in actions if STATES.get(a) not in STATE_TEXTS} == set()  # keyed by class


def test_a_scenario_name_that_looks_like_markup_is_printed_as_written() -> None:
    # A trace file names its own scenario; rich would parse "[/bold]" and raise.
    trace = run_scenario(load_scenario("article-route"))
    hostile = Trace(dataclasses.replace(trace.header, scenario="x [/bold] y"), list(trace))
    assert "Trace of “x [/bold] y”" in render(trace_table(hostile))
