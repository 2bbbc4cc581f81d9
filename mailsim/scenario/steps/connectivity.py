"""Steps that take a device off the network and back: ``go_offline``, ``go_online``."""

from __future__ import annotations

from mailsim.scenario.registry import register_step
from mailsim.scenario.steps.device import DeviceAction, check_device, client, device_shorthand
from mailsim.scenario.world import World


def run_go_offline(world: World, action: DeviceAction) -> None:
    client(world, action.device).go_offline()


def run_go_online(world: World, action: DeviceAction) -> None:
    client(world, action.device).go_online()


GoOfflineStep = register_step("go_offline", DeviceAction, run_go_offline, check_device,
                              before=device_shorthand,
                              doc="The device loses its network connection (aeroplane mode).")
GoOnlineStep = register_step("go_online", DeviceAction, run_go_online, check_device,
                             before=device_shorthand, doc="The device is back on the network.")
