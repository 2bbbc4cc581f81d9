"""The player's widgets: a key-less event list, panes that only scroll, a one-line prompt,
and the ``?`` overlay listing every key."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static


class EventList(DataTable[object], inherit_bindings=False):
    """The event list; it keeps focus for a bright cursor but leaves every key to the app."""

    ALLOW_MAXIMIZE = True
    BINDINGS: ClassVar[list[BindingType]] = []


class Pane(VerticalScroll, inherit_bindings=False):
    """A scrolling pane that answers only ↑/↓/PgUp/PgDn, so stepping keys reach the app.

    A pane with nothing to scroll skips those keys too, so ↑/↓ then step.
    """

    ALLOW_MAXIMIZE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", show=False),
        Binding("down", "scroll_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
    ]


class Prompt(ModalScreen[str | None]):
    """One line of input: Enter gives it back, Escape cancels."""

    DEFAULT_CSS = """
    Prompt { align: center middle; }
    Prompt > Vertical { width: 80%; max-width: 90; height: auto; border: round $accent;
                        background: $surface; padding: 0 1; }
    Prompt Label { width: 100%; }
    Prompt #hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, title: str, hint: str = "", value: str = "") -> None:
        super().__init__()
        self._title, self._hint, self._value = title, hint, value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title)
            yield Input(value=self._value)
            if self._hint:
                yield Label(self._hint, id="hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


# How a key name reads on the overlay (Textual's names are words: "colon", "question_mark").
KEY_GLYPHS = {"right": "→", "left": "←", "up": "↑", "down": "↓", "home": "Home", "end": "End",
              "colon": ":", "space": "Space", "plus": "+", "equals_sign": "=", "minus": "-",
              "question_mark": "?", "tab": "Tab", "pageup": "PgUp", "pagedown": "PgDn"}


def key_names(keys: str) -> str:
    """``right,n,j`` as ``→ n j``."""
    return " ".join(KEY_GLYPHS.get(key, key) for key in keys.split(","))


class KeyList(ModalScreen[None]):
    """Every key of the player with what it does; Esc, q or ? closes it."""

    DEFAULT_CSS = """
    KeyList { align: center middle; }
    KeyList > Vertical { width: auto; max-width: 90%; height: auto; max-height: 90%;
                         border: round $accent; background: $surface; padding: 0 2; }
    KeyList #keys-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", show=False)]

    def __init__(self, title: str, rows: list[tuple[str, str]], hint: str) -> None:
        super().__init__()
        self._title, self._rows, self._hint = title, rows, hint

    def compose(self) -> ComposeResult:
        from rich.table import Table

        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for keys, meaning in self._rows:
            table.add_row(key_names(keys), meaning)
        with Vertical():
            yield Label(self._title, id="keys-title")
            yield Static(table, id="keys-table")
            yield Label(self._hint, id="keys-hint")

    def action_close(self) -> None:
        self.dismiss(None)
