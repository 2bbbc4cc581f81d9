"""What every node has: a name, the network it lives on, the run's RNG."""

from __future__ import annotations

import random
from collections.abc import Callable

from mailsim.sim.network import Network
from mailsim.trace.states import StateChange


class Node:
    """A host with a role; it reports its state changes to the trace."""

    role = "host"

    def __init__(self, name: str, network: Network, rng: random.Random) -> None:
        self.name = name
        self.network = network
        self.rng = rng

    @property
    def processing(self) -> int:
        return self.network.hosts[self.name].processing

    @property
    def ip(self) -> str:
        return self.network.hosts[self.name].ip

    def record(self, change: StateChange) -> None:
        """Report a typed state change of this node to the trace."""
        self.network.record_state(self.name, change)

    def after(self, delay: int, callback: Callable[[], None]) -> None:
        self.network.after(delay, callback)

    def token(self, digits: int = 10) -> str:
        """A Postfix-style queue id or Message-ID part, from the run's RNG."""
        return f"{self.rng.getrandbits(4 * digits):0{digits}X}"
