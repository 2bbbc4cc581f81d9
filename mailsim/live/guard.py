"""A session handler wrapped so that its failure closes one live connection only."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from mailsim.sim.connection import Endpoint
from mailsim.sim.network import StreamHandler

log = logging.getLogger("mailsim.live")
# While a session awaits a check, its close is looked at again this often (simulated
# microseconds), for at most MAX_WAIT (then it is told anyway).
POLL = 1_000
MAX_WAIT = 600_000_000


class Abortable(Protocol):
    """What owns a guarded session: a live connection that can be closed on its own."""

    def abort(self) -> None: ...


class Guarded:
    """Forwards to the scenario's session; an exception there is logged and the
    connection it belongs to is aborted, while the server goes on for the others."""

    def __init__(self, inner: StreamHandler, owner: Abortable) -> None:
        self.inner = inner
        self.owner = owner
        self.failed = False

    def _call(self, what: str, call: Callable[[], object]) -> None:
        if self.failed:
            return
        try:
            call()
        except Exception:
            self.failed = True
            log.exception("%s session failed in %s; closing this connection only",
                          type(self.inner).__name__, what)
            self.owner.abort()

    def on_open(self, endpoint: Endpoint) -> None:
        self._call("on_open", lambda: self.inner.on_open(endpoint))

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        self._call("on_data", lambda: self.inner.on_data(endpoint, data))

    def on_close(self, endpoint: Endpoint) -> None:
        """Tell the session the peer left; while it awaits a check (LDAP), once that is answered.

        The check's answer comes back through a callback the session made: told
        first that the connection is gone, the engine would refuse the late answer.
        """
        engine = getattr(self.inner, "engine", None)
        waited = 0
        def settle() -> None:
            nonlocal waited
            if getattr(engine, "pending", None) is not None and waited < MAX_WAIT:
                waited += POLL
                endpoint.network.after(POLL, settle)
                return
            self._call("on_close", lambda: self.inner.on_close(endpoint))
        settle()

    def on_tls(self) -> None:
        on_tls = getattr(self.inner, "on_tls", None)
        if callable(on_tls):
            self._call("on_tls", on_tls)
