"""The full-screen player's drawing of the cursor's event: the list's cursor row, the
detail, the state panels, the status line and the tap line.

:class:`PlayerDrawing` only reads the model and draws it; the keys that change the
model are in :mod:`mailsim.views.player.actions`, the widgets and the event list's
rows in :mod:`mailsim.views.player.app`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import App
from textual.screen import Screen
from textual.widgets import Collapsible, Static

from mailsim.trace import StateEvent
from mailsim.views.captions import ui
from mailsim.views.player.model import PlayerModel
from mailsim.views.player.panels import event_parts, host_state
from mailsim.views.player.plain import status_line
from mailsim.views.player.tap_line import TapLine
from mailsim.views.player.tapping import TapChoice
from mailsim.views.player.widgets import EventList, Pane


class PlayerDrawing(App[None]):
    """Draws a :class:`PlayerModel`; the player's ``__init__`` sets what is declared here."""

    model: PlayerModel
    tapping: TapChoice  # t: a wiretap on the next link
    lang: str
    analogy: bool
    hosts: list[str]  # the hosts with a state panel
    _names: dict[str, str]  # each host's short name in the list
    _window_start: int  # the position of the list's first row

    @property
    def home(self) -> Screen[Any]:
        """The player's own screen, even while a prompt or the key list is on top."""
        return self.screen_stack[0] if self.screen_stack else self.screen

    def _after_refresh(self, draw: Callable[[], None]) -> None:
        """``draw`` once the layout has the new sizes, unless the player has closed by then."""
        self.call_after_refresh(lambda: draw() if self.screen_stack else None)

    def _fill_table(self) -> None:
        """List the window of shown events around the cursor, then draw: the app's, which
        holds the event list (:meth:`mailsim.views.player.app.PlayerApp._fill_table`)."""
        raise NotImplementedError

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
