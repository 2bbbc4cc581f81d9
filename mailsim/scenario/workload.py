"""A scenario's ``workload:``: many users sending and checking mail, described in a few keys.

The models, the names the workload gives its users and hosts, and when each
device checks its mailbox. A workload is the same at both fidelities: the
line-level expansion (:mod:`mailsim.scenario.expand`) and the session-level
study engine (:mod:`mailsim.study`) read these names, these check times and
one :class:`~mailsim.scenario.mailplan.MailPlan`.

Naming (user index ``i`` from 0, device index ``j`` from 0, domain ``k`` from 0):

- domain ``k`` is ``d{k+1}.example``; user ``i`` lives in domain ``i % domains``
  (round-robin);
- user ``i`` is ``u{i+1:05d}@d{...}.example`` (more digits past 99,999 users),
  with the password ``pw-u00001``; its device ``j`` is the client host
  ``u00001-dev{j+1}``;
- domain ``k``'s mail server (submission, POP3, IMAP) is ``mail.d{k+1}.example``
  and its authentication server ``auth.d{k+1}.example``; one relay
  ``relay.example.net`` and one DNS server ``dns.example.net`` serve them all.

The timing rule that makes both fidelities agree exactly: every mail is sent
at a whole minute (second 0); device ``j`` checks at whole minutes plus
``30 s + 5 s * j``, every ``every`` (a whole number of minutes), for as long
as the workload's days last. A line-level delivery finishes within 30 s and a
check session within 5 s, so a mail sent at minute ``m`` is in its mailbox
before any check at ``m:30`` or later, no delivery falls inside a check
session, and a user's devices never check at the same time (a second POP3
session would find the maildrop locked, RFC 1939 §8) and always in the same
order.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, field_validator, model_validator

from mailsim.scenario.model_base import Strict
from mailsim.scenario.units import Duration
from mailsim.units import to_micros

MAX_USERS = 1_000_000
MAX_DOMAINS = 100
MAX_DAYS = 366
MAX_MAILS_PER_USER_PER_DAY = 1000  # fewer than the 1,440 minutes of a day: one send per minute
MAX_DEVICES = 4
MAX_TRACE_USERS = 10

DAY_US = 86_400_000_000
MINUTE_US = 60_000_000
CHECK_OFFSET_US = 30_000_000  # device checks start half a minute after the sends
CHECK_SPACING_US = 5_000_000  # device j+1 checks this long after device j
RELAY_HOST = "relay.example.net"
DNS_HOST = "dns.example.net"


class DeviceSpec(Strict):
    """One device every user has: how it reads mail and how often it checks."""

    protocol: Literal["pop3", "imap"]
    leave_on_server: bool = Field(
        default=False, description="POP3: keep the server copy after downloading"
    )
    delete_after: Duration | None = Field(
        default=None, description="POP3 with leave_on_server: delete server copies this old"
    )
    cache: bool = Field(default=False, description="IMAP: keep a local copy for offline reading")
    every: Duration = Field(default=900.0, description="check for new mail this often (whole minutes)")

    @field_validator("every")
    @classmethod
    def _whole_minutes(cls, value: float) -> float:
        if value < 60 or to_micros(value) % MINUTE_US:
            raise ValueError("expected a whole number of minutes such as 15m (checks start at "
                             "whole minutes plus 30s)")
        return value

    @model_validator(mode="after")
    def _fits_protocol(self) -> Self:
        if self.protocol == "imap" and (self.leave_on_server or self.delete_after is not None):
            raise ValueError("leave_on_server and delete_after are for POP3; IMAP keeps mail "
                             "on the server anyway")
        if self.protocol == "pop3" and self.cache:
            raise ValueError("cache is for IMAP; POP3 keeps what it downloads")
        if self.delete_after is not None and not self.leave_on_server:
            raise ValueError("delete_after needs leave_on_server: true (without it POP3 "
                             "deletes every server copy it downloads)")
        return self


class Workload(Strict):
    """Users spread over domains, each sending mail every day and checking it on its devices."""

    users: Annotated[int, Field(ge=2, le=MAX_USERS)]
    domains: Annotated[int, Field(ge=1, le=MAX_DOMAINS)] = 1
    mails_per_user_per_day: Annotated[int, Field(ge=0, le=MAX_MAILS_PER_USER_PER_DAY)]
    devices: Annotated[list[DeviceSpec], Field(min_length=1, max_length=MAX_DEVICES)]
    days: Annotated[int, Field(ge=1, le=MAX_DAYS)] = 1
    seed: Annotated[int, Field(ge=-(2**63), lt=2**63)] | None = Field(
        default=None, description="the mail plan's seed; default: the scenario's seed"
    )
    trace_users: Annotated[int, Field(ge=0, le=MAX_TRACE_USERS)] = Field(
        default=0, description="at session fidelity, keep line-level traces of this many users"
    )
    trace_days: Annotated[int, Field(ge=1, le=MAX_DAYS)] = Field(
        default=1, description="the sample users' line-level traces cover the first days only"
    )

    @model_validator(mode="after")
    def _fits(self) -> Self:
        if self.domains > self.users:
            raise ValueError(f"expected at most one domain per user ({self.users} users, "
                             f"{self.domains} domains)")
        if self.trace_users > self.users:
            raise ValueError(f"trace_users is more than the {self.users} users")
        if self.trace_days > self.days:
            raise ValueError(f"trace_days is more than the {self.days} days")
        return self


def plan_seed(workload: Workload, scenario_seed: int) -> int:
    """The mail plan's seed: the workload's own, or the scenario's."""
    return scenario_seed if workload.seed is None else workload.seed


def mail_count(workload: Workload, days: int | None = None) -> int:
    """Every user sends exactly ``mails_per_user_per_day`` mails on each day."""
    return workload.users * workload.mails_per_user_per_day * (workload.days if days is None else days)


def check_times(workload: Workload, device_index: int) -> tuple[int, int]:
    """Device ``device_index``'s first check and its period, in microseconds (the same for every user)."""
    device = workload.devices[device_index]
    return CHECK_OFFSET_US + CHECK_SPACING_US * device_index, to_micros(device.every)


def check_count(workload: Workload, device_index: int, days: int | None = None) -> int:
    """How many times one user's device checks: at ``offset + k * every`` before the days end."""
    offset, every = check_times(workload, device_index)
    end = DAY_US * (workload.days if days is None else days)
    return 0 if end <= offset else (end - offset - 1) // every + 1


def domain_name(index: int) -> str:
    return f"d{index + 1}.example"


def mail_server_host(index: int) -> str:
    return f"mail.{domain_name(index)}"


def auth_host(index: int) -> str:
    return f"auth.{domain_name(index)}"


def user_domain(workload: Workload, user: int) -> int:
    """The domain a user lives in: round-robin over the domains."""
    return user % workload.domains


def user_local(workload: Workload, user: int) -> str:
    """``u00001``: the local part, as wide as the largest user number needs (at least 5 digits)."""
    width = max(5, len(str(workload.users)))
    return f"u{user + 1:0{width}d}"


def user_address(workload: Workload, user: int) -> str:
    return f"{user_local(workload, user)}@{domain_name(user_domain(workload, user))}"


def user_password(workload: Workload, user: int) -> str:
    return f"pw-{user_local(workload, user)}"


def device_host(workload: Workload, user: int, device_index: int) -> str:
    return f"{user_local(workload, user)}-dev{device_index + 1}"
