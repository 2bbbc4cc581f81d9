"""The plain player: one event at a time on stdout, commands read line by line.

It needs no full-screen terminal: it works over ssh, in a notebook's
terminal, and in scripts and tests, where stdin is a file or a pipe and its
end quits. Enter steps on; ``b`` goes back; ``42`` or ``1m30s`` jumps;
``f SMTP relay`` filters; ``s`` shows every state change under it (or only those
its lines cause); ``c`` clears the filter; ``t`` taps the next link (``t mx,bob`` one
link, ``t off`` none: :mod:`.tapping`); ``q`` quits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from rich.console import Console
from rich.text import Text

from mailsim.views.captions import ui
from mailsim.views.player.model import PlayerModel, Status
from mailsim.views.player.panels import event_detail, state_summary
from mailsim.views.player.tapping import TapChoice
from mailsim.views.times import format_time


def status_line(status: Status, lang: str = "en") -> str:
    """``step #42 (43/129) · time 0.2333 s · ‖ paused ×1 · all events`` — shared with the app."""
    step = ui("ui.player.status_step", lang, step=status.step if status.step is not None else "-",
              position=status.position, shown=status.shown)
    play = ui("ui.player.playing" if status.playing else "ui.player.paused", lang,
              speed=f"{status.speed:g}")
    shown = (ui("ui.player.filter", lang, filter=status.filter) if status.filter
             else ui("ui.player.no_filter", lang))
    time = ui("ui.player.time", lang, time=format_time(status.time))
    return f"{step} · {time} · {play} · {shown}"


class PlainPlayer:
    """Prints the model's current event and reads commands until ``q`` or end of input."""

    def __init__(self, model: PlayerModel, *, lang: str = "en", analogy: bool = False,
                 stdin: TextIO, stdout: TextIO, tap: tuple[str, str] | None = None) -> None:
        self.model = model
        self.tapping = TapChoice(model.trace, tap)
        self.lang = lang
        self.analogy = analogy
        self.stdin = stdin
        # Colours only on a real terminal; a pipe or a StringIO gets plain text.
        self.console = Console(file=stdout, highlight=False, emoji=False)

    def run(self) -> int:
        self.console.print(Text(ui("ui.player.plain_help", self.lang), style="dim"))
        self.show()
        interactive = self.stdin.isatty()
        while True:
            if interactive:
                self.console.print("> ", end="")
            line = self.stdin.readline()
            if not line:  # end of input: a script ran out of commands
                return 0
            if not self.command(line.strip()):
                return 0

    def command(self, text: str) -> bool:
        """Carry out one typed command; ``False`` means quit."""
        model = self.model
        if text in ("q", "quit", "exit"):
            return False
        if text in ("", "n"):
            if not model.next():
                self.console.print(ui("ui.player.end", self.lang))
                return True
        elif text in ("b", "p"):
            model.prev()
        elif text == "g":
            model.first()
        elif text == "G":
            model.last()
        elif text in ("?", "h", "help"):
            self.console.print(ui("ui.player.plain_help", self.lang))
            return True
        elif text == "c":
            model.clear_filter()
        elif text == "s":
            keep_all = model.toggle_with_state()
            self.console.print(ui("ui.player.with_state_on" if keep_all
                                  else "ui.player.with_state_off", self.lang))
        elif text == "t":
            self.tapping.cycle()
            self.console.print(self.tapping.said(self.lang))
        elif text.startswith("t "):
            if not self._try(lambda: self.tapping.choose(text[2:], self.lang)):
                return True
            self.console.print(self.tapping.said(self.lang))
        elif text == "f" or text.startswith("f "):
            if not self._try(lambda: model.filter_words(text[1:], self.lang)):
                return True
        elif not self._try(lambda: model.jump(text)):
            return True
        self.show()
        return True

    def _try(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except ValueError as exc:
            self.console.print(Text(f"! {exc}", style="bold red"))
            return False
        return True

    def show(self) -> None:
        """The rule with the status, the event with its caption, then the state in brief."""
        model = self.model
        # A plain heading, not a rule: a rule would cut the status to one line.
        self.console.print(Text("── " + status_line(model.status(), self.lang), style="bold"))
        if model.event is None:
            return
        self.console.print(event_detail(model.trace, model.event, lang=self.lang,
                                        analogy=self.analogy))
        for line in state_summary(model.trace, model.state, lang=self.lang):
            self.console.print(Text(f"  │ {line}", style="cyan"))
        tapped = self.tapping.line(model.event, self.lang)
        if tapped is not None:
            self.console.print(tapped)


def run_plain(model: PlayerModel, *, lang: str = "en", analogy: bool = False,
              stdin: TextIO, stdout: TextIO, tap: tuple[str, str] | None = None) -> int:
    return PlainPlayer(model, lang=lang, analogy=analogy, stdin=stdin, stdout=stdout, tap=tap).run()
