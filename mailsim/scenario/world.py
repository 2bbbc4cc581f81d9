"""A built scenario: the network with its nodes, ready to run the steps."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

import simpy

from mailsim.nodes.base import Node
from mailsim.nodes.dns import RESOLVER_PORT
from mailsim.protocols.mailstore import Mailbox
from mailsim.scenario.model import Scenario
from mailsim.scenario.registry import STEP_KINDS, StepBase
from mailsim.sim.calendar import run as run_calendar
from mailsim.sim.network import Network, seconds
from mailsim.trace import Trace, TraceHeader
from mailsim.trace.recorder import TraceRecorder
from mailsim.units import to_micros


@dataclass
class World:
    scenario: Scenario
    env: simpy.Environment
    network: Network
    recorder: TraceRecorder
    nodes: dict[str, Node] = field(default_factory=dict)
    mailboxes: dict[str, Mailbox] = field(default_factory=dict)

    def run(self) -> Trace:
        """Run the steps to the end (or to ``until``) and return the trace."""
        self.schedule_steps()
        until = self.scenario.until
        with _fewer_collections():
            run_calendar(self.env, to_micros(until) if until is not None else None)
        return self.trace()

    def schedule_steps(self) -> None:
        """Put every step of the scenario on the calendar, at its ``at``."""
        for step in self.scenario.steps:
            self.network.after(to_micros(step.at), partial(self.run_step, step))

    def run_step(self, step: StepBase) -> None:
        """Do what the step says, now (its kind's runner)."""
        STEP_KINDS[step.kind].run(self, step.action)

    def trace(self) -> Trace:
        return self.recorder.freeze(self.header())

    def header(self) -> TraceHeader:
        """Who ran, with which seed, and the network: hosts, links and listening ports."""
        network = self.network
        roles = tuple((name, host.role) for name, host in self.scenario.hosts.items())
        links = tuple((a, b, seconds(data["info"].latency), data["info"].bandwidth)
                      for a, b, data in network.graph.edges(data=True))
        ports = tuple((name, port, protocol) for name in self.scenario.hosts
                      for port, protocol in network.ports(name) if port != RESOLVER_PORT)
        return TraceHeader(self.scenario.name, self.scenario.seed,
                           self.scenario.start.isoformat(), roles, links, ports)


# A run makes many small objects that live on (trace records, messages, events)
# and few cycles; with the default thresholds the cycle collector rescans the
# growing heap again and again (about a fifth of a run's time, issue 12). A
# finished connection frees itself (sim/connection.py, Connection.let_go), so a
# collection finds next to nothing and only rescans what lives: the trace, two
# records a line. 200,000 objects between collections (a run of 1,000 mails
# makes about 100,000) bounds what cycles still made wait for the collector.
RUN_GC_THRESHOLD = 200_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect cycles less often while a run goes on, then as before."""
    before = gc.get_threshold()
    gc.freeze()  # the built world is long-lived: move it out of the collector's scans
    gc.set_threshold(RUN_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        # What the run made and kept (the trace) goes to the oldest generation with
        # the world, unscanned: restoring the threshold with it still young would make
        # the next allocation collect it all at once (3 % of a run of 1,000 mails).
        gc.freeze()
        gc.set_threshold(*before)
        gc.unfreeze()
