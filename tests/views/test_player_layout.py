"""The full-screen player uses the screen: wide line column, zoom, a caption always in view,
every key listed, Japanese headers and state rows."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from mailsim.trace import MessageEvent, Trace
from mailsim.views.captions import ui
from mailsim.views.player.app import PlayerApp
from mailsim.views.player.layout import KEYS, OTHER_KEYS, line_width
from mailsim.views.player.widgets import EventList, KeyList
from mailsim.views.state_texts import state_text
from tests.views.test_player_app import drive, press, shown

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"


@pytest.fixture(scope="module")
def trace() -> Trace:
    return Trace.read_jsonl(GOLDEN)


def line_column(app: PlayerApp) -> int:
    table = app.query_one(EventList)
    return list(table.columns.values())[-1].width


def column_widths(trace: Trace, size: tuple[int, int]) -> tuple[int, int]:
    """The line column's width and the list's width at ``size``."""
    found: list[int] = []

    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        await pilot.pause()
        table = app.query_one(EventList)
        total = sum(c.get_render_width(table) for c in table.columns.values())
        assert total <= table.size.width, "no column hidden past the right edge"
        found.extend([line_column(app), table.size.width])

    drive(trace, script, size=size)
    return found[0], found[1]


def test_the_line_column_takes_the_spare_width(trace: Trace) -> None:
    small, _ = column_widths(trace, (100, 30))
    medium, medium_list = column_widths(trace, (160, 45))
    large, large_list = column_widths(trace, (220, 60))
    assert medium >= 2 * small, (small, medium)
    assert medium_list == 160, "below 200 columns the list takes the whole width"
    assert large > small and large_list < 220, "from 200 columns the panes sit beside it"


def test_line_width_is_what_the_other_columns_leave() -> None:
    assert line_width(100, [3, 9, 20, 10], padding=1, scrollbar=2) == 100 - 42 - 10 - 2
    assert line_width(40, [3, 9, 20, 10], padding=1, scrollbar=2) == 20, "never below 20"


def test_z_zooms_the_focused_panel_to_the_whole_screen_and_back(trace: Trace) -> None:
    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        table = app.query_one(EventList)
        before = line_column(app)
        await press(pilot, "z")
        await pilot.pause()
        assert app.zoomed == "events" and app.screen.maximized is None
        assert table.region.width == app.size.width
        assert not app.query_one("#panes").display
        status = app.query_one("#status")
        assert status.region.y == 0 and status.region.height == 1, "the status line stays"
        assert "step #0" in shown(app, "#status")
        assert line_column(app) > before, "the zoomed list widens its line column"
        await press(pilot, "z")
        await pilot.pause()
        assert app.zoomed is None and app.query_one("#panes").display
        assert line_column(app) == before

    drive(trace, script, size=(220, 60))


def test_on_a_retr_step_the_caption_stays_in_view(trace: Trace) -> None:
    body = next(e for e in trace if isinstance(e, MessageEvent) and e.text.count("\n") > 20
                and e.protocol == "POP3")

    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        await press(pilot, "colon", *str(body.seq), "enter")
        await pilot.pause()
        await pilot.pause()
        detail = app.query_one("#detail").region
        caption = app.query_one("#detail-caption")
        text = app.query_one("#detail-text")
        assert f"#{body.seq}" in shown(app, "#detail-head")
        assert "»" in shown(app, "#detail-caption")
        assert caption.region.height > 0
        assert detail.y <= caption.region.y
        assert caption.region.y + caption.region.height <= detail.y + detail.height
        assert text.max_scroll_y > 0, "the message body scrolls in its own area"

    drive(trace, script, size=(100, 30))


def rendered(widget: Static) -> str:
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(widget.content)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_question_mark_lists_every_key(trace: Trace, lang: str) -> None:
    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        await press(pilot, "question_mark")
        assert isinstance(app.screen, KeyList)
        listed = rendered(app.screen.query_one("#keys-table", Static))
        for _, _, label, _ in KEYS:
            assert ui(f"ui.player.key.{label}", lang) in listed, label
        for _, label in OTHER_KEYS:
            assert ui(f"ui.player.key.{label}", lang) in listed, label
        assert "→ n j" in listed and "?" in listed
        await press(pilot, "escape")
        assert not isinstance(app.screen, KeyList)
        await press(pilot, "right")
        assert app.model.position == 1, "keys step again once the list is closed"

    drive(trace, script, size=(100, 30), lang=lang)


def test_japanese_headers_and_state_rows(trace: Trace) -> None:
    stored = trace.states("stored")[0]

    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        table = app.query_one(EventList)
        headers = [str(c.label) for c in table.columns.values()]
        assert headers == ["#", "時刻", "送信元 → 宛先", "プロトコル:ポート", "内容"]
        row = [str(cell) for cell in table.get_row_at(stored.seq)]
        assert row[3] == "状態"
        assert row[4].rstrip("…") and state_text(stored, "ja").startswith(row[4].rstrip("…"))
        assert "stored" not in row[4]

    drive(trace, script, size=(160, 45), lang="ja")


def test_s_keeps_every_state_row_under_a_filter(trace: Trace) -> None:
    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        await press(pilot, "f", *"dns", "enter")
        table = app.query_one(EventList)
        assert table.row_count == 4, "2 DNS lines and the 2 state changes they cause"
        await press(pilot, "s")
        assert table.row_count == 2 + len(trace.states())
        assert "DNS +state" in shown(app, "#status")
        await press(pilot, "s")
        assert table.row_count == 4

    drive(trace, script, size=(100, 30))
