"""Bounded work: a run's size estimated from its steps, refused past a cap.

Each step kind says how many trace events it may record (its ``cost`` in the
registry): a send grows with its recipients and its body, a repeated
``check_mail`` with its repeats, and every delivery with the attempts a fault
or a full mailbox may force. The estimate is arithmetic on the file (never a
loop over the repeats), so a scenario that would run for hours is refused in
microseconds, with the step that makes it big and how to raise the cap.

The constants are deliberately generous: the article's route records about
90 events per one-recipient send (120 with a bounce) and 37 per mail check;
a test keeps the estimate above what every bundled scenario records.
A ``workload`` is estimated from counts (its mails and its devices' checks):
at line fidelity as its expansion would cost, without expanding it; at session
fidelity by its deliveries and checks, plus its sample users' traces.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property

from mailsim.scenario.errors import ScenarioError, key_path
from mailsim.scenario.mailplan import BODY_LINE, MAX_BODY_LINES
from mailsim.scenario.model import MailServerHost, QueueConfig, RelayHost, Scenario
from mailsim.scenario.registry import STEP_KINDS, Cost, Problem, StepBase
from mailsim.scenario.workload import Workload, check_count, mail_count
from mailsim.units import positive_whole_number, to_micros

DEFAULT_MAX_EVENTS = 500_000  # about half a minute and 300 MB of simulation
EVENTS_VARIABLE = "MAILSIM_MAX_EVENTS"
EVENTS_PER_STEP = 50  # a step whose kind does not estimate itself
EVENTS_PER_SEND = 150  # submission, relaying, DNS, the final hop, and a bounce if it fails
EVENTS_PER_DOMAIN = 60  # each recipient domain after the first: one more route
EVENTS_PER_RECIPIENT = 10  # one more RCPT on each hop, one more stored copy
EVENTS_PER_ATTEMPT = 40  # one more delivery attempt after a 4xx or a timeout
EVENTS_PER_CHECK = 40  # one POP3 or IMAP session
EVENTS_PER_REJECTED = 2  # an unknown recipient's RCPT and its 550, at each attempt
OCTETS_PER_EVENT = 256  # a body is kept per copy: its size counts as events too
# A send past 100 recipients goes in several transactions (RFC 5321 §4.5.3.1.8),
# and each carries the whole message, whose To: header lists every recipient:
# the bytes each server reads, scans and dot-stuffs grow with the recipients
# squared. Measured, three such addresses cost about one event.
ADDRESSES_PER_EVENT = 3
# A session-fidelity event (a delivery or a mail check, kept as running totals) is
# about a hundred times cheaper than a trace event: no lines, no records, no text.
SESSION_EVENTS_PER_TRACE_EVENT = 100


def max_events() -> int:
    """The cap: :data:`EVENTS_VARIABLE` if set, else :data:`DEFAULT_MAX_EVENTS`."""
    configured = os.environ.get(EVENTS_VARIABLE)
    if configured is None or not configured.strip():
        return DEFAULT_MAX_EVENTS
    cap = positive_whole_number(configured)
    if cap is None:
        raise ScenarioError(EVENTS_VARIABLE, [("", f"expected a whole number of events such as "
                                                   f"5000000 (got {configured!r})")])
    return cap


def _queues(scenario: Scenario) -> list[QueueConfig]:
    return [host.queue for host in scenario.hosts.values()
            if isinstance(host, (MailServerHost, RelayHost))]


def longest_lifetime(scenario: Scenario) -> float | None:
    """The longest queue lifetime of the scenario's servers (None: no server queues mail)."""
    queues = _queues(scenario)
    return max(queue.lifetime for queue in queues) if queues else None


def attempts(scenario: Scenario, *, always: bool = False) -> int:
    """How many times one message may be tried before it is delivered or bounced.

    Only a fault or a mailbox quota defers mail (or, ``always``, a server's
    error limit); then a queue retries as its backoff allows until the fault
    ends (or the message's lifetime, or the scenario's ``until``), whichever
    is first.
    """
    queues = _queues(scenario)
    if not queues:
        return 1
    lifetime = max(queue.lifetime for queue in queues)
    ends: list[float] = [lifetime] if always else []
    if any(user.quota is not None for user in scenario.users.values()):
        ends.append(lifetime)
    for fault in scenario.faults:
        until = fault.window.until
        ends.append(lifetime if until is None else until)
    if not ends:
        return 1
    horizon = min(max(ends), lifetime)
    if scenario.until is not None:
        horizon = min(horizon, scenario.until)
    return max(retries(queue, to_micros(horizon)) for queue in queues) + 1


def retries(queue: QueueConfig, horizon: int) -> int:
    """Retries a queue makes within ``horizon`` microseconds: waits double up to the maximum."""
    wait = max(to_micros(queue.first_retry), 1)
    longest = max(to_micros(queue.max_retry_interval), 1)
    count, elapsed = 0, 0
    while wait < longest and elapsed + wait <= horizon:
        elapsed += wait
        count += 1
        wait *= 2
    if elapsed + longest <= horizon:  # the rest at the longest wait
        count += (horizon - elapsed) // longest
    return count


