"""What a router reports: a connection attempt its rules dropped (OP25B)."""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.trace.states.base import StateChange, action


@action("port_blocked")
@dataclass(frozen=True, slots=True, kw_only=True)
class PortBlocked(StateChange):
    """The router dropped ``src``'s SYN to ``dst``:``port`` (``rule``: OP25B)."""

    src: str
    dst: str
    port: int
    rule: str
