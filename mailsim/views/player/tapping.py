"""The player's wiretap: a tap on one link of the run and what it sees at the current step.

Both players use it: the full-screen one shows :meth:`TapChoice.line` in the tap line
under the status (``t`` puts the tap on the next link, ``--tap A,B`` on one), the plain
one prints it under each event (``t``, ``t mx,bob``, ``t off``). What is readable is
decided by :mod:`mailsim.views.tap` alone; this module only says it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from mailsim.trace import Trace, TraceEvent
from mailsim.views.captions import ui
from mailsim.views.tap import Wiretap, links, resolve_link

# How the tap's line looks for each kind of unit (and for a step it does not see).
STYLES = {"secret": "bold red", "clear": "yellow", "protected": "green", None: "dim"}
SECRET_STYLE = "bold white on red"
OFF_WORDS = ("off", "-", "none", "なし")


class TapChoice:
    """Which link the player taps — none, or one of the trace's links — and its :class:`Wiretap`."""

    def __init__(self, trace: Trace, link: tuple[str, str] | None = None) -> None:
        self.trace = trace
        self.links = links(trace)
        self.wiretap: Wiretap | None = None
        if link is not None:
            self.put(link)

    @property
    def link(self) -> tuple[str, str] | None:
        return None if self.wiretap is None else (self.wiretap.a, self.wiretap.b)

    def put(self, link: tuple[str, str] | None) -> None:
        """Tap ``link`` (two host names of one of the trace's links), or nothing."""
        self.wiretap = None if link is None else Wiretap(self.trace, *link)

    def choose(self, words: str | Sequence[str], lang: str = "en") -> None:
        """Tap the link named ``mx,bob`` (hosts named as everywhere); ``off`` removes the tap.

        Raises :class:`~mailsim.views.tap.BadLink` saying why a link is wrong.
        """
        if isinstance(words, str) and words.strip().lower() in OFF_WORDS:
            self.put(None)
            return
        self.put(resolve_link(self.trace, words, lang))

    def cycle(self) -> tuple[str, str] | None:
        """The next link in the scenario's order; after the last one, no tap."""
        if not self.links:
            return None
        current = self.link
        found = next((n for n, pair in enumerate(self.links)
                      if current is not None and set(pair) == set(current)), -1)
        self.put(self.links[found + 1] if found + 1 < len(self.links) else None)
        return self.link

    def said(self, lang: str = "en") -> str:
        """What changed, for a notice: the link tapped now, or that the tap is off."""
        if not self.links:
            return ui("tapview.no_links", lang)
        link = self.link
        return ui("tapview.off", lang) if link is None else ui("tapview.on", lang, a=link[0], b=link[1])

    def line(self, event: TraceEvent | None, lang: str = "en") -> Text | None:
        """What the tap sees at ``event``: the link, one sentence, and the line as it is read
        (the password marked); None when no tap is on."""
        tap = self.wiretap
        if tap is None or event is None:
            return None
        seen = tap.at(event.seq)
        kind = None if seen is None else seen.kind
        text = Text(ui("tapview.label", lang, a=tap.a, b=tap.b) + " · ", style="bold")
        text.append(tap.words(event, lang), style=STYLES[kind])
        if seen is not None and seen.readable is not None:
            before, secret, after = seen.parts()
            first, *rest = (before + secret + after).split("\n")
            text.append("\n  ")
            if secret and len(before) + len(secret) <= len(first):
                text.append(before)
                text.append(secret, style=SECRET_STYLE)
                text.append(first[len(before) + len(secret):])
            else:
                text.append(first)
            if rest:
                text.append("  " + ui("tap.more_lines", lang, n=len(rest)), style="dim")
        return text

