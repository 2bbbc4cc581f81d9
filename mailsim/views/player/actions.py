"""The full-screen player's actions: what each key (:data:`KEYS`) does to the model.

Every key goes to the app (see :mod:`mailsim.views.player.app`); each ``action_*``
here turns one into a :class:`PlayerModel` call, then has it drawn again. The play
timer and the prompts (jump, filter) and the key list are here too.
"""

from __future__ import annotations

from textual.timer import Timer
from textual.widget import Widget

from mailsim.views.captions import ui
from mailsim.views.player.drawing import PlayerDrawing
from mailsim.views.player.layout import KEYS, OTHER_KEYS, ZOOMS
from mailsim.views.player.widgets import KeyList, Prompt
from mailsim.views.protocols import protocol_names


class PlayerActions(PlayerDrawing):
    """The player's key actions, on its drawing."""

    _timer: Timer | None  # the play timer, while playing

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
