"""What each kind of scenario step does when its time comes (the registry's other half)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mailsim.nodes.client import MailClient
from mailsim.scenario.model import ClientHost
from mailsim.scenario.steps import (
    CheckMailStep,
    DeleteStep,
    GoOfflineStep,
    GoOnlineStep,
    ReadStep,
    SendStep,
    StepBase,
)
from mailsim.units import to_micros

if TYPE_CHECKING:
    from mailsim.scenario.build import World


def _run_send(world: World, step: StepBase) -> None:
    assert isinstance(step, SendStep)
    action = step.send
    device = action.device or next(
        name for name, host in world.scenario.hosts.items()
        if isinstance(host, ClientHost) and host.user == action.sender
    )
    client = world.nodes[device]
    assert isinstance(client, MailClient)
    client.send(action.to, action.cc, action.subject, action.body)


def _device(world: World, name: str) -> MailClient:
    node = world.nodes[name]
    assert isinstance(node, MailClient)
    return node


def _run_check_mail(world: World, step: StepBase) -> None:
    assert isinstance(step, CheckMailStep)
    action = step.check_mail
    device = _device(world, action.device)
    device.check_mail()
    if action.every is not None:
        next_at = world.network.now + to_micros(action.every)
        if action.until is None or next_at <= to_micros(action.until):
            world.network.after(to_micros(action.every), lambda: _run_check_mail(world, step))


def _run_read(world: World, step: StepBase) -> None:
    assert isinstance(step, ReadStep)
    _device(world, step.read.device).read(step.read.message)


def _run_delete(world: World, step: StepBase) -> None:
    assert isinstance(step, DeleteStep)
    _device(world, step.delete.device).delete(step.delete.message)


def _run_connectivity(world: World, step: StepBase) -> None:
    if isinstance(step, GoOfflineStep):
        _device(world, step.go_offline.device).go_offline()
    elif isinstance(step, GoOnlineStep):
        _device(world, step.go_online.device).go_online()


RUNNERS: dict[str, Callable[[World, StepBase], None]] = {}
RUNNERS["send"] = _run_send
RUNNERS["check_mail"] = _run_check_mail
RUNNERS["read"] = _run_read
RUNNERS["delete"] = _run_delete
RUNNERS["go_offline"] = _run_connectivity
RUNNERS["go_online"] = _run_connectivity


