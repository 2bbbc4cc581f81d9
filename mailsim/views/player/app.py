"""The full-screen step-through player (Textual): event list, detail, state panels.

Every key goes to the app: the event list has no bindings of its own, and the
two panes only scroll with ↑/↓/PgUp/PgDn when focused, so ←/→, Home/End and the
letter keys always step, whatever has the focus. The :class:`PlayerModel` does
the work; :mod:`.drawing` draws it, :mod:`.actions` turns keys into model calls,
and this module builds the widgets, lists the event list's rows and answers Textual's
events (mount, resize, a click on a row).

The event list holds a window of at most :data:`WINDOW` rows around the cursor,
not the whole trace: a 200,000-event trace would take a minute and hundreds of
megabytes to list. When the cursor leaves the window, the list is refilled
around it; a trace that fits shows every event, as before.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Collapsible, DataTable, Footer, Static

from mailsim.views.captions import ui
from mailsim.views.player.actions import PlayerActions
from mailsim.views.player.layout import (
    COLUMNS,
    KEYS,
    PLAYER_CSS,
    WIDE,
    WINDOW,
    line_width,
    window_start,
)
from mailsim.views.player.model import PlayerModel
from mailsim.views.player.panels import event_row, section_title, stateful_hosts
from mailsim.views.player.tap_line import TapLine
from mailsim.views.player.tapping import TapChoice
from mailsim.views.player.widgets import EventList, Pane
from mailsim.views.text import short_names


class PlayerApp(PlayerActions):
    """Step through a trace: ←/→ to move, : to jump, space to play, f to filter."""

    TITLE = "mailsim"
    CSS = PLAYER_CSS

    def __init__(self, model: PlayerModel, *, lang: str = "en", analogy: bool = False,
                 tap: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.model = model
        self.tapping = TapChoice(model.trace, tap)
        self.lang = lang
        self.analogy = analogy
        final = model.state_after(len(model.trace))
        self.hosts = stateful_hosts(model.trace, final)
        hosts = [name for name, _ in model.trace.header.hosts] or self.hosts
        self._names = short_names(hosts)
        self._timer = None
        self._window_start = 0
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

    def on_mount(self) -> None:
        self._fill_table()
        self.home.query_one(EventList).focus()
        self._restart_timer()

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


def run_app(model: PlayerModel, *, lang: str = "en", analogy: bool = False,
            tap: tuple[str, str] | None = None) -> int:
    PlayerApp(model, lang=lang, analogy=analogy, tap=tap).run()
    return 0
