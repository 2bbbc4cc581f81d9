"""Faults of the network: a host down, a link cut, a lossy link."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from pydantic import Field

from mailsim.scenario.checks import unknown_host
from mailsim.scenario.errors import key_path
from mailsim.scenario.fault_plan import FaultPlan, span
from mailsim.scenario.model import Scenario
from mailsim.scenario.registry import KeyPath, Problem, Window, register_fault


class HostDownWindow(Window):
    host: str


class LinkWindow(Window):
    between: Annotated[list[str], Field(min_length=2, max_length=2)]


class LossWindow(LinkWindow):
    rate: Annotated[float, Field(gt=0, le=0.9)] = 0.1


def plan_host_down(plan: FaultPlan, window: HostDownWindow) -> None:
    plan.outages.host_down(window.host, *span(window))


def plan_link_down(plan: FaultPlan, window: LinkWindow) -> None:
    a, b = window.between
    plan.outages.link_down(a, b, *span(window))


def plan_packet_loss(plan: FaultPlan, window: LossWindow) -> None:
    a, b = window.between
    plan.outages.packet_loss(a, b, window.rate, *span(window))


def check_host(scenario: Scenario, path: KeyPath, window: HostDownWindow) -> Iterator[Problem]:
    yield from unknown_host(scenario, [*path, "host"], window.host)


def check_link(scenario: Scenario, path: KeyPath, window: LinkWindow) -> Iterator[Problem]:
    a, b = window.between
    if frozenset(window.between) not in {frozenset(link.between) for link in scenario.links}:
        yield key_path([*path, "between"]), f"no link between {a!r} and {b!r}"


HostDown = register_fault(
    "host_down", HostDownWindow, plan_host_down, check_host,
    doc="The host is unreachable: connections to it time out, it sends nothing.")
LinkDown = register_fault(
    "link_down", LinkWindow, plan_link_down, check_link,
    doc="The link is cut: traffic takes another path if there is one.")
PacketLoss = register_fault(
    "packet_loss", LossWindow, plan_packet_loss, check_link,
    doc="The link drops a share of the packets; TCP sends them again.")
