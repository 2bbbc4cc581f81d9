"""What every engine-driven connection end has: its endpoint, flushing, a late close."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from mailsim.protocols.engine import Engine
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

    def __init__(self) -> None:
        self.endpoint: Endpoint | None = None

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
