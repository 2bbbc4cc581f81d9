"""What the steps done on one device share: the device reference and its check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict

from mailsim.nodes.client import MailClient
from mailsim.scenario.errors import did_you_mean, key_path
from mailsim.scenario.model import ClientHost, Scenario
from mailsim.scenario.registry import KeyPath, Problem
from mailsim.scenario.world import World


class DeviceAction(BaseModel):
    """A step done on one device; the base of the actions that name more."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    device: str


def device_shorthand(value: Any) -> Any:
    """``go_offline: bob-phone`` stands for ``go_offline: {device: bob-phone}``."""
    return {"device": value} if isinstance(value, str) else value


def client(world: World, name: str) -> MailClient:
    """The mail client running on the device ``name``."""
    node = world.nodes[name]
    assert isinstance(node, MailClient)
    return node


def check_device(scenario: Scenario, path: KeyPath, action: DeviceAction) -> Iterator[Problem]:
    """The step names a client host (a device), not a server or nothing."""
    clients = [n for n, h in scenario.hosts.items() if isinstance(h, ClientHost)]
    where = key_path([*path, "device"])
    if action.device not in scenario.hosts:
        yield where, (f"no host named {action.device!r} (devices: {', '.join(clients)})"
                      f"{did_you_mean(action.device, clients)}")
    elif action.device not in clients:
        yield where, f"{action.device!r} is not a device (devices: {', '.join(clients)})"
