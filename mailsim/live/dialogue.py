"""What the live layer follows of a dialogue: where a message body runs, how logins went.

The engines decide every reply (and close a session after too many errors or
failed logins). A session tells of each failed login through its
``on_login_refused`` hook before the refusal goes out; this turns that into the
wait before the refusal reaches the real client, growing with the failures
from the same address until a login from there succeeds (Dovecot's
auth_failure_delay and its per-address penalty). It also finds the message
body in the client's lines, so that the trace gets its size, not its bytes.
"""

from __future__ import annotations

from mailsim.protocols.imap import codes as imap_codes
from mailsim.protocols.pop3 import codes as pop3_codes
from mailsim.protocols.smtp import codes as smtp_codes
from mailsim.sim.network import StreamHandler

from .guard import Guarded
from .limits import Clients, Limits


class Dialogue:
    """One live connection's view of its dialogue."""

    def __init__(self, protocol: str, address: str, limits: Limits, clients: Clients) -> None:
        self.protocol = protocol
        self.address = address
        self.limits = limits
        self.clients = clients
        self.in_body = False  # SMTP: between 354 and the lone "."
        self.logged_in = False

    def units(self, data: bytes) -> list[tuple[bytes, bool]]:
        """Split whole lines from the client into runs: (bytes, is message body)."""
        units: list[tuple[bytes, bool]] = []
        for line in data.splitlines(keepends=True):
            body = self.in_body
            if body and line.rstrip(b"\r\n") == b".":
                self.in_body = body = False  # the terminator goes as a command line
            if units and units[-1][1] == body:
                units[-1] = (units[-1][0] + line, body)
            else:
                units.append((line, body))
        return units

    def login_refused(self) -> float:
        """A login failed: how long to hold its refusal back."""
        return self.limits.login_delay(self.clients.login_failed(self.address))

    def reply(self, data: bytes, engine: object) -> None:
        """Follow a reply on its way to the client (``engine``: the server session's)."""
        if self.protocol == "SMTP" and any(line.startswith(b"354") for line in data.splitlines()):
            self.in_body = True  # RFC 5321 §4.1.1.4: the message text follows
        user = getattr(engine, "authenticated_user", None) or getattr(engine, "user", None)
        if user is not None and not self.logged_in:
            self.logged_in = True
            self.clients.login_succeeded(self.address)


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
