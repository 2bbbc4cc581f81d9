"""Run a SimPy world against the wall clock, from one asyncio loop.

Everything happens on the loop's thread: socket callbacks feed the simulation
and the runner task advances it, so no simulation callback ever runs on two
threads. Simulated time is ``speed`` times wall time since the start: at
``speed=50`` a 40 ms simulated link takes under a millisecond.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Collection
from typing import Any

import simpy

from mailsim.sim.network import MICROS, Network
from mailsim.trace import MessageEvent, TraceEvent
from mailsim.trace.recorder import TraceRecorder
from mailsim.trace.visible import visible, visible_values

log = logging.getLogger("mailsim.live")

# The simulated host that stands for every real mail program.
LIVE_HOST = "live-client"
# Links from it: no latency, fast, and never a shortcut between simulated hosts.
LIVE_BANDWIDTH = 10e9
NO_TRANSIT = 10**15
# The runner wakes at least this often (seconds of wall time).
MAX_TICK = 0.05


class LiveRecorder(TraceRecorder):
    """A recorder that marks every unit to or from a live host ``live=True``."""

    def __init__(self, live_hosts: Collection[str], sink: Callable[[TraceEvent], None] | None = None,
                 *, keep: int | None = None) -> None:
        super().__init__(sink, keep=keep)
        self.live_hosts = frozenset(live_hosts)

    def message(self, **fields: Any) -> MessageEvent:
        if fields.get("src") in self.live_hosts or fields.get("dst") in self.live_hosts:
            fields["live"] = True
            # What a real program sent may hold an ESC or a NUL: the trace keeps it visible.
            fields["text"] = visible(fields["text"])
        return super().message(**fields)

    def state_data(self, t: float, node: str, action: str, data: dict[str, Any]) -> None:
        """A change, its strings (a live client's HELO name, subject, address) made visible."""
        super().state_data(t, node, action, visible_values(data))


def add_live_host(network: Network, servers: Collection[str], ip: str) -> None:
    """Add :data:`LIVE_HOST`, linked to each server it talks to.

    The links cost nothing to cross but carry a huge routing weight, so the
    lowest-latency path between two simulated hosts never runs through it.
    """
    network.add_host(LIVE_HOST, "client", ip, 0)
    for server in sorted(servers):
        network.add_link(LIVE_HOST, server, 0, LIVE_BANDWIDTH)
        network.graph.edges[LIVE_HOST, server]["latency"] = NO_TRANSIT


class SimClock:
    """Maps wall time to simulated microseconds: ``sim0 + (wall - wall0) * speed``."""

    def __init__(self, env: simpy.Environment, speed: float) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self.wall0 = time.monotonic()
        self.sim0 = int(env.now)

    def target(self) -> int:
        return self.sim0 + int((time.monotonic() - self.wall0) * self.speed * MICROS)

    def wall_delay(self, sim_time: float) -> float:
        """Seconds of wall time until the simulation reaches ``sim_time``."""
        at = self.wall0 + (sim_time - self.sim0) / MICROS / self.speed
        return at - time.monotonic()


class Bridge:
    """Advances the simulation to "now" and wakes when something new is scheduled."""

    def __init__(self, env: simpy.Environment, network: Network, speed: float) -> None:
        self.env = env
        self.network = network
        self.clock = SimClock(env, speed)
        self._kick = asyncio.Event()
        self._running = False
        self.failures = 0

    def advance(self) -> None:
        """Run every simulated event due by now; a failing callback is logged, not fatal.

        A failing callback belongs to one connection or one node; the rest of the
        world goes on (the connection itself is closed by its guard or its timeout).
        Called from inside a simulation callback it does nothing: SimPy does not
        nest runs, and the outer run is already bringing the world up to date.
        """
        if self._running:
            return
        self._running = True
        try:
            for _ in range(1_000):
                target = self.clock.target()
                if target <= self.env.now:
                    return
                try:
                    self.env.run(until=target)
                    return
                except Exception:
                    self.failures += 1
                    log.exception("a simulation callback failed; the server goes on")
        finally:
            self._running = False

    def kick(self) -> None:
        """Something was scheduled: let the runner look again now."""
        self._kick.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Advance until ``stop`` is set, sleeping until the next scheduled event."""
        while not stop.is_set():
            self.advance()
            self._kick.clear()
            delay = min(MAX_TICK, max(0.0, self.clock.wall_delay(self.env.peek())))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._kick.wait(), timeout=delay)
