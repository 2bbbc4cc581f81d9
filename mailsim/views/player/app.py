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

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Container, Horizontal
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import Collapsible, DataTable, Footer, Static

from mailsim.trace import StateEvent
from mailsim.views.captions import ui
from mailsim.views.player.model import PlayerModel
from mailsim.views.player.panels import (
    event_detail,
    event_row,
    host_state,
    section_title,
    stateful_hosts,
)
from mailsim.views.player.plain import status_line
from mailsim.views.player.widgets import EventList, Pane, Prompt
from mailsim.views.protocols import protocol_names
from mailsim.views.text import short_names

# From this width up the event list sits beside the panes instead of above them.
WIDE = 150
# The first line of a long state text is enough in the list; the detail has it all.
ROW_TEXT = 70
# Rows the event list holds at once (refilled around the cursor when it leaves them).
WINDOW = 1000

# (keys, action, catalogue key, shown in the footer)
KEYS = (
    ("right,n,j", "next", "next", True),
    ("left,p,k", "previous", "back", True),
    ("down", "next", "next", False),
    ("up", "previous", "back", False),
    ("home,g", "first", "first", False),
    ("end,G", "last", "last", False),
    ("colon", "jump", "jump", True),
    ("space", "play", "play", True),
    ("plus,equals_sign", "faster", "faster", False),
    ("minus", "slower", "slower", False),
    ("f", "filter", "filter", True),
    ("c", "clear_filter", "clear", False),
    ("z", "zoom", "zoom", False),
    ("q", "quit", "quit", True),
)


class PlayerApp(App[None]):
    """Step through a trace: ←/→ to move, : to jump, space to play, f to filter."""

    TITLE = "mailsim"
    CSS = """
    #status { height: 1; padding: 0 1; background: $primary; color: $text; text-style: bold; }
    #main { layout: vertical; height: 1fr; }
    #events { height: 40%; overflow-x: hidden; }
    #panes { height: 1fr; }
    Pane { width: 1fr; border: round $primary-darken-1; padding: 0 1; }
    Pane:focus { border: round $accent; }
    Collapsible { padding: 0; border-top: none; }
    Collapsible.-changed CollapsibleTitle { color: $accent; text-style: bold; }
    Collapsible Contents { padding: 0 0 0 2; }
    .wide #main { layout: horizontal; }
    .wide #events { height: 1fr; width: 45%; }
    .wide #panes { layout: vertical; width: 1fr; }
    .wide Pane { height: 1fr; }
    .wide #detail { height: auto; max-height: 50%; }
    """

    def __init__(self, model: PlayerModel, *, lang: str = "en", analogy: bool = False) -> None:
        super().__init__()
        self.model = model
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
        with Container(id="main"):
            yield EventList(id="events", cursor_type="row", zebra_stripes=False)
            with Horizontal(id="panes"):
                yield Pane(Static(id="detail-body"), id="detail")
                with Pane(id="state"):
                    for number, host in enumerate(self.hosts):
                        with Collapsible(title=section_title(self.model.trace, host, self.lang),
                                         collapsed=False, id=f"host-{number}"):
                            yield Static(id=f"host-body-{number}")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(EventList)
        table.add_columns("#", "time", "from → to", "proto:port", "line")
        self._fill_table()
        table.focus()
        self._restart_timer()

    # --- drawing --------------------------------------------------------------

    def _fill_table(self) -> None:
        """List the window of shown events around the cursor, then draw."""
        table = self.query_one(EventList)
        table.clear()
        shown = self.model.shown_count
        self._window_start = window_start(self.model.position, shown, WINDOW)
        rows = []
        for event in self.model.shown_between(self._window_start, self._window_start + WINDOW):
            number, time, who, port, line = event_row(event, self._names)
            line.truncate(ROW_TEXT, overflow="ellipsis")
            rows.append((number, time, who, port, line))
        table.add_rows(rows)
        self._show()

    def _show(self) -> None:
        """Draw the model: cursor row, detail, state panels, status line."""
        model, trace = self.model, self.model.trace
        table = self.query_one(EventList)
        row = model.position - self._window_start
        if model.shown_count and not 0 <= row < table.row_count:
            self._fill_table()  # the cursor left the window: list the events around it
            return
        if table.row_count:
            table.move_cursor(row=row)
        event = model.event
        step = "-" if event is None else str(event.seq)
        detail = self.query_one("#detail", Pane)
        detail.border_title = ui("ui.player.event_title", self.lang, step=step)
        self.query_one("#detail-body", Static).update(
            "" if event is None else event_detail(trace, event, lang=self.lang, analogy=self.analogy))
        detail.scroll_home(animate=False)
        state = model.state
        self.query_one("#state", Pane).border_title = ui("ui.player.state_title", self.lang, step=step)
        changed = event.node if isinstance(event, StateEvent) else None
        for number, host in enumerate(self.hosts):
            self.query_one(f"#host-body-{number}", Static).update(
                host_state(trace, state, host, lang=self.lang))
            section = self.query_one(f"#host-{number}", Collapsible)
            section.set_class(host == changed, "-changed")
            if host == changed:
                # Small screens show one or two hosts: bring the one that changed into
                # view, once the new contents have their height.
                pane = self.query_one("#state", Pane)
                self.call_after_refresh(pane.scroll_to_widget, section, animate=False, top=True)
        # The scenario's name only where it fits: 80 columns need the room for the filter.
        name = f"{trace.header.scenario} · " if self.size.width >= 100 else ""
        # As Text, not markup: a trace's header may name its scenario "[/b]" (MarkupError).
        self.query_one("#status", Static).update(Text(name + status_line(model.status(), self.lang)))

    def on_resize(self, event: Resize) -> None:
        self.screen.set_class(event.size.width >= WIDE, "wide")

    @on(DataTable.RowHighlighted)
    def _clicked(self, event: DataTable.RowHighlighted) -> None:
        # Our own move_cursor calls post this too; only a row the cursor still
        # sits on, and that the model is not on, means the user clicked it.
        table = self.query_one(EventList)
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

    def action_zoom(self) -> None:
        screen = self.screen
        if screen.maximized is not None:
            screen.minimize()
        elif screen.focused is not None:
            screen.maximize(screen.focused, container=False)


def window_start(position: int, shown: int, window: int) -> int:
    """The first listed position: the cursor near the middle of ``window`` rows, all rows full."""
    return max(0, min(position - window // 2, shown - window))


def run_app(model: PlayerModel, *, lang: str = "en", analogy: bool = False) -> int:
    PlayerApp(model, lang=lang, analogy=analogy).run()
    return 0
