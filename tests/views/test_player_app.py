"""The full-screen player driven by keys through Textual's pilot."""

from __future__ import annotations

import asyncio
import dataclasses
import io
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from mailsim.trace import Trace
from mailsim.views.player.app import EventList, PlayerApp
from mailsim.views.player.model import PlayerModel

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"
Script = Callable[[Pilot[None], PlayerApp], Awaitable[None]]


@pytest.fixture(scope="module")
def trace() -> Trace:
    return Trace.read_jsonl(GOLDEN)


def drive(trace: Trace, script: Script, *, size: tuple[int, int] = (80, 24), lang: str = "en") -> None:
    async def main() -> None:
        app = PlayerApp(PlayerModel(trace), lang=lang)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot, app)

    asyncio.run(main())


def shown(app: PlayerApp, selector: str) -> str:
    """The text a Static shows, rendered as the terminal would."""
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(app.query_one(selector, Static).content)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


def mailbox_panel(app: PlayerApp) -> str:
    return shown(app, f"#host-body-{app.hosts.index('mx.example.jp')}")


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


def test_arrows_and_letters_step_and_the_row_follows(trace: Trace) -> None:
    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        table = app.query_one(EventList)
        assert table.cursor_row == 0
        await press(pilot, "right", "n", "j")
        assert table.cursor_row == 3 and app.model.position == 3
        await press(pilot, "left")
        assert table.cursor_row == 2
        await press(pilot, "end")
        assert table.cursor_row == len(trace) - 1
        assert f"step #{trace[-1].seq}" in shown(app, "#status")
        await press(pilot, "g")
        assert table.cursor_row == 0

    drive(trace, script)


def test_jump_to_stored_shows_the_mail_and_a_step_back_shows_an_empty_mailbox(trace: Trace) -> None:
    stored = trace.states("stored")[0].seq

    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        await press(pilot, "colon", *str(stored), "enter")
        assert app.query_one(EventList).cursor_row == stored
        assert "stored in mailbox bob@example.jp" in shown(app, "#detail-body")
        assert "The mail is in the recipient's P.O. box." in shown(app, "#detail-caption")
        panel = mailbox_panel(app)
        assert "bob@example.jp  1 message(s)" in panel and "“Hello from Tokyo”" in panel
        await press(pilot, "k")
        assert app.query_one(EventList).cursor_row == stored - 1
        panel = mailbox_panel(app)
        assert "bob@example.jp  empty" in panel and "• 1 “Hello from Tokyo”" not in panel
        assert "queue" in panel and "→ bob@example.jp" in panel, "still waiting in the queue"

    drive(trace, script)


def test_jump_by_time_and_a_bad_jump_changes_nothing(trace: Trace) -> None:
    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        await press(pilot, "colon", *"0.5s", "enter")
        event = app.model.event
        assert event is not None and event.time <= 0.5
        where = app.model.position
        await press(pilot, "colon", *"soon", "enter")
        assert app.model.position == where
        await press(pilot, "colon", "escape")
        assert app.model.position == where and app.screen is not None

    drive(trace, script)


def test_filter_and_clear(trace: Trace) -> None:
    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        await press(pilot, "f", *"dns", "enter")
        table = app.query_one(EventList)
        assert table.row_count == len(app.model.shown) < len(trace)
        assert "filter: DNS" in shown(app, "#status")
        await press(pilot, "right")
        assert table.cursor_row == 1
        event = app.model.event
        assert event is not None and f"#{event.seq}" in shown(app, "#detail-head")
        await press(pilot, "c")
        assert table.row_count == len(trace)
        assert table.cursor_row == app.model.position and app.model.event is event

    drive(trace, script)


def test_space_plays_and_plus_speeds_up(trace: Trace) -> None:
    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        await press(pilot, "plus", "plus", "plus", "plus", "plus")
        assert app.model.speed == 32.0
        await press(pilot, "space")
        assert app.model.playing and "playing ×32" in shown(app, "#status")
        await pilot.pause(0.3)
        await press(pilot, "space")
        assert not app.model.playing and app.model.position > 1
        assert app.query_one(EventList).cursor_row == app.model.position

    drive(trace, script)


def test_japanese_labels_and_a_wide_screen(trace: Trace) -> None:
    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        assert "ステップ #0" in shown(app, "#status") and "すべてのイベント" in shown(app, "#status")
        assert app.screen.has_class("wide")
        assert "メールボックス" in mailbox_panel(app)

    drive(trace, script, size=(220, 60), lang="ja")


def test_a_focused_pane_scrolls_with_up_down_while_left_right_still_step(trace: Trace) -> None:
    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        await press(pilot, "tab", "tab")
        focused = app.screen.focused
        assert focused is not None and focused.id == "state"
        await press(pilot, "right", "right", "down")
        assert app.model.position == 2, "↓ scrolls the (long) pane instead of stepping"
        assert focused.scroll_y > 0
        await press(pilot, "z")
        assert app.zoomed == "state" and app.screen.maximized is None
        assert focused.region.width == app.size.width, "the whole width, no hatched filler"
        assert not app.query_one(EventList).display or app.query_one(EventList).region.width == 0
        await press(pilot, "z")
        assert app.zoomed is None and app.query_one(EventList).region.height > 0

    drive(trace, script)


def test_a_header_scenario_that_looks_like_markup_is_shown_as_written(trace: Trace) -> None:
    # Any trace file can name its scenario; the wide status line shows the name.
    hostile = Trace(dataclasses.replace(trace.header, scenario="x [/bold] [@click=app.quit]y"),
                    list(trace))

    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        assert "x [/bold] [@click=app.quit]y · step #0" in shown(app, "#status")

    drive(hostile, script, size=(120, 30))
