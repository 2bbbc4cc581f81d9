"""What the live layer reads of a dialogue: message bodies, failed logins, SMTP errors.

The engines decide every reply; this only watches the lines going by, the way
Postfix's smtpd counts errors and Dovecot delays a failed login, so that the
live connection can slow a guesser down and close a session that keeps failing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .limits import Clients, Limits, LoginWatch, smtp_error


@dataclass(frozen=True, slots=True)
class Verdict:
    """What to do with one reply from the simulated server."""

    delay: float = 0.0  # hold it back this long (a failed login)
    goodbye: str | None = None  # then close, for this reason (a key of limits.GOODBYES)


class Dialogue:
    """One live connection's view of its dialogue."""

    def __init__(self, protocol: str, address: str, limits: Limits, clients: Clients) -> None:
        self.protocol = protocol
        self.address = address
        self.limits = limits
        self.clients = clients
        self.in_body = False  # SMTP: between 354 and the lone "."
        self.login_failures = 0
        self.errors = 0
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

    def reply(self, data: bytes) -> Verdict:
        """Read a reply on its way to the client: count errors and failed logins."""
        delay, goodbye = 0.0, None
        for line in data.splitlines():
            if self.protocol == "SMTP":
                self.in_body = self.in_body or line.startswith(b"354")
                if smtp_error(line):
                    self.errors += 1
                    if self.errors >= self.limits.max_errors:
                        goodbye = "errors"
            outcome = self._watch.failed(line)
            if outcome is True:
                self.login_failures += 1
                delay = self.limits.login_delay(self.clients.login_failed(self.address))
                if self.login_failures >= self.limits.max_login_failures:
                    goodbye = "logins"
            elif outcome is False:
                self.clients.login_succeeded(self.address)
        return Verdict(delay, goodbye)
