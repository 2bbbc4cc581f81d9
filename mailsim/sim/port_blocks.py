"""Routers that drop connections to a port: an ISP's Outbound Port 25 Blocking (OP25B).

Japanese ISPs began in 2005 to drop SMTP connections from their customers' (dynamic)
addresses to any mail server but their own, so that a home PC infected by a spam bot
cannot hand its mail straight to the recipients' MX hosts; users submit on port 587
with SMTP AUTH instead (RFC 6409, RFC 4954), which the block lets through. The rule is
checked once per SYN: a dropped SYN is a lost unit in the trace, and the router records
a ``port_blocked`` state change when the SYN would have reached it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from mailsim.trace.states import PortBlocked, StateChange

SMTP_PORT = 25


@dataclass(frozen=True, slots=True)
class PortBlock:
    """One router's rule: SYNs from ``customers`` to ``port`` are dropped unless to ``allow``."""

    router: str
    customers: frozenset[str]
    allow: frozenset[str]
    port: int = SMTP_PORT
    rule: str = "OP25B"

    def drops(self, src: str, dst: str, port: int, path: list[str]) -> bool:
        """Whether this rule drops a SYN from ``src`` to ``dst``:``port`` taking ``path``."""
        return (port == self.port and src in self.customers and dst not in self.allow
                and self.router in path[1:-1])


class _Network(Protocol):
    """What a drop needs of the network (a protocol: the network imports this module)."""

    @property
    def now(self) -> int: ...
    @property
    def port_blocks(self) -> PortBlocks: ...
    def path(self, src: str, dst: str, *, outages: bool = False) -> list[str] | None: ...
    def drop(self, src: str, dst: str, protocol: str, port: int, text: str, size: int,
             conn: str | None = None) -> None: ...
    def transit(self, src: str, dst: str, size: int, start: int,
                hops: list[str] | None = None) -> int: ...
    def after(self, delay: int, callback: Callable[[], None]) -> None: ...
    def record_state(self, node: str, change: StateChange) -> None: ...


class PortBlocks:
    """Every router's rules, asked once per connection attempt."""

    __slots__ = ("rules",)

    def __init__(self) -> None:
        self.rules: list[PortBlock] = []

    def add(self, rule: PortBlock) -> None:
        self.rules.append(rule)

    def blocker(self, src: str, dst: str, port: int, path: list[str]) -> PortBlock | None:
        """The first rule on ``path`` that drops this SYN, or None."""
        for rule in self.rules:
            if rule.drops(src, dst, port, path):
                return rule
        return None


def drop_blocked_syn(network: _Network, src: str, dst: str, port: int, conn: str) -> bool:
    """Drop the SYN if a router on its way blocks it: the SYN is traced as lost, and the
    router records ``port_blocked`` when the SYN reaches it."""
    path = network.path(src, dst, outages=True)
    rule = network.port_blocks.blocker(src, dst, port, path) if path else None
    if rule is None or path is None:
        return False
    network.drop(src, dst, "TCP", port, "SYN", 0, conn)
    at_router = network.transit(src, rule.router, 0, network.now,
                                path[: path.index(rule.router) + 1])
    change = PortBlocked(src=src, dst=dst, port=port, rule=rule.rule)
    network.after(at_router - network.now, lambda: network.record_state(rule.router, change))
    return True
