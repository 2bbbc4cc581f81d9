"""The full-screen player's tap line: under the status, what the wiretap sees at this step.

Hidden while no tap is on (``t`` puts one on the next link); the words come from
:meth:`~mailsim.views.player.tapping.TapChoice.line`.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TapLine(Static):
    """Two lines at most: the link and what the tap reads; hidden without a tap."""

    DEFAULT_CSS = """
    TapLine { height: auto; max-height: 3; padding: 0 1; background: $boost; }
    TapLine.-off { display: none; }
    """

    def show(self, line: Text | None) -> None:
        """Show ``line``, or hide the widget when it is None (no tap)."""
        self.set_class(line is None, "-off")
        self.update(line if line is not None else "")
