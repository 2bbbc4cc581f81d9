"""What the page's filter needs besides the records, so that it keeps exactly what
the CLI's :class:`~mailsim.views.select.Selection` keeps.

A script can read a line's protocol and a state change's ``protocol``/``service``
field by itself; it cannot know which actions are the resolver's own (kept under a
DNS filter even when no DNS line caused them): they come from the function
``Selection`` uses. (Which protocols are bare TCP segments is in the page's
``protocols``: their ``transport`` flag.)
"""

from __future__ import annotations

from typing import Any

from mailsim.trace import Trace
from mailsim.views.select import _protocol_of_action

NAME = "selection"


def build(trace: Trace) -> dict[str, Any]:
    """``actions``: each state action that names a protocol by itself -> that protocol."""
    return {"actions": dict(sorted(_protocol_of_action().items()))}
