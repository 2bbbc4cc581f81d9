"""What a mail server reports for POP before SMTP, the relay rule from before SMTP AUTH."""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.trace.states.base import StateChange, action


@action("relay_window_opened")
@dataclass(frozen=True, slots=True, kw_only=True)
class RelayWindowOpened(StateChange):
    """``user`` logged in with POP3 from ``ip``: mail from that address on port 25 is relayed
    without a password until ``until`` (simulated seconds)."""

    user: str
    ip: str
    until: float


@action("relay_window_used")
@dataclass(frozen=True, slots=True, kw_only=True)
class RelayWindowUsed(StateChange):
    """Mail from ``ip`` to ``recipient`` is relayed, with no password asked, because ``user``
    logged in with POP3 from that address: whoever sent it."""

    ip: str
    user: str
    recipient: str