@dataclass
class Estimate:
    """What a step kind's ``cost`` is given: the scenario, and what all steps share."""

    scenario: Scenario

    @cached_property
    def servers(self) -> int:
        """Mail servers and relays: at most this many hops receive each message."""
        return sum(isinstance(host, (MailServerHost, RelayHost)) for host in self.scenario.hosts.values())

    @cached_property
    def attempts(self) -> int:
        """Delivery attempts per message (computed once, not once per send)."""
        return attempts(self.scenario)

    @cached_property
    def attempts_if_refused(self) -> int:
        """Attempts for a message a server refuses in part: too many unknown recipients
        close the session with 421, so the rest waits in the queue, up to its lifetime."""
        return max(self.attempts, attempts(self.scenario, always=True))


def step_cost(estimate: Estimate, step: StepBase) -> Cost:
    """The trace events one step may record, and what they come from."""
    cost = STEP_KINDS[step.kind].cost
    return cost(estimate, step) if cost is not None else (EVENTS_PER_STEP, "one step")


def workload_line_cost(estimate: Estimate, workload: Workload, *, users: int | None = None,
                       days: int | None = None) -> Cost:
    """The trace events of the workload's line-level expansion, without building it.

    ``users`` and ``days`` estimate a sample (``expand(users=..., days=...)``): its users
    receive, on average, their share of the mails; twice that is counted.
    """
    days = workload.days if days is None else days
    mails = mail_count(workload, days)
    if users is not None:
        mails = min(mails, 2 * mail_count(workload.model_copy(update={"users": users}), days))
    checks = (workload.users if users is None else users) * sum(
        check_count(workload, j, days) for j in range(len(workload.devices)))
    servers = estimate.servers + workload.domains + 1  # each domain's server, and the relay
    body = MAX_BODY_LINES * len(BODY_LINE) * 2 // OCTETS_PER_EVENT  # the body in two copies
    per_mail = (EVENTS_PER_SEND + EVENTS_PER_RECIPIENT + body + servers // ADDRESSES_PER_EVENT
                + EVENTS_PER_ATTEMPT * (estimate.attempts - 1))
    return mails * per_mail + checks * EVENTS_PER_CHECK, f"{mails:,} mails and {checks:,} mail checks"


def session_events(workload: Workload) -> int:
    """Session-fidelity events: one per delivery, one per check that finds new mail."""
    mails = mail_count(workload)
    checks = workload.users * sum(check_count(workload, j) for j in range(len(workload.devices)))
    return mails + min(checks, mails * len(workload.devices))


def _session_budget(scenario: Scenario, workload: Workload, cap: int) -> list[Problem]:
    raise_it = f"(raise it with --max-events N or {EVENTS_VARIABLE})"
    events = session_events(workload)
    if events > cap * SESSION_EVENTS_PER_TRACE_EVENT:
        return [("workload", f"at session fidelity this workload would make about {events:,} "
                             f"deliveries and mail checks, more than the cap of "
                             f"{cap * SESSION_EVENTS_PER_TRACE_EVENT:,} ({SESSION_EVENTS_PER_TRACE_EVENT} "
                             f"for each of the {cap:,} trace events) {raise_it}")]
    if workload.trace_users:
        sample, what = workload_line_cost(Estimate(scenario), workload, users=workload.trace_users,
                                          days=workload.trace_days)
        if sample > cap:
            return [("workload.trace_users", f"the sample users' line-level traces would cost about "
                                             f"{sample:,} trace events ({what}), more than the cap "
                                             f"of {cap:,}: trace fewer users or days {raise_it}")]
    return []


def check_budget(scenario: Scenario, cap: int | None = None) -> list[Problem]:
    """A problem naming the biggest step (or the workload) if the run's estimate is past ``cap``.

    ``cap`` defaults to :func:`max_events`. A workload at session fidelity is estimated by
    its sessions (and its sample users' traces); at line fidelity by its expansion.
    """
    cap = max_events() if cap is None else cap
    estimate = Estimate(scenario)
    workload = scenario.workload
    if workload is not None and scenario.fidelity == "session":
        problems = _session_budget(scenario, workload, cap)
        if problems:
            return problems
    costs = [step_cost(estimate, step) for step in scenario.steps]
    if workload is not None and scenario.fidelity == "line":
        costs.append(workload_line_cost(estimate, workload))
    total = sum(events for events, _ in costs)
    if total <= cap:
        return []
    index = max(range(len(costs)), key=lambda i: costs[i][0])
    events, what = costs[index]
    raise_it = f"more than the cap of {cap:,} (raise it with --max-events N or {EVENTS_VARIABLE})"
    if index == len(scenario.steps):
        run = "" if total == events else f"; the run about {total:,}"
        return [("workload", f"at line fidelity this workload would record about {events:,} trace "
                             f"events ({what}){run}, {raise_it}, or run it with "
                             "'fidelity: session' (--fidelity session): one event per delivery "
                             "and per check")]
    if events * 2 >= total:
        path = key_path(["steps", index, scenario.steps[index].kind])
        return [(path, f"this step would cost about {events:,} trace events ({what}); "
                       f"the run about {total:,}, {raise_it}")]
    return [("steps", f"{len(costs):,} steps would cost about {total:,} trace events, {raise_it}")]
