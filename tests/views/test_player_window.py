"""The full-screen player lists a window of rows around the cursor, not the whole trace."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.pilot import Pilot

from mailsim.trace import Trace
from mailsim.views.player import app as app_module
from mailsim.views.player.app import PlayerApp, window_start
from mailsim.views.player.widgets import EventList
from tests.views.test_player_app import drive, press, shown

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"
SMALL = 20  # rows, so the 129-event golden trace needs several windows


@pytest.fixture(scope="module")
def trace() -> Trace:
    return Trace.read_jsonl(GOLDEN)


@given(data=st.data(), shown_count=st.integers(min_value=1, max_value=5000),
       window=st.integers(min_value=1, max_value=2000))
def test_the_window_holds_the_cursor_and_is_full(data: st.DataObject, shown_count: int,
                                                 window: int) -> None:
    position = data.draw(st.integers(min_value=0, max_value=shown_count - 1))
    start = window_start(position, shown_count, window)
    assert 0 <= start <= position < start + window
    assert min(start + window, shown_count) - start == min(window, shown_count), "no empty rows"


def test_a_trace_that_fits_is_listed_whole(trace: Trace) -> None:
    assert len(trace) <= app_module.WINDOW

    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        assert app.query_one(EventList).row_count == len(trace)

    drive(trace, script)


def listed_seqs(table: EventList) -> list[int]:
    return [int(str(table.get_row_at(row)[0]).lstrip("#")) for row in range(table.row_count)]


def check_row(app: PlayerApp) -> None:
    """The highlighted row is the model's event, and the detail shows it."""
    table = app.query_one(EventList)
    event = app.model.event
    assert event is not None
    assert table.row_count == SMALL
    assert listed_seqs(table)[table.cursor_row] == event.seq
    assert f"#{event.seq}" in shown(app, "#detail-head")


def test_moving_past_the_window_lists_the_rows_around_the_cursor(
        trace: Trace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "WINDOW", SMALL)

    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        table = app.query_one(EventList)
        assert listed_seqs(table) == list(range(SMALL))
        await press(pilot, *["right"] * SMALL)
        assert app.model.position == SMALL
        check_row(app)
        assert listed_seqs(table)[0] > 0, "the window moved on"
        await press(pilot, "end")
        check_row(app)
        assert listed_seqs(table)[-1] == len(trace) - 1
        await press(pilot, "left")
        check_row(app)
        await press(pilot, "colon", *"64", "enter")
        assert app.model.position == 64
        check_row(app)
        await press(pilot, "home")
        check_row(app)
        assert table.cursor_row == 0 and listed_seqs(table)[0] == 0

    drive(trace, script)


def test_a_filter_lists_its_own_window(trace: Trace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "WINDOW", SMALL)

    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        await press(pilot, "end")
        await press(pilot, "f", *"smtp", "enter")
        table = app.query_one(EventList)
        assert app.model.shown_count > SMALL
        event = app.model.event
        assert event is not None and listed_seqs(table)[table.cursor_row] == event.seq
        assert set(listed_seqs(table)) <= {e.seq for e in app.model.shown}
        await press(pilot, "c")
        check_row(app)

    drive(trace, script)
