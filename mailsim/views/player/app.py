"""The full-screen step-through player (Textual): event list, detail, state panels.

Every key goes to the app: the event list has no bindings of its own, and the
two panes only scroll with ↑/↓/PgUp/PgDn when focused, so ←/→, Home/End and the
letter keys always step, whatever has the focus. The :class:`PlayerModel` does
the work; this module only draws it and turns keys into model calls.

The event list holds a window of at most :data:`WINDOW` rows around the cursor,
not the whole trace: a 200,000-event trace would take a minute and hundreds of
megabytes to list. When the cursor leaves the window, the list is refilled
around it; a trace that fits shows every event, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Container, Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Collapsible, DataTable, Footer, Static

from mailsim.trace import StateEvent
from mailsim.views.captions import ui
from mailsim.views.player.layout import (
    COLUMNS,
    KEYS,
    OTHER_KEYS,
    PLAYER_CSS,
    WIDE,
    WINDOW,
    ZOOMS,
    line_width,
    window_start,
)
from mailsim.views.player.model import PlayerModel
from mailsim.views.player.panels import (
    event_parts,
    event_row,
    host_state,
    section_title,
    stateful_hosts,
)
from mailsim.views.player.plain import status_line
from mailsim.views.player.tap_line import TapLine
from mailsim.views.player.tapping import TapChoice
from mailsim.views.player.widgets import EventList, KeyList, Pane, Prompt
from mailsim.views.protocols import protocol_names
from mailsim.views.text import short_names


class PlayerApp(App[None]):
    """Step through a trace: ←/→ to move, : to jump, space to play, f to filter."""

    TITLE = "mailsim"
    CSS = PLAYER_CSS

    def __init__(self, model: PlayerModel, *, lang: str = "en", analogy: bool = False,
                 tap: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.model = model
        self.tapping = TapChoice(model.trace, tap)  # t: a wiretap on the next link
        self.lang = lang
        self.analogy = analogy
        final = model.state_after(len(model.trace))
        self.hosts = stateful_hosts(model.trace, final)
        hosts = [name for name, _ in model.trace.header.hosts] or self.hosts
        self._names = short_names(hosts)
        self._timer: Timer | None = None
        self._window_start = 0  # the position of the list's first row
        for keys, action, label, show in KEYS:
            self.bind(keys, action, description=ui(f"ui.player.key.{label}", lang), show=show)

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield TapLine(id="tap")
        with Container(id="main"):
            yield EventList(id="events", cursor_type="row", zebra_stripes=False)
            with Horizontal(id="panes"):
                # The head and the caption stay put; only the line itself scrolls.
                with Vertical(id="detail"):
                    yield Static(id="detail-head")
                    yield Pane(Static(id="detail-body"), id="detail-text")
                    yield Static(id="detail-caption")
                with Pane(id="state"):
                    for number, host in enumerate(self.hosts):
                        with Collapsible(title=section_title(self.model.trace, host, self.lang),
                                         collapsed=False, id=f"host-{number}"):
                            yield Static(id=f"host-body-{number}")
        yield Footer()

    @property
    def home(self) -> Screen[Any]:
        """The player's own screen, even while a prompt or the key list is on top."""
        return self.screen_stack[0] if self.screen_stack else self.screen

    def _after_refresh(self, draw: Callable[[], None]) -> None:
        """``draw`` once the layout has the new sizes, unless the player has closed by then."""
        self.call_after_refresh(lambda: draw() if self.screen_stack else None)

    def on_mount(self) -> None:
        self._fill_table()
        self.home.query_one(EventList).focus()
        self._restart_timer()

    # --- drawing --------------------------------------------------------------

    def _fill_table(self) -> None:
        """List the window of shown events around the cursor, then draw."""
        table = self.home.query_one(EventList)
        shown = self.model.shown_count
        self._window_start = window_start(self.model.position, shown, WINDOW)
        rows = [event_row(event, self._names, self.lang) for event in
                self.model.shown_between(self._window_start, self._window_start + WINDOW)]
        headers = [ui(f"ui.player.column.{name}", self.lang) for name in COLUMNS]
        widths = [max([cell_len(headers[i]), *(cell_len(str(row[i])) for row in rows)])
                  for i in range(len(COLUMNS) - 1)]
        widths.append(line_width(table.size.width or self.size.width, widths,
                                 table.cell_padding, table.styles.scrollbar_size_vertical))
        table.clear(columns=True)
        for header, width in zip(headers, widths, strict=True):
            table.add_column(header, width=width)
        for number, time, who, port, line in rows:
            line.truncate(widths[-1], overflow="ellipsis")
            table.add_row(number, time, who, port, line)
        self._show()

    def _show(self) -> None:
        """Draw the model: cursor row, detail, state panels, status line."""
        model, trace = self.model, self.model.trace
        table = self.home.query_one(EventList)
        row = model.position - self._window_start
        if model.shown_count and not 0 <= row < table.row_count:
            self._fill_table()  # the cursor left the window: list the events around it
            return
        if table.row_count:
            table.move_cursor(row=row)
        event = model.event
        step = "-" if event is None else str(event.seq)
        self.home.query_one("#detail").border_title = ui("ui.player.event_title", self.lang, step=step)
        head, body, caption = (("", "", None) if event is None else
                               event_parts(trace, event, lang=self.lang, analogy=self.analogy))
        self.home.query_one("#detail-head", Static).update(head)
        self.home.query_one("#detail-body", Static).update(body)
        self.home.query_one("#detail-caption", Static).update("" if caption is None else caption)
        self.home.query_one("#detail-text", Pane).scroll_home(animate=False)
        self._after_refresh(self._fit_detail)
        state = model.state
        self.home.query_one("#state", Pane).border_title = ui("ui.player.state_title", self.lang, step=step)
        changed = event.node if isinstance(event, StateEvent) else None
        for number, host in enumerate(self.hosts):
            self.home.query_one(f"#host-body-{number}", Static).update(
                host_state(trace, state, host, lang=self.lang))
            section = self.home.query_one(f"#host-{number}", Collapsible)
            section.set_class(host == changed, "-changed")
            if host == changed:
                # Small screens show one or two hosts: bring the one that changed into
                # view, once the new contents have their height.
                pane = self.home.query_one("#state", Pane)
                self.call_after_refresh(pane.scroll_to_widget, section, animate=False, top=True)
        # The scenario's name only where it fits: 80 columns need the room for the filter.
        name = f"{trace.header.scenario} · " if self.size.width >= 100 else ""
        # As Text, not markup: a trace's header may name its scenario "[/b]" (MarkupError).
        self.home.query_one("#status", Static).update(Text(name + status_line(model.status(), self.lang)))
        self.home.query_one(TapLine).show(self.tapping.line(event, self.lang))

    def _fit_detail(self) -> None:
        """Let the line scroll in what the head and the caption leave of the detail pane."""
        detail = self.home.query_one("#detail")
        room = (detail.content_region.height - self.home.query_one("#detail-head").outer_size.height
                - self.home.query_one("#detail-caption").outer_size.height)
        text = self.home.query_one("#detail-text", Pane)
        if text.styles.max_height is None or text.styles.max_height.value != max(1, room):
            text.styles.max_height = max(1, room)

    def on_resize(self, event: Resize) -> None:
        self.home.set_class(event.size.width >= WIDE, "wide")
        # The columns are sized to the list's new width once the layout has it.
        self._after_refresh(self._fill_table)

    @on(DataTable.RowHighlighted)
    def _clicked(self, event: DataTable.RowHighlighted) -> None:
        # Our own move_cursor calls post this too; only a row the cursor still
        # sits on, and that the model is not on, means the user clicked it.
        if not self.screen_stack:  # a highlight posted by the last refill, after closing
            return
        table = self.home.query_one(EventList)
        position = self._window_start + event.cursor_row
        if event.cursor_row == table.cursor_row and position != self.model.position:
            self.model.goto_position(position)
            self._show()

    # --- actions -----------------------------------------------------------------

    def _move(self, moved: bool) -> None:
        if moved:
            self._show()

    def action_next(self) -> None:
        self._move(self.model.next())

    def action_previous(self) -> None:
        self._move(self.model.prev())

    def action_first(self) -> None:
        self._move(self.model.first())

    def action_last(self) -> None:
        self._move(self.model.last())

    def action_play(self) -> None:
        self.model.toggle_play()
        self._restart_timer()
        self._show()

    def action_faster(self) -> None:
        self.model.faster()
        self._restart_timer()
        self._show()

    def action_slower(self) -> None:
        self.model.slower()
        self._restart_timer()
        self._show()

    def _restart_timer(self) -> None:
        # A new interval takes effect only on a new timer.
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.model.playing:
            self._timer = self.set_interval(self.model.interval, self._tick)

    def _tick(self) -> None:
        self.model.tick()
        self._show()
        if not self.model.playing:
            self._restart_timer()

    def action_jump(self) -> None:
        self.push_screen(Prompt(ui("ui.player.jump_prompt", self.lang)), self._jump_to)

    def _jump_to(self, text: str | None) -> None:
        if not text or not text.strip():
            return
        try:
            self.model.jump(text)
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return
        self._show()

    def action_filter(self) -> None:
        present = set(self.model.trace.protocols())
        choices = [p for p in protocol_names() if p in present] + list(self._names.values())
        hint = ui("ui.player.choices", self.lang, choices=", ".join(choices))
        self.push_screen(Prompt(ui("ui.player.filter_prompt", self.lang), hint,
                                self.model.filter_text()), self._filter_by)

    def _filter_by(self, text: str | None) -> None:
        if text is None:
            return
        try:
            self.model.filter_words(text, self.lang)
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return
        self._fill_table()

    def action_clear_filter(self) -> None:
        self.model.clear_filter()
        self._fill_table()

    def action_with_state(self) -> None:
        """Every state change, or only those the filter's lines cause."""
        keep_all = self.model.toggle_with_state()
        self.notify(ui("ui.player.with_state_on" if keep_all else "ui.player.with_state_off",
                       self.lang))
        self._fill_table()

    @property
    def zoomed(self) -> str | None:
        """The id of the zoomed panel (``events``, ``detail-text``, ``state``), if any."""
        return next((name for name, css in ZOOMS.items() if self.home.has_class(css)), None)

    def action_zoom(self) -> None:
        """The focused panel fills the screen, status line and footer still shown; again: back."""
        screen = self.home
        zoomed = self.zoomed
        panel: Widget | None = screen.focused
        while panel is not None and panel.id not in ZOOMS:  # a host's title in the state pane
            panel = panel.parent if isinstance(panel.parent, Widget) else None
        for css in ZOOMS.values():
            screen.remove_class(css)
        if zoomed is None and panel is not None and panel.id is not None:
            screen.add_class(ZOOMS[panel.id])
        self._after_refresh(self._fill_table)

    def action_tap(self) -> None:
        """A wiretap on the next link (after the last one: none)."""
        self.tapping.cycle()
        self.notify(self.tapping.said(self.lang))
        self._show()

    def action_keys(self) -> None:
        rows = [(keys, ui(f"ui.player.key.{label}", self.lang)) for keys, _, label, _ in KEYS]
        rows += [(keys, ui(f"ui.player.key.{label}", self.lang)) for keys, label in OTHER_KEYS]
        self.push_screen(KeyList(ui("ui.player.keys_title", self.lang), rows,
                                 ui("ui.player.keys_close", self.lang)))


def run_app(model: PlayerModel, *, lang: str = "en", analogy: bool = False,
            tap: tuple[str, str] | None = None) -> int:
    PlayerApp(model, lang=lang, analogy=analogy, tap=tap).run()
    return 0
