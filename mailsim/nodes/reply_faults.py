"""A scenario's "answer this SMTP command with that reply" faults (busy, greylisting, policy)."""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.protocols.smtp import Reply


@dataclass(slots=True)
class ReplyFault:
    """A scenario's "answer this command with that reply" (busy, greylisting, policy)."""

    command: str  # connect, mail, rcpt, data
    reply: Reply
    start: int
    end: int | None
    times: int | None  # None: every time in the window

    def fires(self, command: str, now: int) -> bool:
        if command != self.command or now < self.start or (self.end is not None and now >= self.end):
            return False
        if self.times is None:
            return True
        if self.times <= 0:
            return False
        self.times -= 1
        return True
