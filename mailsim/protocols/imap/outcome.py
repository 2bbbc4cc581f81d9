"""What one command produced, before the server wraps it into a single write."""

from __future__ import annotations

from dataclasses import dataclass, field

from mailsim.protocols.imap.events import Event


@dataclass(slots=True)
class Outcome:
    """Untagged responses (wire form), the tagged status and text, and events."""

    text: str
    status: str = "OK"  # OK, NO or BAD (RFC 3501 §7.1)
    untagged: list[bytes] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def add(self, line: str) -> None:
        """Append an untagged response given without ``* `` and CRLF."""
        self.untagged.append(f"* {line}\r\n".encode())
