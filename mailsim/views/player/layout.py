"""The full-screen player's layout: keys, columns, CSS, and the sizes computed from the screen.

Kept apart from :mod:`mailsim.views.player.drawing` (which draws the model) so the
numbers a test checks — how wide the line column is, which window of rows is
listed — are plain functions.
"""

from __future__ import annotations

# From this width up the event list sits beside the panes instead of above them: below
# it, the list takes the whole width, so its line column grows with the terminal.
WIDE = 200
# The line column never gets narrower than this (the list scrolls sideways instead).
MIN_LINE = 20
# Rows the event list holds at once (refilled around the cursor when it leaves them).
WINDOW = 1000
# The list's columns: a catalogue key each (ui.player.column.*).
COLUMNS = ("step", "time", "route", "port", "line")
# What ``z`` can zoom, by the id of the focused widget; the CSS class it sets.
ZOOMS = {"events": "zoom-events", "detail-text": "zoom-detail", "state": "zoom-state"}

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
    ("s", "with_state", "with_state", False),
    ("z", "zoom", "zoom", True),
    ("t", "tap", "tap", False),
    ("question_mark", "keys", "keys", True),
    ("q", "quit", "quit", True),
)
# Keys Textual itself answers, listed in the ? overlay too: (keys, catalogue key).
OTHER_KEYS = (("tab", "focus"), ("up,down,pageup,pagedown", "scroll"))


PLAYER_CSS = """
/* the player's layout: list, detail and state panes; .wide beside, .zoom-* one alone */
#status { height: 1; padding: 0 1; background: $primary; color: $text; text-style: bold; }
#main { layout: vertical; height: 1fr; }
#events { height: 40%; overflow-x: auto; }
#panes { height: 1fr; }
Pane, #detail { width: 1fr; border: round $primary-darken-1; padding: 0 1; }
Pane:focus, #detail:focus-within { border: round $accent; }
#detail-head, #detail-caption { height: auto; }
#detail-text { height: auto; width: 1fr; border: none; padding: 0; }
Collapsible { padding: 0; border-top: none; }
Collapsible.-changed CollapsibleTitle { color: $accent; text-style: bold; }
Collapsible Contents { padding: 0 0 0 2; }
.wide #main { layout: horizontal; }
.wide #events { height: 1fr; width: 1fr; }
.wide #panes { layout: vertical; width: 40%; }
.wide Pane, .wide #detail { height: 1fr; }
.wide #detail { height: 2fr; }
.wide #state { height: 3fr; }
Screen.zoom-events #panes { display: none; }
Screen.zoom-events #events { height: 1fr; width: 1fr; }
Screen.zoom-detail #events, Screen.zoom-detail #state { display: none; }
Screen.zoom-state #events, Screen.zoom-state #detail { display: none; }
Screen.zoom-detail #panes, Screen.zoom-state #panes { width: 1fr; height: 1fr; }
Screen.zoom-detail #detail, Screen.zoom-state #state { width: 1fr; height: 1fr; }
"""


def line_width(list_width: int, others: list[int], padding: int, scrollbar: int) -> int:
    """The line column's width: what the other columns leave of the list.

    Each column takes its width plus ``padding`` cells on both sides; the
    vertical scrollbar takes ``scrollbar`` cells. Never below :data:`MIN_LINE`.
    """
    spare = list_width - sum(others) - 2 * padding * (len(others) + 1) - scrollbar
    return max(MIN_LINE, spare)


def window_start(position: int, shown: int, window: int) -> int:
    """The first listed position: the cursor near the middle of ``window`` rows, all rows full."""
    return max(0, min(position - window // 2, shown - window))
