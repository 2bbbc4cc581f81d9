"""The ``send`` step: the user writes a mail and presses Send."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from mailsim.nodes.smtp_sessions import RECIPIENTS_PER_TRANSACTION
from mailsim.scenario.budget import (
    ADDRESSES_PER_EVENT,
    EVENTS_PER_ATTEMPT,
    EVENTS_PER_DOMAIN,
    EVENTS_PER_RECIPIENT,
    EVENTS_PER_REJECTED,
    EVENTS_PER_SEND,
    OCTETS_PER_EVENT,
    Estimate,
)
from mailsim.scenario.errors import did_you_mean, key_path
from mailsim.scenario.model import ClientHost, MailServerHost, Scenario
from mailsim.scenario.registry import Cost, KeyPath, Problem, StepBase, register_step
from mailsim.scenario.steps.device import client
from mailsim.scenario.validators import Address, OneLine
from mailsim.scenario.world import World


class SendAction(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    sender: Address = Field(alias="from")
    to: Annotated[list[Address], Field(min_length=1)]
    cc: list[Address] = []
    subject: OneLine = ""
    body: str = ""
    device: str | None = Field(
        default=None, description="client host that sends; default: the sender's first"
    )
    header_from: OneLine | None = Field(
        default=None, description="the From: a reader sees, when not the sender's own (a forgery)"
    )


def _devices(scenario: Scenario, user: str) -> list[str]:
    return [n for n, h in scenario.hosts.items() if isinstance(h, ClientHost) and h.user == user]


def run_send(world: World, action: SendAction) -> None:
    device = action.device or _devices(world.scenario, action.sender)[0]
    client(world, device).send(action.to, action.cc, action.subject, action.body,
                               header_from=action.header_from)


def check_send(scenario: Scenario, path: KeyPath, action: SendAction) -> Iterator[Problem]:
    sender = action.sender
    devices = _devices(scenario, sender)
    if sender not in scenario.users:
        yield key_path([*path, "from"]), (f"no user {sender!r} under users"
                                          f"{did_you_mean(sender, scenario.users)}")
    elif action.device is not None:
        if action.device not in devices:
            yield key_path([*path, "device"]), (
                f"expected a client host of {sender} (one of: {', '.join(devices) or 'none'})"
            )
    elif not devices:
        yield key_path([*path, "from"]), (
            f"{sender} has no client host (a host with role client, user {sender})"
        )
    device = action.device or (devices[0] if devices else None)
    host = scenario.hosts.get(device) if device else None
    # a bot needs no submission, nor a client that sends on port 25 (POP before SMTP)
    if isinstance(host, ClientHost) and not host.send_direct and host.outgoing.port != 25:
        name = host.outgoing.server or host.mail_server
        server = scenario.hosts.get(name)
        if isinstance(server, MailServerHost) and server.submission is None:
            yield key_path([*path, "from"]), (
                f"{device}'s mail server {name!r} does not offer submission "
                "(set its 'submission: true')"
            )


def cost_send(estimate: Estimate, step: StepBase) -> Cost:
    """One message through every hop, more per recipient, its body per copy, and its retries."""
    action = step.action
    assert isinstance(action, SendAction)
    recipients = [*action.to, *action.cc]
    domains = len({address.rsplit("@", 1)[1] for address in recipients})
    unknown = sum(address not in estimate.scenario.users for address in recipients)
    attempts = estimate.attempts_if_refused if unknown else estimate.attempts
    content = len(action.body) * (len(recipients) + 1) // OCTETS_PER_EVENT
    transactions = -(-len(recipients) // RECIPIENTS_PER_TRANSACTION)
    repeated_headers = transactions * len(recipients) * estimate.servers // ADDRESSES_PER_EVENT
    events = (EVENTS_PER_SEND + EVENTS_PER_DOMAIN * (domains - 1) + EVENTS_PER_RECIPIENT * len(recipients)
              + (EVENTS_PER_ATTEMPT * domains + EVENTS_PER_REJECTED * unknown) * (attempts - 1)
              + content + repeated_headers)
    what = f"{len(recipients):,} recipient{'s' if len(recipients) > 1 else ''}"
    if transactions > 1:
        what += (f" in {transactions:,} transactions, each carrying the whole message "
                 "with every recipient in its To: header")
    if content * 4 >= events:
        what += f", a body of {len(action.body):,} characters in each copy"
    if unknown:
        what += f", {unknown:,} of them not under users"
    if attempts > 1:
        what += f", up to {attempts:,} delivery attempts while a fault, a full mailbox or a refusal defers it"
    return events, what


SendStep = register_step("send", SendAction, run_send, check_send, cost=cost_send,
                         doc="The user writes a mail and presses Send.")
