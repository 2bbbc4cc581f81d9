"""The ``smtp_reply`` fault: a server answers a command with a 4xx or 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from mailsim.nodes.reply_faults import ReplyFault
from mailsim.protocols.smtp import Reply
from mailsim.scenario.checks import unknown_host
from mailsim.scenario.errors import key_path
from mailsim.scenario.fault_plan import FaultPlan, span
from mailsim.scenario.model import Scenario
from mailsim.scenario.registry import KeyPath, Problem, Window, register_fault


class SMTPReplyWindow(Window):
    host: str
    command: Literal["connect", "mail", "rcpt", "data"] = "rcpt"
    reply: Annotated[str, Field(pattern=r"^[45][0-9][0-9] .+")] = "451 4.3.0 Try again later"
    times: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="answer like this only the first N times (greylisting: 1)"
    )


def plan_smtp_reply(plan: FaultPlan, window: SMTPReplyWindow) -> None:
    code, text = window.reply.split(" ", 1)
    plan.reply_faults(window.host).append(
        ReplyFault(window.command, Reply(int(code), (text,)), *span(window), window.times))


def check_smtp_reply(scenario: Scenario, path: KeyPath, window: SMTPReplyWindow) -> Iterator[Problem]:
    yield from unknown_host(scenario, [*path, "host"], window.host)
    if window.command == "connect" and not window.reply.startswith("421"):
        yield key_path([*path, "reply"]), "a refusal at connect time must be 421 (RFC 5321 §3.8)"


SMTPReply = register_fault(
    "smtp_reply", SMTPReplyWindow, plan_smtp_reply, check_smtp_reply,
    doc="A server answers a command with a 4xx or 5xx (busy, greylisting, policy).")
