"""What every engine-driven connection end has: its endpoint, flushing, a late close."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from mailsim.protocols.engine import Engine
from mailsim.protocols.events import LoginRefused
from mailsim.sim.connection import Endpoint

EngineT = TypeVar("EngineT", bound=Engine[Any, Any, Any])

# How long a server waits for the client to close after its last reply (QUIT,
# LOGOUT) before it closes the connection itself.
CLOSE_GRACE = 2_000_000


class EngineSession(Generic[EngineT]):
    """One end of a TCP connection whose lines a sans-IO engine decides.

    Each subclass names its engine class (``EngineSession[SMTPServer]``), so
    its protocol-specific calls are type-checked against that engine.
    """

    engine: EngineT
    # Told the count after each failed login on this connection, before the reply
    # that says so is flushed: ``mailsim serve`` sets it to hold that reply back
    # (Dovecot's auth_failure_delay). The simulation itself does not wait.
    on_login_refused: Callable[[int], None] | None = None
    failed_logins = 0  # so far on this connection

    def __init__(self) -> None:
        self.endpoint: Endpoint | None = None

    def _login_refused(self, event: LoginRefused) -> None:
        self.failed_logins = event.failures
        if self.on_login_refused is not None:
            self.on_login_refused(event.failures)

    def _flush(self) -> None:
        """Send what the engine has queued, one unit per reply or command."""
        if self.endpoint is None:
            return
        for chunk in self.engine.data_to_send():
            self.endpoint.send(chunk)

    def _close_later(self) -> None:
        endpoint = self.endpoint
        assert endpoint is not None
        endpoint.network.after(CLOSE_GRACE, lambda: endpoint.close())
