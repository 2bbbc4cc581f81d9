"""Turning a scenario's faults into what the network and the servers act on.

Each fault kind's ``plan`` function (see :mod:`mailsim.scenario.registry`)
adds its window to a :class:`FaultPlan`, in file order; the world is then
built from the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mailsim.nodes.dns import DNSOutage
from mailsim.nodes.reply_faults import ReplyFault
from mailsim.scenario.model import Scenario
from mailsim.scenario.registry import FAULT_KINDS, Window
from mailsim.sim.outages import Outages
from mailsim.units import to_micros


def micros_or_none(seconds: float | None) -> int | None:
    return None if seconds is None else to_micros(seconds)


def span(window: Window) -> tuple[int, int | None]:
    """The window in microseconds: (start, end), end None for the end of the run."""
    return to_micros(window.start), micros_or_none(window.until)


@dataclass
class FaultPlan:
    """What the faults switch on: network outages, DNS failures, SMTP replies by host."""

    outages: Outages = field(default_factory=Outages)
    dns_failures: list[DNSOutage] = field(default_factory=list)
    replies: dict[str, list[ReplyFault]] = field(default_factory=dict)

    def reply_faults(self, host: str) -> list[ReplyFault]:
        """The host's own list: a reply fault counts down its ``times`` as it fires."""
        return self.replies.setdefault(host, [])


def plan_faults(scenario: Scenario) -> FaultPlan:
    plan = FaultPlan()
    for fault in scenario.faults:
        FAULT_KINDS[fault.kind].plan(plan, fault.window)
    return plan
