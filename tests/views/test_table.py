"""The run table: rows for events, a row for every long idle gap, the summary."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from rich.console import Console

from mailsim.scenario import load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import Trace
from mailsim.views.table import gap_text, run_report, summary, summary_text, trace_table
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


def test_the_summary_counts_a_bounce_apart_from_delivered_mail() -> None:
    # no-such-domain stores one message: the bounce notice in Alice's own mailbox.
    text = render(run_report(run_scenario(load_scenario("no-such-domain")), quiet=True))
    assert "Delivered: 0 message(s) to mailboxes, and 1 delivery status notice(s) back to senders" in text
    assert "Bounced (returned to the sender): 1 — “Minutes of the meeting” → bob@example.jq" in text
    assert "Still queued: 0" in text


def test_the_summary_names_the_messages_and_the_mail_still_queued() -> None:
    trace = run_scenario(load_scenario("imap-quota"))
    s = summary(trace)
    assert (s["delivered"], s["bounced"], s["still_queued"]) == (3, 0, 1)
    text = render(run_report(trace, quiet=True), width=400)
    delivered, bounced, queued = text.splitlines()[:3]
    assert delivered.startswith("Delivered: 3 message(s) to mailboxes — “")
    assert delivered.count("→ bob@example.jp") == 3
    assert bounced == "Bounced (returned to the sender): 0"
    assert queued.startswith("Still queued: 1 — “") and queued.endswith("→ bob@example.jp")


def test_past_three_messages_the_summary_says_how_many_more() -> None:
    text = render(run_report(run_scenario(load_scenario("pop3-vs-imap")), quiet=True), width=400)
    assert text.splitlines()[0].endswith("“Notes” → bob@example.jp, and 3 more")


def _cells(table: Any, column: int) -> list[str]:
    return [str(cell) for cell in table.columns[column]._cells]


def test_the_table_and_summary_in_japanese_have_no_english_catalogue_text() -> None:
    from mailsim.locales import catalog

    trace = run_scenario(load_scenario("relay-outage"))
    table = trace_table(trace, lang="ja")
    ja = catalog("ja")
    assert str(table.title) == "「relay-outage」のトレース"
    assert [str(c.header) for c in table.columns][1:] == [
        ja["run.table.time"], ja["run.table.route"], ja["run.table.port"], ja["run.table.line"]]
    kinds = _cells(table, 3)
    lines = _cells(table, 4)
    own = [line for kind, line in zip(kinds, lines, strict=True) if kind in ("状態", "")]
    assert "⋯ 5分 後 ⋯" in own and "⋯ 1時間7分 後 ⋯" not in own and "⋯ 67分 後 ⋯" in own
    assert "(消失)" in "".join(lines)
    quiet = render(summary_text(trace, lang="ja"), width=400)
    shown = " ".join([str(table.title), *own, quiet])
    # What the run recorded stays as written: subjects, and the servers' replies.
    shown = re.sub(r"「[^」]*」|“[^”]*”|\d{3} \d\.\d+\.\d+ [^\n]*", "", shown)
    # Every English word of the texts run shows (its own and the state texts), but for
    # those the Japanese texts keep too (protocol names, key names, units).
    english = catalog("en")
    keys = [k for k in english if k.startswith(("run.", "text.", "summary."))]
    latin = {w for k in keys for w in re.findall(r"[A-Za-z]{3,}", ja.get(k, ""))}
    words = {w for k in keys for w in re.findall(r"[A-Za-z]{3,}", english[k])} - latin
    found = sorted(w for w in words if re.search(rf"\b{w}\b", shown))
    assert found == []


def test_japanese_gaps_read_naturally() -> None:
    assert [gap_text(s, "ja") for s in (12, 900, 7500, 3 * 86400 + 4 * 3600)] == [
        "12秒", "15分", "2時間5分", "3日4時間"]
    assert gap_text(900) == "15 min"


def test_the_delivered_list_names_mail_and_then_counts_the_notices() -> None:
    # mailbox-full: one mail fits, the next one waits (a delay notice) and bounces.
    trace = run_scenario(load_scenario("mailbox-full"))
    first = render(summary_text(trace), width=400).splitlines()[0]
    assert first == ("Delivered: 1 message(s) to mailboxes — “The big report” → bob@example.jp, "
                     "and 2 delivery status notice(s) back to senders")
    first = render(summary_text(trace, lang="ja"), width=400).splitlines()[0]
    assert first == ("配送: メールボックスへ 1 通：「The big report」→ bob@example.jp、"
                     "差出人への配送状態通知 2 通")
