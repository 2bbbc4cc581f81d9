"""A router: it forwards whatever crosses it and may drop connections to a port (OP25B)."""

from __future__ import annotations

import random
from collections.abc import Iterable

from mailsim.nodes.base import Node
from mailsim.sim.network import Network
from mailsim.sim.port_blocks import PortBlock


class Router(Node):
    """A host that speaks no mail protocol; the network asks its rules about each SYN."""

    role = "router"

    def __init__(self, name: str, network: Network, rng: random.Random, *,
                 op25b: tuple[Iterable[str], Iterable[str]] | None = None) -> None:
        super().__init__(name, network, rng)
        if op25b is not None:
            customers, allow = op25b
            network.port_blocks.add(PortBlock(name, frozenset(customers), frozenset(allow)))
