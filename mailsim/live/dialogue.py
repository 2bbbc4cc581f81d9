"""What the live layer reads of a dialogue: where a message body runs, which login failed.

The engines decide every reply (and close a session after too many errors or
failed logins); this only watches the lines going by, so that the live
connection traces a body by its size and holds a failed login's reply back
(Dovecot's auth_failure_delay).
"""

from __future__ import annotations

from mailsim.protocols.imap import codes as imap_codes
from mailsim.protocols.pop3 import codes as pop3_codes
from mailsim.protocols.smtp import codes as smtp_codes
from mailsim.sim.network import StreamHandler

from .guard import Guarded
from .limits import Clients, Limits, LoginWatch


class Dialogue:
    """One live connection's view of its dialogue."""

    def __init__(self, protocol: str, address: str, limits: Limits, clients: Clients) -> None:
        self.protocol = protocol
        self.address = address
        self.limits = limits
        self.clients = clients
        self.in_body = False  # SMTP: between 354 and the lone "."
        self._watch = LoginWatch(protocol)

    def units(self, data: bytes) -> list[tuple[bytes, bool]]:
        """Split whole lines from the client into runs: (bytes, is message body)."""
        units: list[tuple[bytes, bool]] = []
        for line in data.splitlines(keepends=True):
            body = self.in_body
            if body and line.rstrip(b"\r\n") == b".":
                self.in_body = body = False  # the terminator goes as a command line
            elif not body:
                self._watch.client_line(line)
            if units and units[-1][1] == body:
                units[-1] = (units[-1][0] + line, body)
            else:
                units.append((line, body))
        return units

    def reply(self, data: bytes) -> float:
        """Read a reply on its way to the client; return how long to hold it back."""
        delay = 0.0
        for line in data.splitlines():
            if self.protocol == "SMTP" and line.startswith(b"354"):
                self.in_body = True  # RFC 5321 §4.1.1.4: the message text follows
            outcome = self._watch.failed(line)
            if outcome is True:
                delay = self.limits.login_delay(self.clients.login_failed(self.address))
            elif outcome is False:
                self.clients.login_succeeded(self.address)
        return delay


def is_go_ahead(handler: StreamHandler | None, protocol: str, data: bytes) -> bool:
    """Whether ``data`` is the server's STARTTLS go-ahead, after which it awaits the handshake.

    Both must hold: the engine waits for the handshake, and this is the line that
    said so (an earlier pipelined reply, or the greeting, may still be arriving).
    """
    inner = handler.inner if isinstance(handler, Guarded) else handler
    state = getattr(getattr(inner, "engine", None), "state", None)
    if getattr(state, "value", None) != "TLS_HANDSHAKE":
        return False
    if protocol == "SMTP":
        return data == smtp_codes.READY_TLS.to_bytes()  # RFC 3207 §4
    if protocol == "POP3":
        return data == pop3_codes.BEGIN_TLS.to_bytes()  # RFC 2595 §4
    return data.endswith(f" OK {imap_codes.BEGIN_TLS}\r\n".encode())  # RFC 3501 §6.2.1
