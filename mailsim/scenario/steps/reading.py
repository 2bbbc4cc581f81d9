"""Steps of reading mail on a device: ``check_mail``, ``read``, ``delete`` and ``move``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from mailsim.scenario.budget import EVENTS_PER_CHECK, Estimate
from mailsim.scenario.errors import key_path
from mailsim.scenario.model import ClientHost, FolderName, MailServerHost, Scenario
from mailsim.scenario.registry import Cost, KeyPath, Problem, StepBase, register_step
from mailsim.scenario.steps.device import DeviceAction, check_device, client, device_shorthand
from mailsim.scenario.units import Duration
from mailsim.scenario.world import World
from mailsim.units import to_micros


class CheckMailAction(DeviceAction):
    every: Duration | None = Field(default=None, description="check again at this interval")
    until: Duration | None = Field(default=None, description="last check no later than this")


MessageChoice = Literal["latest", "oldest", "all"] | Annotated[int, Field(ge=1)]


class MessageAction(DeviceAction):
    message: MessageChoice = Field(
        default="latest", description="latest, oldest, all, or a position in the list (1 = oldest)"
    )


def run_check_mail(world: World, action: CheckMailAction) -> None:
    client(world, action.device).check_mail()
    if action.every is not None:
        next_at = world.network.now + to_micros(action.every)
        if action.until is None or next_at <= to_micros(action.until):
            world.network.after(to_micros(action.every), lambda: run_check_mail(world, action))


def check_check_mail(scenario: Scenario, path: KeyPath, action: CheckMailAction) -> Iterator[Problem]:
    yield from check_device(scenario, path, action)
    host = scenario.hosts.get(action.device)
    if not isinstance(host, ClientHost):
        return
    server = scenario.hosts.get(host.mail_server)
    protocol = host.incoming.protocol
    if isinstance(server, MailServerHost) and getattr(server, protocol) is None:
        yield key_path([*path, "device"]), (
            f"{action.device} reads mail with {protocol.upper()}, but {host.mail_server!r} "
            f"does not offer it (set its '{protocol}: true')"
        )
    if action.every is not None and to_micros(action.every) <= 0:
        yield key_path([*path, "every"]), "expected a positive interval"
    if action.every is not None and action.until is None and scenario.until is None:
        yield key_path([*path, "until"]), (
            "a check repeated 'every' needs an end: set 'until' here or the scenario's 'until'"
        )


def cost_check_mail(estimate: Estimate, step: StepBase) -> Cost:
    """One session per check: the first at ``at``, then one per ``every`` up to ``until``."""
    action = step.action
    assert isinstance(action, CheckMailAction)
    checks = 1
    ends = [u for u in (action.until, estimate.scenario.until) if u is not None]
    if action.every is not None and ends and to_micros(action.every) > 0:
        span = to_micros(min(ends)) - to_micros(step.at)
        checks += max(span, 0) // to_micros(action.every)
    return checks * EVENTS_PER_CHECK, f"{checks:,} mail check{'s' if checks > 1 else ''}"


class MoveAction(MessageAction):
    to: FolderName = Field(description="the folder on the server to move the message to")


def run_move(world: World, action: MoveAction) -> None:
    client(world, action.device).move(action.message, action.to)


def check_move(scenario: Scenario, path: KeyPath, action: MoveAction) -> Iterator[Problem]:
    yield from check_device(scenario, path, action)
    host = scenario.hosts.get(action.device)
    if isinstance(host, ClientHost) and host.incoming.protocol != "imap":
        yield key_path([*path, "device"]), (
            f"{action.device} reads mail with POP3, which has no folders on the server "
            "(RFC 1939): moving needs 'incoming: {protocol: imap}'")


def run_read(world: World, action: MessageAction) -> None:
    client(world, action.device).read(action.message)


def run_delete(world: World, action: MessageAction) -> None:
    client(world, action.device).delete(action.message)


CheckMailStep = register_step(
    "check_mail", CheckMailAction, run_check_mail, check_check_mail, before=device_shorthand,
    cost=cost_check_mail,
    doc="The mail client asks the server for new mail (POP3 or IMAP, per the device).")
ReadStep = register_step("read", MessageAction, run_read, check_device, before=device_shorthand,
                         doc="The user opens a message on a device.")
DeleteStep = register_step("delete", MessageAction, run_delete, check_device, before=device_shorthand,
                           doc="The user deletes a message on a device.")
MoveStep = register_step("move", MoveAction, run_move, check_move,
                         doc="The user moves a message to another folder on the server (IMAP MOVE).")
